package io.rnn4j.forecast;

import io.rnn4j.reservoir.Reservoir;
import io.rnn4j.reservoir.ReservoirConfig;
import io.rnn4j.reservoir.RidgeRegression;

/**
 * The forecasts every model must beat, on scaled series:
 * <ul>
 *   <li>{@link #naive}: the last look-back value, repeated over the horizon;</li>
 *   <li>{@link #seasonalNaive}: the value one season m earlier, {@code ŷ_{t+h} = y_{t+h−m·⌈h/m⌉}};</li>
 *   <li>{@link Linear}: one linear map from the L look-back values (and a bias) to the H forecasts,
 *       shared by every series (channel-independent), fitted by ridge regression in closed form on
 *       the training windows. DLinear (Zeng et al. 2023) splits the window into a moving-average
 *       trend and a remainder with one linear layer each; since both parts are linear in the
 *       window, their sum is one linear map of it, the family this fits exactly (where DLinear's
 *       gradient descent approaches it).</li>
 *   <li>{@link EchoState}: an echo state network ({@link io.rnn4j.reservoir.Reservoir}) driven by
 *       the look-back minus its last value, its final state read out to the H forecasts by ridge
 *       regression, shared by every series.</li>
 * </ul>
 */
public final class Baselines {

    private Baselines() {
    }

    /** Forecast of window k of series c, horizon step h (0-based). */
    public interface Rule {
        double predict(TimeSeries scaled, int targetStart, int h, int c);
    }

    public static Rule naive() {
        return (s, t, h, c) -> s.value(t - 1, c);
    }

    public static Rule seasonalNaive(int season) {
        if (season < 1) {
            throw new IllegalArgumentException("a season needs >= 1 step, got " + season);
        }
        return (s, t, h, c) -> s.value(t + h - season * ((h / season) + 1), c);
    }

    /** Scores a forecaster over windows: every window, horizon step and series. */
    public static ForecastMetrics evaluate(Rule f, TimeSeries scaled, Windows w, ForecastMetrics into) {
        for (int k = 0; k < w.count(); k++) {
            int t = w.targetStart(k);
            for (int h = 0; h < w.horizon(); h++) {
                for (int c = 0; c < scaled.width(); c++) {
                    into.add(f.predict(scaled, t, h, c), scaled.value(t + h, c), c);
                }
            }
        }
        return into;
    }

    /** The fitted linear map: {@code ŷ_{t+h} = b_h + Σ_i W[h, i] · y_{t−L+i}}. */
    public static final class Linear implements Rule {
        private final int lookback;
        /** (H, L + 1): the bias in column 0. */
        private final double[] weights;

        private Linear(int lookback, double[] weights) {
            this.lookback = lookback;
            this.weights = weights;
        }

        /** Fits on every training window of every series (windows with a missing value are skipped). */
        public static Linear fit(TimeSeries scaled, Windows train, double ridge) {
            int l = train.lookback();
            int hz = train.horizon();
            RidgeRegression r = RidgeRegression.streaming(l + 1, hz);
            double[] x = new double[l + 1];
            double[] y = new double[hz];
            for (int k = 0; k < train.count(); k++) {
                int t = train.targetStart(k);
                for (int c = 0; c < scaled.width(); c++) {
                    if (window(scaled, t, c, l, hz, x, y)) {
                        r.add(x, y);
                    }
                }
            }
            return new Linear(l, r.solve(ridge));
        }

        private static boolean window(TimeSeries s, int t, int c, int l, int hz, double[] x, double[] y) {
            x[0] = 1;
            for (int i = 0; i < l; i++) {
                x[1 + i] = s.value(t - l + i, c);
                if (Double.isNaN(x[1 + i])) {
                    return false;
                }
            }
            for (int h = 0; h < hz; h++) {
                y[h] = s.value(t + h, c);
                if (Double.isNaN(y[h])) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public double predict(TimeSeries s, int t, int h, int c) {
            int row = h * (lookback + 1);
            double sum = weights[row];
            for (int i = 0; i < lookback; i++) {
                sum += weights[row + 1 + i] * s.value(t - lookback + i, c);
            }
            return sum;
        }
    }

    /**
     * The echo-state baseline: for window t of series c the reservoir starts from zero, reads
     * {@code y_{t−L+i} − y_{t−1}} for i = 0 … L−1, and the forecasts are
     * {@code ŷ_{t+h} = y_{t−1} + W_out[h]·[1; x(L)]} with W_out fitted in closed form on every
     * {@code stride}-th training window of every series.
     */
    public static final class EchoState implements Rule {
        private final Reservoir reservoir;
        private final int lookback;
        private final int horizon;
        /** (H, N + 1): the bias in column 0. */
        private final double[] readout;
        /** The forecasts of the window last asked for, per series, (C, H); a series' row is null until asked. */
        private int cachedStart = -1;
        private double[][] cached = new double[0][];

        private EchoState(Reservoir reservoir, int lookback, int horizon, double[] readout) {
            this.reservoir = reservoir;
            this.lookback = lookback;
            this.horizon = horizon;
            this.readout = readout;
        }

        /** Fits on every {@code stride}-th training window (windows with a missing value are skipped). */
        public static EchoState fit(TimeSeries scaled, Windows train, ReservoirConfig config, int stride, double ridge) {
            if (config.inputSize() != 1) {
                throw new IllegalArgumentException("the echo-state baseline reads one value per step, not " + config.inputSize());
            }
            Reservoir r = new Reservoir(config);
            int n = config.units();
            int hz = train.horizon();
            RidgeRegression fit = RidgeRegression.streaming(n + 1, hz);
            double[] x = new double[n + 1];
            double[] y = new double[hz];
            for (int k = 0; k < train.count(); k += stride) {
                int t = train.targetStart(k);
                for (int c = 0; c < scaled.width(); c++) {
                    if (!drive(r, scaled, t, c, train.lookback(), x)) {
                        continue;
                    }
                    boolean complete = true;
                    for (int h = 0; h < hz; h++) {
                        y[h] = scaled.value(t + h, c) - scaled.value(t - 1, c);
                        complete &= !Double.isNaN(y[h]);
                    }
                    if (complete) {
                        fit.add(x, y);
                    }
                }
            }
            return new EchoState(r, train.lookback(), hz, fit.solve(ridge));
        }

        /** The state after the look-back of window t, series c, with a leading 1; false on a missing value. */
        private static boolean drive(Reservoir r, TimeSeries s, int t, int c, int lookback, double[] features) {
            r.reset();
            double last = s.value(t - 1, c);
            double[] u = new double[1];
            double[] state = null;
            for (int i = 0; i < lookback; i++) {
                u[0] = s.value(t - lookback + i, c) - last;
                if (Double.isNaN(u[0])) {
                    return false;
                }
                state = r.step(u, null);
            }
            features[0] = 1;
            System.arraycopy(state, 0, features, 1, state.length);
            return true;
        }

        @Override
        public double predict(TimeSeries s, int t, int h, int c) {
            if (t != cachedStart || cached.length != s.width()) {
                cached = new double[s.width()][];
                cachedStart = t;
            }
            if (cached[c] == null) {
                int n = reservoir.config().units();
                double[] x = new double[n + 1];
                double[] f = new double[horizon];
                if (!drive(reservoir, s, t, c, lookback, x)) {
                    java.util.Arrays.fill(f, Double.NaN);
                } else {
                    for (int k = 0; k < horizon; k++) {
                        double sum = 0;
                        for (int i = 0; i <= n; i++) {
                            sum += readout[k * (n + 1) + i] * x[i];
                        }
                        f[k] = s.value(t - 1, c) + sum;
                    }
                }
                cached[c] = f;
            }
            return cached[c][h];
        }
    }
}
