package io.rnn4j.nn.conv;

import io.rnn4j.io.ModelFile;
import io.rnn4j.nn.Activation;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.tensor.Seq;
import io.rnn4j.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shapes, model files, thread-count independence and the errors of the convolutional layers. */
class ConvLayersTest {

    @TempDir
    Path dir;

    @Test
    void windowLengthsFollowPyTorchsFormula() {
        assertEquals(26, ConvAxis.of(3).outputLength(28));
        assertEquals(14, ConvAxis.of(3).withStride(2).withPadding(1).outputLength(28));
        assertEquals(28, ConvAxis.of(5).samePadding().outputLength(28));
        assertEquals(1, ConvAxis.of(4).samePadding().padBefore());
        assertEquals(2, ConvAxis.of(4).samePadding().padAfter());
        assertEquals(24, ConvAxis.of(3).withDilation(2).outputLength(28));
        assertEquals(3, ConvAxis.of(2).withStride(3).outputLength(8));
        assertEquals(0, ConvAxis.of(5).outputLength(4));
        assertEquals(9, ConvAxis.of(2).withPadding(3).outputLength(4)); // padding wider than the kernel
    }

    @Test
    void badSettingsAreRefusedWithTheReason() {
        assertEquals("'same' padding needs stride 1 (as in PyTorch), got stride 2",
                assertThrows(IllegalArgumentException.class, () -> ConvAxis.of(3).samePadding().withStride(2)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ConvAxis.of(0)).getMessage()
                .startsWith("a window needs kernel >= 1"));
        assertEquals("conv2d input height of 4 is shorter than the window, which spans 5 with 0 + 0 padding",
                assertThrows(IllegalArgumentException.class,
                        () -> new Conv2d(new ImageShape(1, 4, 9), 2, ConvAxis.of(5))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Pool1d(PoolKind.MAX, ConvAxis.of(2).withPadding(2))).getMessage().contains("more than half the kernel"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new Pool1d(PoolKind.AVG, ConvAxis.of(2).withDilation(2))).getMessage().contains("not dilated"));
        Conv2d conv = new Conv2d(new ImageShape(2, 5, 5), 3, ConvAxis.of(3));
        assertEquals("conv2d expects images of 2x5x5 = 50 values per step, got 49",
                assertThrows(IllegalArgumentException.class, () -> conv.outputSize(49)).getMessage());
        Seq shortOne = Seq.ofValues(new float[6 * 2 * 2], 6, 2, 2, new int[] {6, 2});
        assertEquals("conv1d: sequence 1, of length of 2 is shorter than the window, which spans 3 with 0 + 0 padding",
                assertThrows(IllegalArgumentException.class,
                        () -> new Conv1d(2, 1, ConvAxis.of(3), true).forward(shortOne, ForwardContext.inference())).getMessage());
        assertEquals("flatten needs every sequence 6 steps long; sequence 1 has 2",
                assertThrows(IllegalArgumentException.class,
                        () -> new Flatten(6).forward(shortOne, ForwardContext.inference())).getMessage());
        Seq one = Seq.ofValues(new float[3], 1, 1, 3, null);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> BatchNorm.features(3).forward(one, new ForwardContext(true, new SplittableRandom(1), Map.of())))
                .getMessage().startsWith("batch norm in training needs more than 1 value per channel"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Activation.leakyRelu(1.5f)).getMessage()
                .contains("(0, 1)"));
    }

    /** A CNN with every layer kind saved and loaded: same outputs, batch norm's running statistics kept. */
    @Test
    void aConvolutionalModelRoundTripsThroughItsFile() throws IOException {
        ImageShape in = new ImageShape(1, 9, 9);
        Conv2d c1 = new Conv2d(in, 4, ConvAxis.of(3).samePadding(), ConvAxis.of(3).samePadding(), false);
        BatchNorm bn = BatchNorm.images(c1.outputShape()).with(1e-3f, 0.2f);
        Pool2d p1 = new Pool2d(PoolKind.MAX, c1.outputShape(), ConvAxis.of(3).withStride(2).withPadding(1), ConvAxis.pool(2));
        Conv2d c2 = new Conv2d(p1.outputShape(), 3, ConvAxis.of(2).withDilation(2), ConvAxis.of(3).withStride(2), true);
        SequenceModel m = new SequenceModel(in.size())
                .add("conv1", c1)
                .add("bn1", bn)
                .add("act1", Activation.leakyRelu(0.1f))
                .add("pool1", p1)
                .add("conv2", c2)
                .add("pool2", Pool2d.of(PoolKind.AVG, c2.outputShape(), 1))
                .add("gap", new GlobalPool2d(PoolKind.MAX, c2.outputShape()))
                .add("flatten", new Flatten())
                .add("bn2", BatchNorm.features(3))
                .add("head", new Dense(3, 2));
        m.initialize(Init.PYTORCH, 3);
        Seq x = Seq.ofValues(TestData.uniform(4 * in.size(), 5), 1, 4, in.size(), null);
        m.forward(x, new ForwardContext(true, new SplittableRandom(2), Map.of())); // moves the running statistics
        assertFalse(bn.runningVar().get(0) == 1f, "a training pass moved the running variance");
        Path file = dir.resolve("cnn.rnn4j");
        ModelFile.save(file, m, null, null);
        SequenceModel back = ModelFile.load(file).model();
        assertEquals(m.parameters().names(), back.parameters().names());
        assertTrue(back.parameters().names().contains("bn1.running_var"));
        assertArrayEquals(m.forward(x, ForwardContext.inference()).output().values,
                back.forward(x, ForwardContext.inference()).output().values, 0f);
        assertEquals(m.parameters().size(), back.parameters().size());
    }

    /**
     * A feature map as a sequence of positions is PyTorch's {@code x.flatten(2).permute(2, 0, 1)}:
     * step p = y·W + x, sample b, channel c reads input (b, c, y, x); the backward pass is the
     * same permutation, and a graph using it round-trips through its file.
     */
    @Test
    void aFeatureMapBecomesASequenceOfPositions() throws IOException {
        ImageShape map = new ImageShape(3, 2, 4);
        SpatialSequence positions = new SpatialSequence(map);
        int batch = 2;
        float[] in = new float[batch * map.size()];
        for (int i = 0; i < in.length; i++) {
            in[i] = i;
        }
        var pass = positions.forward(Seq.ofValues(in, 1, batch, map.size(), null), ForwardContext.inference());
        Seq out = pass.output();
        assertEquals(8, out.steps);
        assertEquals(3, out.features);
        for (int p = 0; p < 8; p++) {
            for (int b = 0; b < batch; b++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(b * 24 + c * 8 + p, out.values[(p * batch + b) * 3 + c], 0f, "p " + p + " b " + b + " c " + c);
                }
            }
        }
        float[] dIn = new float[in.length];
        positions.backward(pass, out.values, dIn);
        assertArrayEquals(in, dIn, 0f);
        assertThrows(IllegalArgumentException.class, () -> positions.outputSize(23));

        SequenceModel m = SequenceModel.graph().input("image", map.size())
                .add("positions", positions, "image")
                .add("head", new Dense(3, 2), "positions");
        m.initialize(Init.PYTORCH, 5);
        Path file = dir.resolve("positions.rnn4j");
        ModelFile.save(file, m, null, null);
        Seq x = Seq.ofValues(in, 1, batch, map.size(), null);
        assertArrayEquals(m.forward(Map.of("image", x), ForwardContext.inference()).output().values,
                ModelFile.load(file).model().forward(Map.of("image", x), ForwardContext.inference()).output().values, 0f);
    }

    @Test
    void aTextCnnRoundTripsThroughItsFile() throws IOException {
        SequenceModel m = new SequenceModel(20)
                .add("embed", new Embedding(20, 4))
                .add("conv", new Conv1d(4, 5, ConvAxis.of(3).withDilation(2).samePadding(), true))
                .add("pool", new Pool1d(PoolKind.AVG, ConvAxis.of(2).withStride(1).withPadding(1)))
                .add("max", new Pool1d(PoolKind.MAX, ConvAxis.of(3).withStride(2)))
                .add("global", new GlobalPool1d(PoolKind.MAX))
                .add("head", new Dense(5, 2));
        m.initialize(Init.XAVIER, 4);
        Seq x = Seq.ofTokens(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, 8, 2, new int[] {8, 5});
        Path file = dir.resolve("text.rnn4j");
        ModelFile.save(file, m, null, null);
        SequenceModel back = ModelFile.load(file).model();
        assertArrayEquals(m.forward(x, ForwardContext.inference()).output().values,
                back.forward(x, ForwardContext.inference()).output().values, 0f);
    }

    /** Images split over threads give the same outputs; the weight gradient differs only by summation order. */
    @Test
    void resultsDoNotDependOnWhichThreadRanWhichImage() {
        Conv2d conv = new Conv2d(new ImageShape(3, 12, 12), 8, ConvAxis.of(3).withPadding(1));
        conv.initialize(Init.PYTORCH, new SplittableRandom(1));
        Seq x = Seq.ofValues(TestData.uniform(16 * 3 * 144, 2), 1, 16, 3 * 144, null);
        float[] dOut = TestData.uniform(16 * 8 * 144, 3);
        int keep = io.rnn4j.kernel.Parallel.threads();
        float[][] outputs = new float[2][];
        float[][] grads = new float[2][];
        float[][] inputGrads = new float[2][];
        try {
            for (int run = 0; run < 2; run++) {
                io.rnn4j.kernel.Parallel.setThreads(run == 0 ? 1 : 4);
                java.util.Arrays.fill(conv.weight().grad(), 0f);
                var pass = conv.forward(x, new ForwardContext(false, null, Map.of()));
                outputs[run] = pass.output().values;
                inputGrads[run] = new float[x.values.length];
                conv.backward(pass, dOut, inputGrads[run]);
                grads[run] = conv.weight().grad().clone();
            }
        } finally {
            io.rnn4j.kernel.Parallel.setThreads(keep);
        }
        assertArrayEquals(outputs[0], outputs[1], 0f);
        assertArrayEquals(inputGrads[0], inputGrads[1], 0f);
        assertArrayEquals(grads[0], grads[1], 1e-4f);
    }
}
