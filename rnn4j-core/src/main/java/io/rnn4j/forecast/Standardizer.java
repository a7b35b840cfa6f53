package io.rnn4j.forecast;

/**
 * Z-scores per series, {@code (x − μ_c) / σ_c}, with μ and σ (population) fitted on the
 * training rows only, so that no test value leaks into the scaling. A constant series gets σ = 1.
 * Missing values (NaN) are skipped when fitting and stay NaN.
 */
public record Standardizer(double[] mean, double[] std) {

    /** Fits on rows [0, rows) of {@code s}. */
    public static Standardizer fit(TimeSeries s, int rows) {
        int w = s.width();
        double[] mean = new double[w];
        double[] std = new double[w];
        for (int c = 0; c < w; c++) {
            double sum = 0;
            double sq = 0;
            int n = 0;
            for (int r = 0; r < rows; r++) {
                double v = s.value(r, c);
                if (!Double.isNaN(v)) {
                    sum += v;
                    sq += v * v;
                    n++;
                }
            }
            if (n == 0) {
                throw new IllegalArgumentException(s.source() + ": column '" + s.columns().get(c) + "' has no value in the "
                        + rows + " training rows");
            }
            mean[c] = sum / n;
            double var = Math.max(0, sq / n - mean[c] * mean[c]);
            std[c] = var > 1e-24 ? Math.sqrt(var) : 1;
        }
        return new Standardizer(mean, std);
    }

    /** The whole series scaled. */
    public TimeSeries apply(TimeSeries s) {
        int w = s.width();
        float[] v = new float[s.values().length];
        for (int i = 0; i < v.length; i++) {
            int c = i % w;
            v[i] = (float) ((s.values()[i] - mean[c]) / std[c]);
        }
        return new TimeSeries(s.source(), s.times(), s.columns(), v);
    }

    /** A scaled value of series c back in its own units. */
    public double invert(double scaled, int c) {
        return scaled * std[c] + mean[c];
    }
}
