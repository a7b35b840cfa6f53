package io.rnn4j.nn.recurrent;

import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.RecurrentState;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streaming one step at a time gives the whole-sequence forward's outputs and final state: the
 * LSTM's cache-free single-step path (split over threads by gate columns) and the general path
 * the other cells take.
 */
class StreamStepTest {

    private static void check(RecurrentConfig config, int threads) {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(threads);
            RecurrentStack stack = new RecurrentStack(config);
            stack.initialize(Init.PYTORCH, new SplittableRandom(11));
            int steps = 7;
            int batch = 3;
            int in = config.inputSize();
            int hs = config.hiddenSize();
            float[] x = new float[steps * batch * in];
            SplittableRandom r = new SplittableRandom(12);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble(-1, 1);
            }
            RecurrentStack.StackCache whole = stack.forward(x, steps, batch, null, null, null);
            RecurrentState s = stack.newStreamingState(batch);
            float[] streamed = new float[steps * batch * hs];
            for (int t = 0; t < steps; t++) {
                float[] yt = stack.step(Arrays.copyOfRange(x, t * batch * in, (t + 1) * batch * in), 1, s);
                System.arraycopy(yt, 0, streamed, t * batch * hs, batch * hs);
            }
            assertArrayEquals(whole.output, streamed, 1e-5f, config + ", " + threads + " thread(s)");
            for (int l = 0; l < config.numLayers(); l++) {
                for (int k = 0; k < config.stateCount(); k++) {
                    assertArrayEquals(whole.finalState[l][k], s.get(l, k), 1e-5f, "layer " + l + " state " + k);
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void anLstmStackStreamsThroughItsSingleStepPath() {
        RecurrentConfig lstm = RecurrentConfig.lstm(5, 96).layers(2);
        assertTrue(new RecurrentStack(lstm).cell(0, 0).canStreamStep());
        for (int threads : new int[] {1, 2}) {
            check(lstm, threads);
        }
    }

    @Test
    void cellsWithoutItStreamThroughTheGeneralPath() {
        RecurrentConfig peephole = RecurrentConfig.lstm(5, 8).peepholes(true);
        assertFalse(new RecurrentStack(peephole).cell(0, 0).canStreamStep());
        check(peephole, 2);
        check(RecurrentConfig.gru(5, 8).layers(2), 2);
        check(RecurrentConfig.rnn(5, 8), 2);
    }
}
