package io.rnn4j.nn.recurrent;

import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.optim.Sgd;
import io.rnn4j.nn.RecurrentState;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Streaming one step at a time gives the whole-sequence forward's outputs and final state: the
 * LSTM's cache-free single-step paths (weights kept packed in chunks where the packed kernel is
 * on and there are several streams; split over threads by gate columns otherwise) and the
 * general path the other cells take. The kept weights follow every change of the parameters.
 */
class StreamStepTest {

    private static void check(RecurrentConfig config, int threads) {
        check(config, threads, 3);
    }

    private static void check(RecurrentConfig config, int threads, int batch) {
        RecurrentStack stack = new RecurrentStack(config);
        stack.initialize(Init.PYTORCH, new SplittableRandom(11));
        check(stack, config, threads, batch);
    }

    private static void check(RecurrentStack stack, RecurrentConfig config, int threads, int batch) {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(threads);
            int steps = 7;
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
        // H = 96: a full chunk of 64 units and a ragged one of 32; H = 200: 64, 64, 64, 8
        for (RecurrentConfig lstm : new RecurrentConfig[] {RecurrentConfig.lstm(5, 96).layers(2), RecurrentConfig.lstm(37, 200)}) {
            assertTrue(new RecurrentStack(lstm).cell(0, 0).canStreamStep());
            for (boolean packed : new boolean[] {true, false}) {
                boolean was = Blas.packed() != null;
                try {
                    Blas.usePacked(packed);
                    for (int threads : new int[] {1, 2}) {
                        for (int batch : new int[] {1, 3, 17}) {
                            check(lstm, threads, batch);
                        }
                    }
                } finally {
                    Blas.usePacked(was);
                }
            }
        }
    }

    /**
     * The packed weights kept between steps are rebuilt after every way a parameter can change:
     * an optimizer step (through the set's flat values), {@code Parameter.copyFrom}, {@code set},
     * and a write through {@code data()}. A stale copy would stream the old weights and differ
     * from the forward pass, which always reads the parameters.
     */
    @Test
    void keptStepWeightsFollowEveryChangeOfTheParameters() {
        RecurrentConfig lstm = RecurrentConfig.lstm(5, 96).layers(2);
        RecurrentStack stack = new RecurrentStack(lstm);
        stack.initialize(Init.PYTORCH, new SplittableRandom(11));
        ParameterSet set = new ParameterSet(stack.parameters());
        check(stack, lstm, 2, 4);
        Parameter whh = set.get("weight_hh_l1");
        long v = whh.version();

        SplittableRandom r = new SplittableRandom(5);
        float[] grads = set.grads();
        for (int i = 0; i < grads.length; i++) {
            grads[i] = (float) r.nextDouble(-1, 1);
        }
        new Sgd(set).step(0.05);
        assertNotEquals(v, whh.version());
        check(stack, lstm, 2, 4);

        float[] changed = whh.toArray();
        changed[7] += 0.5f;
        whh.copyFrom(changed);
        check(stack, lstm, 2, 4);

        Parameter bias = set.get("bias_ih_l0");
        bias.set(3, bias.get(3) - 0.25f);
        check(stack, lstm, 2, 4);

        Parameter wih = set.get("weight_ih_l0");
        wih.data()[wih.offset() + 11] += 0.5f;
        check(stack, lstm, 2, 4);

        long before = whh.version();
        whh.dataForReading();
        assertEquals(before, whh.version(), "reading the values is not a change");
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
