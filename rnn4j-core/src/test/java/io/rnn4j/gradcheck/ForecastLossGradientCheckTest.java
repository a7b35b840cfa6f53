package io.rnn4j.gradcheck;

import io.rnn4j.f64.loss.GaussianNll;
import io.rnn4j.f64.loss.Loss;
import io.rnn4j.f64.loss.PinballLoss;
import io.rnn4j.f64.loss.Targets;
import io.rnn4j.f64.tensor.Seq;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The forecasting likelihoods in double precision: the Gaussian negative log-likelihood (mean and
 * softplus scale) and the pinball loss, each against a direct formula and finite differences, with
 * a padded step left out of both.
 */
class ForecastLossGradientCheckTest {

    private static final int T = 3;
    private static final int B = 2;
    private static final int F = 2;

    private static void checkGradient(Loss loss, int outputsPerValue, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] out = GradientCheck.randn(rng, T * B * F * outputsPerValue, 1);
        double[] y = GradientCheck.randn(rng, T * B * F, 1);
        int[] lengths = {3, 2};
        Targets targets = Targets.values(y);
        double[] d = new double[out.length];
        loss.compute(Seq.ofValues(out, T, B, F * outputsPerValue, lengths), targets, d);
        GradientCheck.check(loss.getClass().getSimpleName(), out, 0, out.length, d, 0,
                () -> loss.compute(Seq.ofValues(out, T, B, F * outputsPerValue, lengths), targets, new double[out.length]).loss());
        for (int j = 0; j < F * outputsPerValue; j++) {
            assertEquals(0, d[(2 * B + 1) * F * outputsPerValue + j], "the padded step gets no gradient");
        }
    }

    @Test
    void gaussianGradientAndValue() {
        checkGradient(new GaussianNll(), 2, 1);
        double[] out = {0.5, -0.3}; // μ, s for one value
        double var = Math.log1p(Math.exp(-0.3)) + 1e-6;
        double expected = 0.5 * (Math.log(var) + (0.5 - 2.0) * (0.5 - 2.0) / var);
        assertEquals(expected, new GaussianNll().compute(Seq.ofValues(out, 1, 1, 2, null), Targets.values(new double[]{2.0}),
                new double[2]).loss(), 1e-12);
    }

    @Test
    void pinballGradientAndValue() {
        checkGradient(new PinballLoss(0.1, 0.5, 0.9), 3, 2);
        // y = 1: quantile 0.1 predicted 2 (over by 1: 0.9), 0.5 predicted 0 (under by 1: 0.5), 0.9 predicted 1 (0).
        double[] out = {2, 0, 1};
        double loss = new PinballLoss(0.1, 0.5, 0.9).compute(Seq.ofValues(out, 1, 1, 3, null), Targets.values(new double[]{1}),
                new double[3]).loss();
        assertEquals((0.9 + 0.5 + 0) / 3, loss, 1e-12);
    }

    @Test
    void refusesMismatchedShapes() {
        assertThrows(IllegalArgumentException.class, () -> new GaussianNll().compute(Seq.ofValues(new double[3], 1, 1, 3, null),
                Targets.values(new double[1]), new double[3]));
        assertThrows(IllegalArgumentException.class, () -> new PinballLoss(0.5, 1.5));
    }
}
