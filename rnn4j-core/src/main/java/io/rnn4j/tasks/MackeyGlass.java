package io.rnn4j.tasks;

/**
 * The Mackey–Glass delay differential equation (Mackey &amp; Glass 1977), the standard chaotic
 * benchmark of reservoir computing:
 * <pre>
 *   dx/dt = β·x(t−τ) / (1 + x(t−τ)^n) − γ·x(t),   β = 0.2, γ = 0.1, n = 10
 * </pre>
 * τ = 17 gives mildly chaotic dynamics. Integrated by fourth-order Runge–Kutta with step
 * 1/{@code substeps} (the delayed term at half steps by cubic interpolation, keeping fourth order), from the
 * constant history x = 1.2, and sampled once per time unit after a warmupUnits is dropped.
 */
public final class MackeyGlass {

    private MackeyGlass() {
    }

    /** {@code length} samples at unit spacing, after {@code warmupUnits} time units, with τ and 10 substeps. */
    public static double[] series(int length, double tau, int warmupUnits) {
        return series(length, tau, warmupUnits, 10);
    }

    public static double[] series(int length, double tau, int warmupUnits, int substeps) {
        if (length < 0 || warmupUnits < 0 || substeps < 1 || !(tau > 0)) {
            throw new IllegalArgumentException("need length, warmupUnits >= 0, substeps >= 1 and tau > 0");
        }
        double h = 1.0 / substeps;
        int delay = (int) Math.round(tau * substeps);
        if (Math.abs(delay * h - tau) > 1e-9) {
            throw new IllegalArgumentException("tau (" + tau + ") must be a multiple of the step 1/" + substeps);
        }
        int total = (warmupUnits + length) * substeps + 1;
        double[] x = new double[total + delay];
        java.util.Arrays.fill(x, 0, delay + 1, 1.2);
        for (int i = delay; i < x.length - 1; i++) {
            double lag0 = x[i - delay];
            double lag1 = x[i - delay + 1];
            // x(t − τ + h/2) from the four nearest samples (cubic Lagrange): linear would cost two orders
            double before = i - delay - 1 >= 0 ? x[i - delay - 1] : lag0;
            double after = x[i - delay + 2 <= i ? i - delay + 2 : i - delay + 1];
            double lagHalf = (-before + 9 * lag0 + 9 * lag1 - after) / 16;
            double xi = x[i];
            double k1 = f(xi, lag0);
            double k2 = f(xi + 0.5 * h * k1, lagHalf);
            double k3 = f(xi + 0.5 * h * k2, lagHalf);
            double k4 = f(xi + h * k3, lag1);
            x[i + 1] = xi + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        }
        double[] out = new double[length];
        for (int s = 0; s < length; s++) {
            out[s] = x[delay + (warmupUnits + s) * substeps];
        }
        return out;
    }

    private static double f(double x, double lagged) {
        return 0.2 * lagged / (1 + Math.pow(lagged, 10)) - 0.1 * x;
    }
}
