package io.rnn4j.optim;

import io.rnn4j.TestData;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.ParameterSet;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Adam's update and the global gradient norm are split over the threads for large parameters (an
 * embedding table): the result is the same for one thread and for several, and Adam's equals the
 * element-by-element rule written out here.
 */
class ParallelUpdateTest {

    private static ParameterSet params(long seed) {
        Parameter table = new Parameter("weight", 5000, 21); // 105,000 values: several chunks and norm blocks
        Parameter bias = new Parameter("bias", 3);
        ParameterSet ps = new ParameterSet(List.of(table, bias), List.of("embed.weight", "head.bias"));
        System.arraycopy(TestData.uniform(ps.size(), seed), 0, ps.values(), 0, ps.size());
        System.arraycopy(TestData.uniform(ps.size(), seed + 1), 0, ps.grads(), 0, ps.size());
        return ps;
    }

    private static float[] adamSteps(int threads, boolean decoupled) {
        int before = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            ParameterSet ps = params(3);
            Adam adam = decoupled ? Adam.adamW(ps) : new Adam(ps, 0.9, 0.999, 1e-8, 0.01, false);
            for (int s = 0; s < 3; s++) {
                GradientClipping.clipGlobalNorm(ps, 10);
                adam.step(1e-3);
            }
            return ps.values().clone();
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void adamIsTheSameOnOneThreadAndOnTwo() {
        for (boolean decoupled : new boolean[]{false, true}) {
            assertArrayEquals(adamSteps(1, decoupled), adamSteps(2, decoupled), decoupled ? "AdamW" : "Adam");
        }
    }

    @Test
    void adamFollowsItsRuleElementByElement() {
        ParameterSet ps = params(5);
        float[] w = ps.values().clone();
        float[] g = ps.grads().clone();
        new Adam(ps, 0.9, 0.999, 1e-8, 0.01, false).step(1e-3);
        for (int i = 0; i < w.length; i += 997) {
            float gi = g[i] + 0.01f * w[i];
            float m = 0.1f * gi;
            float v = 0.001f * gi * gi;
            float denom = (float) Math.sqrt(v) / (float) Math.sqrt(1 - 0.999) + 1e-8f;
            assertEquals(w[i] - (float) (1e-3 / (1 - 0.9)) * m / denom, ps.values()[i], 0f, "element " + i);
        }
    }

    @Test
    void theNormIsTheSameOnOneThreadAndOnTwoAndMatchesADirectSum() {
        ParameterSet ps = params(7);
        double direct = 0;
        for (float x : ps.grads()) {
            direct += (double) x * x;
        }
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            double one = GradientClipping.globalNorm(ps);
            Parallel.setThreads(2);
            double two = GradientClipping.globalNorm(ps);
            assertEquals(one, two, 0.0);
            assertEquals(Math.sqrt(direct), one, 1e-12 * one);
        } finally {
            Parallel.setThreads(before);
        }
    }
}
