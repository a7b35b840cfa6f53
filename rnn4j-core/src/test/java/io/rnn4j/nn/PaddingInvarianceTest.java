package io.rnn4j.nn;

import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.loss.Targets;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.tensor.Seq;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Padding never changes any output or gradient: the same batch with different garbage in its
 * padded steps, and each sample run alone without padding, give the same valid outputs, loss and
 * gradients (float path, bidirectional, stacked, every output mode).
 */
class PaddingInvarianceTest {

    static final int T = 6;
    static final int B = 3;
    static final int[] LENGTHS = {6, 2, 4};

    @ParameterizedTest
    @EnumSource(RecurrentLayer.Output.class)
    void paddedStepsChangeNothing(RecurrentLayer.Output mode) {
        for (RecurrentConfig.CellType cell : RecurrentConfig.CellType.values()) {
            SequenceModel m = model(cell, mode);
            SplittableRandom rng = new SplittableRandom(1);
            float[] x = new float[T * B * 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (rng.nextDouble() * 2 - 1);
            }
            float[] garbage = x.clone();
            for (int t = 0; t < T; t++) {
                for (int b = 0; b < B; b++) {
                    if (t >= LENGTHS[b]) {
                        for (int f = 0; f < 3; f++) {
                            x[(t * B + b) * 3 + f] = 0f;
                            garbage[(t * B + b) * 3 + f] = 1e3f * (f + 1);
                        }
                    }
                }
            }
            int rows = mode == RecurrentLayer.Output.SEQUENCE ? T * B : B;
            int[] targets = new int[rows];
            for (int r = 0; r < rows; r++) {
                targets[r] = r % 5;
            }
            Run clean = run(m, Seq.ofValues(x, T, B, 3, LENGTHS), targets);
            Run dirty = run(m, Seq.ofValues(garbage, T, B, 3, LENGTHS), targets);
            assertEquals(clean.loss, dirty.loss, 0.0, cell + " loss");
            assertArrayEquals(clean.grads, dirty.grads, cell + " grads");
            assertArrayEquals(clean.dx, maskPadding(dirty.dx), cell + " input grads");

            // Sample b alone, unpadded, gives the same output as in the padded batch.
            for (int b = 0; b < B; b++) {
                int len = LENGTHS[b];
                float[] xb = new float[len * 3];
                for (int t = 0; t < len; t++) {
                    System.arraycopy(x, (t * B + b) * 3, xb, t * 3, 3);
                }
                Seq alone = m.forward(Seq.ofValues(xb, len, 1, 3, null), ForwardContext.inference()).output();
                Seq batched = m.forward(Seq.ofValues(x, T, B, 3, LENGTHS), ForwardContext.inference()).output();
                int o = batched.features;
                int steps = mode == RecurrentLayer.Output.SEQUENCE ? len : 1;
                for (int t = 0; t < steps; t++) {
                    for (int j = 0; j < o; j++) {
                        float a = alone.values[t * o + j];
                        float c = batched.values[(t * B + b) * o + j];
                        assertEquals(a, c, 2e-6f, cell + " " + mode + " sample " + b + " step " + t);
                    }
                }
            }
        }
    }

    private static float[] maskPadding(float[] dx) {
        float[] out = dx.clone();
        for (int t = 0; t < T; t++) {
            for (int b = 0; b < B; b++) {
                if (t >= LENGTHS[b]) {
                    for (int f = 0; f < 3; f++) {
                        out[(t * B + b) * 3 + f] = 0f;
                    }
                }
            }
        }
        return out;
    }

    private record Run(double loss, float[] grads, float[] dx) {
    }

    private static Run run(SequenceModel m, Seq in, int[] targets) {
        m.parameters().zeroGrad();
        SequenceModel.Pass pass = m.forward(in, new ForwardContext(false, null, Map.of()));
        float[] dOut = new float[pass.output().values.length];
        double loss = new SoftmaxCrossEntropy().compute(pass.output(), Targets.classes(targets), dOut).loss();
        float[] dx = m.backward(pass, dOut);
        return new Run(loss, m.parameters().grads().clone(), maskPadding(dx));
    }

    private static SequenceModel model(RecurrentConfig.CellType cell, RecurrentLayer.Output mode) {
        RecurrentConfig cfg = RecurrentConfig.of(cell, 3, 4).layers(2).bidirectional(RecurrentConfig.Merge.CONCAT);
        return new SequenceModel(3)
                .add("rnn", new RecurrentLayer(cfg, mode))
                .add("head", new Dense(8, 5))
                .initialize(Init.PYTORCH, 2);
    }
}
