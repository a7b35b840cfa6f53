package io.rnn4j.train;

import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.optim.Sgd;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one update step: clipping, the non-finite skip (with clipping off too), the schedule, frozen weights, zeroing. */
class UpdateRuleTest {

    private static ParameterSet params(float... grads) {
        Parameter w = new Parameter("w", grads.length);
        ParameterSet ps = new ParameterSet(List.of(w));
        System.arraycopy(grads, 0, ps.grads(), 0, grads.length);
        return ps;
    }

    @Test
    void aNonFiniteGradientIsSkippedWithClippingOff() {
        // The task runner's --clip 0 used to apply a NaN gradient; the train command skipped it.
        for (double clip : new double[] {0, 1}) {
            ParameterSet ps = params(1f, Float.NaN, 2f);
            UpdateRule.Outcome o = UpdateRule.of(new Sgd(ps)).learningRate(0.1).clipNorm(clip).build().apply(ps);
            assertFalse(o.applied(), "clip " + clip);
            assertTrue(Double.isNaN(o.gradientNorm()));
            assertArrayEquals(new float[] {0f, 0f, 0f}, ps.values(), "the weights did not move");
            assertArrayEquals(new float[] {0f, 0f, 0f}, ps.grads(), "the gradient is cleared for the next batch");
        }
    }

    @Test
    void theNormIsClippedAndTheScheduleFollowsTheUpdateCount() {
        ParameterSet ps = params(3f, 4f); // norm 5
        UpdateRule rule = UpdateRule.of(new Sgd(ps)).schedule(step -> step == 0 ? 0.5 : 0.25).clipNorm(1.0).build();
        UpdateRule.Outcome first = rule.apply(ps);
        assertTrue(first.applied());
        assertEquals(5.0, first.gradientNorm(), 1e-6);
        assertEquals(0.5, first.learningRate());
        assertArrayEquals(new float[] {-0.3f, -0.4f}, ps.values(), 1e-6f); // 0.5 · (3, 4)/5
        assertArrayEquals(new float[] {0f, 0f}, ps.grads());
        ps.grads()[0] = 1f;
        assertEquals(0.25, rule.apply(ps).learningRate());
        assertEquals(-0.3f - 0.25f, ps.values()[0], 1e-6f);
    }

    @Test
    void valueClippingAndFrozenWeights() {
        Parameter a = new Parameter("a", 2);
        Parameter frozen = new Parameter("b", 1).trainable(false);
        ParameterSet ps = new ParameterSet(List.of(a, frozen));
        ps.grads()[0] = 10f;
        ps.grads()[1] = -0.5f;
        ps.grads()[2] = 7f;
        UpdateRule.Outcome o = UpdateRule.of(new Sgd(ps)).learningRate(1).clipNorm(0).clipValue(2).build().apply(ps);
        assertEquals(Math.sqrt(100 + 0.25), o.gradientNorm(), 1e-6, "the frozen weight's gradient is masked before the norm");
        assertArrayEquals(new float[] {-2f, 0.5f, 0f}, ps.values(), 1e-6f);
    }
}
