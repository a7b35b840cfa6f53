package io.rnn4j.speech;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * The mean and standard deviation of every feature column over all frames of a training set,
 * for {@code global} normalisation: x̂ = (x − mean) / deviation, a deviation under 1e-8 taken as 1.
 * Unlike per-utterance normalisation it needs no frame from the future, so a streaming recogniser
 * can apply it frame by frame.
 */
public record FeatureStatistics(float[] mean, float[] deviation) {

    public FeatureStatistics {
        if (mean.length != deviation.length || mean.length == 0) {
            throw new IllegalArgumentException("feature statistics need a mean and a deviation per column, got " + mean.length
                    + " and " + deviation.length);
        }
        for (int c = 0; c < mean.length; c++) {
            if (!Float.isFinite(mean[c]) || !(deviation[c] >= 0) || Float.isInfinite(deviation[c])) {
                throw new IllegalArgumentException("feature statistics of column " + c + " are not finite: mean " + mean[c]
                        + ", deviation " + deviation[c]);
            }
        }
    }

    /** The statistics of every frame of {@code features} (each frames × width, row-major), in double precision. */
    public static FeatureStatistics fit(Iterable<float[]> features, int width) {
        double[] sum = new double[width];
        double[] squares = new double[width];
        long frames = 0;
        for (float[] x : features) {
            int n = x.length / width;
            for (int t = 0; t < n; t++) {
                for (int c = 0; c < width; c++) {
                    double v = x[t * width + c];
                    sum[c] += v;
                    squares[c] += v * v;
                }
            }
            frames += n;
        }
        if (frames == 0) {
            throw new IllegalArgumentException("no frames to take feature statistics from");
        }
        float[] mean = new float[width];
        float[] deviation = new float[width];
        for (int c = 0; c < width; c++) {
            double m = sum[c] / frames;
            mean[c] = (float) m;
            deviation[c] = (float) Math.sqrt(Math.max(0, squares[c] / frames - m * m));
        }
        return new FeatureStatistics(mean, deviation);
    }

    public int width() {
        return mean.length;
    }

    /** Normalises {@code frames} rows of {@code x} (row-major, {@link #width()} columns) in place. */
    public void apply(float[] x, int frames) {
        int w = mean.length;
        for (int t = 0; t < frames; t++) {
            for (int c = 0; c < w; c++) {
                float d = deviation[c] > 1e-8f ? deviation[c] : 1f;
                x[t * w + c] = (x[t * w + c] - mean[c]) / d;
            }
        }
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        JsonArray m = new JsonArray();
        JsonArray d = new JsonArray();
        for (int c = 0; c < mean.length; c++) {
            m.add(mean[c]);
            d.add(deviation[c]);
        }
        o.add("mean", m);
        o.add("deviation", d);
        return o;
    }

    public static FeatureStatistics fromJson(JsonElement json) {
        if (json == null || !json.isJsonObject() || !json.getAsJsonObject().has("mean") || !json.getAsJsonObject().has("deviation")) {
            throw new IllegalArgumentException("the speech model's \"statistics\" must be an object with \"mean\" and \"deviation\"");
        }
        JsonArray m = json.getAsJsonObject().getAsJsonArray("mean");
        JsonArray d = json.getAsJsonObject().getAsJsonArray("deviation");
        float[] mean = new float[m.size()];
        float[] deviation = new float[d.size()];
        for (int c = 0; c < mean.length; c++) {
            mean[c] = m.get(c).getAsFloat();
        }
        for (int c = 0; c < deviation.length; c++) {
            deviation[c] = d.get(c).getAsFloat();
        }
        return new FeatureStatistics(mean, deviation);
    }
}
