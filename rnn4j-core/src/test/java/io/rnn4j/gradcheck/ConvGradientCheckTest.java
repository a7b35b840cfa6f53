package io.rnn4j.gradcheck;

import io.rnn4j.f64.loss.SoftmaxCrossEntropy;
import io.rnn4j.f64.loss.Targets;
import io.rnn4j.f64.nn.Activation;
import io.rnn4j.f64.nn.Dense;
import io.rnn4j.f64.nn.Embedding;
import io.rnn4j.f64.nn.ForwardContext;
import io.rnn4j.f64.nn.Init;
import io.rnn4j.f64.nn.Layer;
import io.rnn4j.f64.nn.Parameter;
import io.rnn4j.f64.nn.SequenceModel;
import io.rnn4j.f64.nn.SequenceModel.LossTerm;
import io.rnn4j.f64.nn.conv.BatchNorm;
import io.rnn4j.f64.nn.conv.Conv1d;
import io.rnn4j.f64.nn.conv.Conv2d;
import io.rnn4j.f64.nn.conv.ConvAxis;
import io.rnn4j.f64.nn.conv.Flatten;
import io.rnn4j.f64.nn.conv.GlobalPool1d;
import io.rnn4j.f64.nn.conv.GlobalPool2d;
import io.rnn4j.f64.nn.conv.ImageShape;
import io.rnn4j.f64.nn.conv.Pool1d;
import io.rnn4j.f64.nn.conv.Pool2d;
import io.rnn4j.f64.nn.conv.PoolKind;
import io.rnn4j.f64.tensor.Seq;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite differences in double precision (the f64 twin of the shipped code) for every layer of
 * {@code io.rnn4j.nn.conv} and the leaky ReLU, on their own and in whole models: the gradient of
 * {@code L = Σ w ⊙ layer(x)} for every parameter and every input value, with padded batches
 * where the layer reads time, and batch norm in training and in inference.
 */
class ConvGradientCheckTest {

    private static final ImageShape IMAGE = new ImageShape(2, 5, 6);

    @Test
    void conv2dWithEveryOption() {
        check(new Conv2d(IMAGE, 3, ConvAxis.of(3), ConvAxis.of(3), true), IMAGE.size(), 1, 2, null, 1);
        check(new Conv2d(new ImageShape(3, 7, 5), 2, ConvAxis.of(3).withStride(2).withPadding(1),
                ConvAxis.of(3).withStride(2).withPadding(1), true), 3 * 7 * 5, 1, 2, null, 2);
        check(new Conv2d(IMAGE, 2, ConvAxis.of(2).withStride(3), ConvAxis.of(3), false), IMAGE.size(), 1, 1, null, 3);
        check(new Conv2d(IMAGE, 2, ConvAxis.of(3).withDilation(2).samePadding(), ConvAxis.of(2).withDilation(2).samePadding(),
                true), IMAGE.size(), 1, 2, null, 4);
        check(new Conv2d(new ImageShape(1, 3, 4), 2, ConvAxis.of(2).withPadding(3), ConvAxis.of(2).withPadding(3).withStride(2),
                true), 12, 1, 2, null, 5);
        // windows wholly in the padding, on the first and last pixels of the batch
        check(new Conv2d(new ImageShape(1, 2, 2), 1, ConvAxis.of(2).withPadding(6), ConvAxis.of(3).withDilation(5).withPadding(5),
                false), 4, 1, 2, null, 7);
        // a sequence of frames, the second sequence padded after its first frame
        check(new Conv2d(IMAGE, 2, ConvAxis.of(3).withPadding(1), ConvAxis.of(3).withPadding(1), true), IMAGE.size(), 2, 2,
                new int[] {2, 1}, 6);
    }

    @Test
    void conv1dAlongTimeOverPaddedBatches() {
        int[] lengths = {7, 4, 5};
        check(new Conv1d(3, 4, ConvAxis.of(3), true), 3, 7, 3, lengths, 10);
        check(new Conv1d(2, 3, ConvAxis.of(3).withDilation(2).samePadding(), true), 2, 7, 3, lengths, 11);
        check(new Conv1d(2, 2, ConvAxis.of(4).samePadding(), false), 2, 7, 3, lengths, 12);
        check(new Conv1d(3, 2, ConvAxis.of(2).withStride(3).withPadding(1), true), 3, 7, 3, lengths, 13);
        check(new Conv1d(2, 3, ConvAxis.of(5).withStride(2).withPadding(6), true), 2, 3, 1, null, 14);
    }

    @Test
    void poolingFlattenAndActivations() {
        int[] lengths = {8, 3, 5};
        check(Pool2d.of(PoolKind.MAX, IMAGE, 2), IMAGE.size(), 1, 2, null, 20);
        check(new Pool2d(PoolKind.MAX, IMAGE, ConvAxis.of(3).withStride(2).withPadding(1), ConvAxis.of(2).withDilation(2)),
                IMAGE.size(), 1, 2, null, 21);
        check(Pool2d.of(PoolKind.AVG, IMAGE, 2), IMAGE.size(), 1, 2, null, 22);
        check(new Pool2d(PoolKind.AVG, IMAGE, ConvAxis.of(3).withStride(2).withPadding(1), ConvAxis.pool(3)), IMAGE.size(),
                2, 2, new int[] {1, 2}, 23);
        check(new Pool1d(PoolKind.MAX, ConvAxis.pool(2)), 3, 8, 3, lengths, 24);
        check(new Pool1d(PoolKind.MAX, ConvAxis.of(3).withStride(2).withPadding(1)), 3, 8, 3, lengths, 25);
        check(new Pool1d(PoolKind.AVG, ConvAxis.of(3).withPadding(1)), 3, 8, 3, lengths, 26);
        check(new GlobalPool1d(PoolKind.MAX), 3, 8, 3, lengths, 27);
        check(new GlobalPool1d(PoolKind.AVG), 3, 8, 3, lengths, 28);
        check(new GlobalPool2d(PoolKind.MAX, IMAGE), IMAGE.size(), 1, 2, null, 29);
        check(new GlobalPool2d(PoolKind.AVG, IMAGE), IMAGE.size(), 1, 2, null, 30);
        check(new Flatten(4), 3, 4, 2, null, 31);
        check(new Flatten(), IMAGE.size(), 1, 2, null, 32);
        check(Activation.leakyRelu(0.1), 4, 3, 2, null, 33);
    }

    @Test
    void batchNormInTrainingAndInference() {
        for (boolean training : new boolean[] {true, false}) {
            BatchNorm features = BatchNorm.features(3);
            BatchNorm images = BatchNorm.images(IMAGE);
            perturbRunningStatistics(features, 40);
            perturbRunningStatistics(images, 41);
            checkIn(features, 3, 5, 3, new int[] {5, 2, 4}, 42, training);
            checkIn(images, IMAGE.size(), 1, 3, null, 43, training);
        }
    }

    /** A small image classifier: conv, batch norm (inference), leaky ReLU, max pool, conv, global average pool, dense. */
    @Test
    void convolutionalImageClassifier() {
        ImageShape in = new ImageShape(1, 8, 8);
        Conv2d c1 = new Conv2d(in, 3, ConvAxis.of(3).samePadding());
        Pool2d p1 = Pool2d.of(PoolKind.MAX, c1.outputShape(), 2);
        Conv2d c2 = new Conv2d(p1.outputShape(), 4, ConvAxis.of(3).withPadding(1));
        BatchNorm bn = BatchNorm.images(c1.outputShape());
        SequenceModel m = new SequenceModel(in.size())
                .add("conv1", c1)
                .add("bn1", bn)
                .add("act1", Activation.leakyRelu(0.05))
                .add("pool1", p1)
                .add("conv2", c2)
                .add("act2", new Activation(Activation.Kind.TANH))
                .add("gap", new GlobalPool2d(PoolKind.AVG, c2.outputShape()))
                .add("flatten", new Flatten())
                .add("head", new Dense(4, 3));
        m.initialize(Init.PYTORCH, 7);
        perturbRunningStatistics(bn, 8);
        SplittableRandom rng = new SplittableRandom(9);
        double[] x = GradientCheck.randn(rng, 3 * in.size(), 1);
        Seq input = Seq.ofValues(x, 1, 3, in.size(), null);
        GradientCheck.checkModel(m, Map.of("input", input),
                List.of(new LossTerm("head", new SoftmaxCrossEntropy(), Targets.classes(new int[] {0, 2, 1}), 1.0)),
                Map.of("input", x));
    }

    /** Kim (2014)'s text CNN in miniature: embedding, convolution along time, max-over-time pooling, dense. */
    @Test
    void textClassifierOverPaddedSentences() {
        int vocab = 7;
        SequenceModel m = new SequenceModel(vocab)
                .add("embed", new Embedding(vocab, 3))
                .add("conv", new Conv1d(3, 4, ConvAxis.of(3).withPadding(1), true))
                .add("relu", new Activation(Activation.Kind.RELU))
                .add("pool", new GlobalPool1d(PoolKind.MAX))
                .add("head", new Dense(4, 2));
        m.initialize(Init.PYTORCH, 5);
        SplittableRandom rng = new SplittableRandom(6);
        int steps = 6;
        int batch = 3;
        int[] tokens = new int[steps * batch];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = rng.nextInt(vocab);
        }
        Seq input = Seq.ofTokens(tokens, steps, batch, new int[] {6, 2, 4});
        GradientCheck.checkModel(m, Map.of("input", input),
                List.of(new LossTerm("head", new SoftmaxCrossEntropy(), Targets.classes(new int[] {1, 0, 1}), 1.0)), Map.of());
    }

    private static void perturbRunningStatistics(BatchNorm bn, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 0; c < bn.channels(); c++) {
            bn.runningMean().set(c, rng.nextDouble() - 0.5);
            bn.runningVar().set(c, 0.5 + rng.nextDouble());
        }
        for (Parameter p : bn.parameters()) {
            if (p.trainable()) {
                for (int i = 0; i < p.size(); i++) {
                    p.set(i, p.get(i) + 0.3 * (rng.nextDouble() - 0.5));
                }
            }
        }
    }

    private static void check(Layer layer, int features, int steps, int batch, int[] lengths, long seed) {
        layer.initialize(Init.PYTORCH, new SplittableRandom(seed));
        checkIn(layer, features, steps, batch, lengths, seed, false);
    }

    /**
     * Checks every parameter and input gradient of {@code L = Σ w ⊙ y}, with w random everywhere,
     * padded output steps included: they must not count.
     */
    private static void checkIn(Layer layer, int features, int steps, int batch, int[] lengths, long seed, boolean training) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = GradientCheck.randn(rng, steps * batch * features, 1);
        Seq in = Seq.ofValues(x, steps, batch, features, lengths);
        Layer.Pass pass = layer.forward(in, context(training));
        double[] w = GradientCheck.randn(rng, pass.output().values.length, 1);
        DoubleSupplier f = () -> {
            Seq y = layer.forward(in, context(training)).output();
            double s = 0;
            for (int t = 0; t < y.steps; t++) {
                for (int b = 0; b < y.batch; b++) {
                    if (y.valid(t, b)) {
                        for (int i = (t * y.batch + b) * y.features, end = i + y.features; i < end; i++) {
                            s += w[i] * y.values[i];
                        }
                    }
                }
            }
            return s;
        };
        for (Parameter p : layer.parameters()) {
            Arrays.fill(p.grad(), p.offset(), p.offset() + p.size(), 0);
        }
        double[] dIn = new double[x.length];
        layer.backward(pass, w, dIn);
        int checked = GradientCheck.check("input", x, 0, x.length, dIn, 0, f);
        for (Parameter p : layer.parameters()) {
            if (p.trainable()) {
                checked += GradientCheck.check(p.name(), p.data(), p.offset(), p.size(), p.grad(), p.offset(), f);
            }
        }
        assertTrue(checked >= x.length);
    }

    private static ForwardContext context(boolean training) {
        return new ForwardContext(training, new SplittableRandom(1), Map.of());
    }
}
