package io.rnn4j.nn.recurrent;

import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.ParameterSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The float engine gives the same outputs and gradients whether one thread runs the whole batch
 * or several threads split it (every cell, peepholes, masks, bidirectional, stacked), to float
 * rounding: the row split changes only how the per-step GEMMs are blocked.
 */
class ThreadCountTest {

    private final int before = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(before);
    }

    @Test
    void oneThreadAndThreeThreadsAgree() {
        RecurrentConfig[] configs = {
                RecurrentConfig.lstm(5, 16).layers(2).bidirectional(RecurrentConfig.Merge.CONCAT),
                RecurrentConfig.lstm(5, 16).peepholes(true),
                RecurrentConfig.gru(5, 16).bidirectional(RecurrentConfig.Merge.SUM),
                RecurrentConfig.gru(5, 16).gruVariant(Gru.Variant.RESET_BEFORE).layers(2),
                RecurrentConfig.rnn(5, 16).nonlinearity(SimpleRnn.Nonlinearity.RELU),
                RecurrentConfig.clockwork(5, 16, 4).bidirectional(RecurrentConfig.Merge.CONCAT)};
        int steps = 7;
        int batch = 13;
        int[] lengths = {7, 3, 5, 7, 1, 0, 6, 7, 2, 4, 7, 5, 3};
        for (RecurrentConfig cfg : configs) {
            float[][] out = new float[2][];
            float[][] grads = new float[2][];
            float[][] dx = new float[2][];
            int[] threadCounts = {1, 3};
            for (int k = 0; k < 2; k++) {
                Parallel.setThreads(threadCounts[k]);
                RecurrentStack stack = new RecurrentStack(cfg);
                ParameterSet ps = new ParameterSet(stack.parameters());
                stack.initialize(io.rnn4j.nn.Init.PYTORCH, new SplittableRandom(1));
                SplittableRandom r = new SplittableRandom(2);
                float[] x = new float[steps * batch * 5];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (r.nextDouble() * 2 - 1);
                }
                RecurrentStack.StackCache c = stack.forward(x, steps, batch, lengths, null, null);
                out[k] = c.output.clone(); // backward recycles the pass's buffers
                float[] dOut = new float[c.output.length];
                for (int i = 0; i < dOut.length; i++) {
                    dOut[i] = (float) (r.nextDouble() * 2 - 1);
                }
                dx[k] = new float[x.length];
                stack.backward(c, dOut, null, dx[k]);
                grads[k] = ps.grads().clone();
            }
            assertClose(cfg + " output", out[0], out[1]);
            assertClose(cfg + " grads", grads[0], grads[1]);
            assertClose(cfg + " dx", dx[0], dx[1]);
        }
    }

    private static void assertClose(String what, float[] a, float[] b) {
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-5f * Math.max(1f, Math.abs(a[i])), what + " [" + i + "]");
        }
    }
}
