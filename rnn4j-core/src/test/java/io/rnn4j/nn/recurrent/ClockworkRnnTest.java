package io.rnn4j.nn.recurrent;

import io.rnn4j.nn.Init;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.nn.RecurrentState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Clockwork RNN's defining properties in the float engine (its gradients are checked in
 * double in {@code RecurrentGradientCheckTest}).
 */
class ClockworkRnnTest {

    private static float[] random(int n, long seed) {
        return io.rnn4j.TestData.uniform(n, seed);
    }

    @Test
    void theConfigCountsTheWeightsTheMaskHoldsAtZero() {
        // 8 modules of 4 units, periods 1..128: 28 ordered pairs send nothing to a faster module
        RecurrentConfig c = RecurrentConfig.clockwork(1, 32, 8).layers(2);
        assertEquals(2 * 28 * 16, c.structuralZeroWeights());
        RecurrentStack stack = new RecurrentStack(c);
        ParameterSet ps = new ParameterSet(stack.parameters());
        stack.initialize(Init.PYTORCH, new SplittableRandom(1));
        long zeros = 0;
        for (String name : ps.names()) {
            if (name.startsWith("weight_hh")) {
                var p = ps.get(name);
                for (int i = 0; i < p.size(); i++) {
                    zeros += ps.values()[p.offset() + i] == 0f ? 1 : 0;
                }
            }
        }
        assertEquals(c.structuralZeroWeights(), zeros);
        assertEquals(0, RecurrentConfig.lstm(1, 32).structuralZeroWeights());
    }

    @Test
    void withAllPeriodsOneItIsAnElmanRnn() {
        int steps = 6;
        int batch = 3;
        int[] lengths = {6, 2, 4};
        RecurrentStack elman = new RecurrentStack(RecurrentConfig.rnn(4, 6).layers(2));
        RecurrentStack clockwork = new RecurrentStack(RecurrentConfig.clockwork(4, 6, 3).clockPeriods(List.of(1, 1, 1)).layers(2));
        ParameterSet pe = new ParameterSet(elman.parameters());
        ParameterSet pc = new ParameterSet(clockwork.parameters());
        elman.initialize(Init.PYTORCH, new SplittableRandom(3));
        System.arraycopy(pe.values(), 0, pc.values(), 0, pe.size());
        assertEquals(pe.names(), pc.names(), "the same PyTorch parameter names");
        float[] x = random(steps * batch * 4, 5);
        float[] dOut = random(steps * batch * 6, 6);
        RecurrentStack.StackCache ce = elman.forward(x, steps, batch, lengths, null, null);
        RecurrentStack.StackCache cc = clockwork.forward(x, steps, batch, lengths, null, null);
        assertArrayEquals(ce.output.clone(), cc.output.clone(), 1e-6f);
        assertArrayEquals(ce.finalState[1][0], cc.finalState[1][0], 1e-6f);
        float[] dxE = new float[x.length];
        float[] dxC = new float[x.length];
        elman.backward(ce, dOut, null, dxE);
        clockwork.backward(cc, dOut, null, dxC);
        assertArrayEquals(pe.grads(), pc.grads(), 1e-6f);
        assertArrayEquals(dxE, dxC, 1e-6f);
    }

    @Test
    void slowModulesHoldTheirStateBetweenTicksAndReceiveNothingFromFasterOnes() {
        int h = 6;
        RecurrentStack stack = new RecurrentStack(RecurrentConfig.clockwork(2, h, 3)); // periods 1, 2, 4
        ParameterSet ps = new ParameterSet(stack.parameters());
        stack.initialize(Init.PYTORCH, new SplittableRandom(1));
        float[] w = ps.get("weight_hh_l0").toArray();
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < h; j++) {
                boolean fromFaster = j / 2 < i / 2; // module index = unit / 2; periods grow with it
                if (fromFaster) {
                    assertEquals(0f, w[i * h + j], "weight_hh[" + i + "][" + j + "] connects a faster module to a slower one");
                } else {
                    assertNotEquals(0f, w[i * h + j]);
                }
            }
        }
        int steps = 9;
        float[] x = random(steps * 2, 2);
        float[] y = stack.forward(x, steps, 1, null, null, null).output.clone();
        for (int t = 1; t < steps; t++) {
            for (int j = 0; j < h; j++) {
                int period = 1 << (j / 2);
                boolean ticks = t % period == 0;
                boolean same = y[t * h + j] == y[(t - 1) * h + j];
                assertEquals(!ticks, same, "unit " + j + " (period " + period + ") at step " + t);
            }
        }
    }

    @Test
    void aSequenceInWindowsWithCarriedStateEqualsTheWholeSequence() {
        RecurrentStack stack = new RecurrentStack(RecurrentConfig.clockwork(3, 8, 4).layers(2));
        new ParameterSet(stack.parameters());
        stack.initialize(Init.PYTORCH, new SplittableRandom(4));
        int steps = 11;
        int batch = 2;
        float[] x = random(steps * batch * 3, 9);
        float[] whole = stack.forward(x, steps, batch, null, null, null).output.clone();
        int first = 5; // not a multiple of any period but 1
        float[] x1 = java.util.Arrays.copyOfRange(x, 0, first * batch * 3);
        float[] x2 = java.util.Arrays.copyOfRange(x, first * batch * 3, x.length);
        RecurrentStack.StackCache c1 = stack.forward(x1, first, batch, null, null, null);
        float[] y1 = c1.output.clone();
        float[][][] carried = c1.finalState;
        assertEquals((float) first, carried[0][1][0], "the clock counts the steps seen");
        float[] y2 = stack.forward(x2, steps - first, batch, null, carried, null).output.clone();
        float[] joined = new float[whole.length];
        System.arraycopy(y1, 0, joined, 0, y1.length);
        System.arraycopy(y2, 0, joined, y1.length, y2.length);
        assertArrayEquals(whole, joined, 1e-6f);

        // and one step at a time through the streaming API
        RecurrentState s = stack.newStreamingState(batch);
        float[] streamed = new float[whole.length];
        for (int t = 0; t < steps; t++) {
            float[] yt = stack.step(java.util.Arrays.copyOfRange(x, t * batch * 3, (t + 1) * batch * 3), 1, s);
            System.arraycopy(yt, 0, streamed, t * batch * 8, batch * 8);
        }
        assertArrayEquals(whole, streamed, 1e-6f);
    }

    @Test
    void badConfigurationsAreRefusedClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecurrentConfig.clockwork(3, 10, 3));
        assertTrue(e.getMessage().contains("hidden_size"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RecurrentConfig.clockwork(3, 4, 2).clockPeriods(List.of(1, 0)));
        assertTrue(e.getMessage().contains(">= 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RecurrentConfig.lstm(3, 4).clockPeriods(List.of(1, 2)));
        assertTrue(e.getMessage().contains("only for CLOCKWORK"), e.getMessage());
    }
}
