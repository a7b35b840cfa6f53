package io.rnn4j.gradcheck;

import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Central finite differences in double precision: for each entry v of an array,
 * {@code (L(v+ε) − L(v−ε)) / 2ε} against the analytic gradient.
 */
final class GradientCheck {

    static final double EPS = 1e-5;
    /** |analytic − numeric| ≤ TOL·max(1, |numeric|). */
    static final double TOL = 1e-6;

    private GradientCheck() {
    }

    /**
     * @param what     label for failures
     * @param values   the array to perturb (restored afterwards)
     * @param off      first entry
     * @param n        number of entries
     * @param analytic analytic gradient, indexed from 0 for entry {@code off}
     * @param loss     recomputes the loss from scratch
     * @return number of entries checked
     */
    static int check(String what, double[] values, int off, int n, double[] analytic, int aOff, DoubleSupplier loss) {
        for (int i = 0; i < n; i++) {
            double keep = values[off + i];
            values[off + i] = keep + EPS;
            double up = loss.getAsDouble();
            values[off + i] = keep - EPS;
            double down = loss.getAsDouble();
            values[off + i] = keep;
            double numeric = (up - down) / (2 * EPS);
            double a = analytic[aOff + i];
            if (!(Math.abs(a - numeric) <= TOL * Math.max(1, Math.abs(numeric)))) {
                fail(what + "[" + i + "]: analytic " + a + " vs numeric " + numeric);
            }
        }
        return n;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[] randn(java.util.SplittableRandom rng, int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = scale * (rng.nextDouble() * 2 - 1) * 1.7;
        }
        return a;
    }
}
