package io.rnn4j.forecast;

/**
 * The errors forecasting papers report, accumulated over every window, horizon step and series:
 * MSE and MAE on the scaled values (the long-horizon papers' tables), and in the series' own units
 * RMSE, MAPE (over targets with |y| &gt; 1e-8), sMAPE ({@code 200·|ŷ − y| / (|ŷ| + |y|)}, 0 when both
 * are 0) and MASE (MAE over the in-sample MAE of the seasonal naive forecast on the training part,
 * given as {@code naiveScale}). Missing targets (NaN) are skipped. Prediction intervals, when
 * given ({@link #addInterval}), add their coverage (the share of targets inside) and mean width,
 * scaled and in the series' units.
 */
public final class ForecastMetrics {

    private final Standardizer scaler;
    private final double[] naiveScale;
    private long n;
    private long nPercent;
    private double se;
    private double ae;
    private double seOriginal;
    private double aeOriginal;
    private double ape;
    private double sape;
    private double scaledAe;
    private long nInterval;
    private long inside;
    private double width;
    private double widthOriginal;

    /**
     * @param scaler     turns scaled values back into the series' units (null: they are the units)
     * @param naiveScale per series, the training part's mean |y_t − y_{t−m}| in its units, for MASE
     *                   (null: no MASE)
     */
    public ForecastMetrics(Standardizer scaler, double[] naiveScale) {
        this.scaler = scaler;
        this.naiveScale = naiveScale;
    }

    /** One forecast ŷ and target y of series c, both scaled. */
    public void add(double predicted, double actual, int c) {
        if (Double.isNaN(actual)) {
            return;
        }
        double d = predicted - actual;
        n++;
        se += d * d;
        ae += Math.abs(d);
        double p = scaler == null ? predicted : scaler.invert(predicted, c);
        double y = scaler == null ? actual : scaler.invert(actual, c);
        double dd = p - y;
        seOriginal += dd * dd;
        aeOriginal += Math.abs(dd);
        if (Math.abs(y) > 1e-8) {
            ape += Math.abs(dd / y);
            nPercent++;
        }
        double denominator = Math.abs(p) + Math.abs(y);
        sape += denominator == 0 ? 0 : 2 * Math.abs(dd) / denominator;
        if (naiveScale != null) {
            scaledAe += Math.abs(dd) / naiveScale[c];
        }
    }

    /** A prediction interval [lower, upper] for the target y of series c, all scaled. */
    public void addInterval(double lower, double upper, double actual, int c) {
        if (Double.isNaN(actual)) {
            return;
        }
        nInterval++;
        if (actual >= lower && actual <= upper) {
            inside++;
        }
        width += upper - lower;
        widthOriginal += scaler == null ? upper - lower : scaler.invert(upper, c) - scaler.invert(lower, c);
    }

    /** The share of targets inside their intervals (0–1); NaN without intervals. */
    public double coverage() {
        return nInterval == 0 ? Double.NaN : inside / (double) nInterval;
    }

    /** Mean interval width, scaled; NaN without intervals. */
    public double width() {
        return nInterval == 0 ? Double.NaN : width / nInterval;
    }

    /** Mean interval width in the series' units; NaN without intervals. */
    public double widthOriginal() {
        return nInterval == 0 ? Double.NaN : widthOriginal / nInterval;
    }

    public long count() {
        return n;
    }

    public double mse() {
        return se / n;
    }

    public double mae() {
        return ae / n;
    }

    public double rmse() {
        return Math.sqrt(seOriginal / n);
    }

    public double maeOriginal() {
        return aeOriginal / n;
    }

    /** In percent. */
    public double mape() {
        return nPercent == 0 ? Double.NaN : 100 * ape / nPercent;
    }

    /** In percent (0–200). */
    public double smape() {
        return 100 * sape / n;
    }

    public double mase() {
        return naiveScale == null ? Double.NaN : scaledAe / n;
    }

    /**
     * Per series, the mean |y_t − y_{t−m}| over the training rows [m, rows) in the series' units:
     * the scale MASE divides by (Hyndman &amp; Koehler 2006).
     */
    public static double[] naiveScale(TimeSeries original, int rows, int season) {
        double[] s = new double[original.width()];
        for (int c = 0; c < s.length; c++) {
            double sum = 0;
            int k = 0;
            for (int r = season; r < rows; r++) {
                double d = original.value(r, c) - original.value(r - season, c);
                if (!Double.isNaN(d)) {
                    sum += Math.abs(d);
                    k++;
                }
            }
            s[c] = k == 0 || sum == 0 ? 1 : sum / k;
        }
        return s;
    }
}
