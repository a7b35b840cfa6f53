package io.rnn4j.forecast;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.Arrays;

/**
 * Prediction intervals of a point forecaster from its errors on held-out windows (split
 * conformal prediction, Lei et al. 2018): for each horizon step h and series c, the
 * (1 − level)/2 and (1 + level)/2 empirical quantiles of the residuals {@code y − ŷ} on the
 * validation part, added to each new forecast. With windows like the validation ones, about
 * {@code level} of the actual values fall inside.
 *
 * @param level confidence, e.g. 0.9
 * @param lower (H, C) row-major, lower offsets (scaled units)
 * @param upper (H, C) row-major, upper offsets
 */
public record ResidualIntervals(double level, int horizon, int channels, float[] lower, float[] upper) {

    public ResidualIntervals {
        if (!(level > 0 && level < 1)) {
            throw new IllegalArgumentException("an interval level must be in (0, 1), got " + level);
        }
        if (lower.length != horizon * channels || upper.length != horizon * channels) {
            throw new IllegalArgumentException("interval offsets need " + horizon * channels + " values");
        }
    }

    /**
     * From the forecasts and actual values of K windows, both (K, H, C) scaled; windows with a
     * missing actual value are skipped at that entry.
     */
    public static ResidualIntervals fit(double level, int horizon, int channels, float[] forecasts, float[] actuals) {
        int k = forecasts.length / (horizon * channels);
        if (k < 1) {
            throw new IllegalArgumentException("prediction intervals need >= 1 held-out window");
        }
        float[] lo = new float[horizon * channels];
        float[] hi = new float[horizon * channels];
        double[] r = new double[k];
        for (int i = 0; i < horizon * channels; i++) {
            int n = 0;
            for (int w = 0; w < k; w++) {
                float a = actuals[w * horizon * channels + i];
                if (!Float.isNaN(a)) {
                    r[n++] = a - forecasts[w * horizon * channels + i];
                }
            }
            if (n == 0) {
                continue;
            }
            double[] s = Arrays.copyOf(r, n);
            Arrays.sort(s);
            lo[i] = (float) quantile(s, (1 - level) / 2);
            hi[i] = (float) quantile(s, (1 + level) / 2);
        }
        return new ResidualIntervals(level, horizon, channels, lo, hi);
    }

    /** Linear interpolation between order statistics (NumPy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    public float lower(int h, int c) {
        return lower[h * channels + c];
    }

    public float upper(int h, int c) {
        return upper[h * channels + c];
    }

    public JsonObject toJson() {
        JsonObject j = new JsonObject();
        j.addProperty("level", level);
        j.addProperty("horizon", horizon);
        j.addProperty("channels", channels);
        j.add("lower", array(lower));
        j.add("upper", array(upper));
        return j;
    }

    public static ResidualIntervals fromJson(JsonObject j) {
        return new ResidualIntervals(j.get("level").getAsDouble(), j.get("horizon").getAsInt(), j.get("channels").getAsInt(),
                floats(j.getAsJsonArray("lower")), floats(j.getAsJsonArray("upper")));
    }

    private static JsonArray array(float[] v) {
        JsonArray a = new JsonArray();
        for (float x : v) {
            a.add(x);
        }
        return a;
    }

    private static float[] floats(JsonArray a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsFloat();
        }
        return v;
    }
}
