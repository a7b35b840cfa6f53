package io.rnn4j.data.image;

import java.util.Arrays;

/**
 * Per-channel standardisation of 8-bit images: {@code x = (v/255 − mean_c) / std_c}, with the
 * mean and standard deviation of v/255 measured on the training images ({@link #of}), as
 * torchvision's {@code Normalize} is used. {@link #unit(int)} only scales to [0, 1].
 *
 * @param mean per channel
 * @param std  per channel, each &gt; 0
 */
public record Normalization(float[] mean, float[] std) {

    public Normalization {
        if (mean.length != std.length || mean.length == 0) {
            throw new IllegalArgumentException("normalization needs one mean and one std per channel");
        }
        for (float s : std) {
            if (!(s > 0f) || Float.isInfinite(s)) {
                throw new IllegalArgumentException("normalization std must be positive and finite, got " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    /** v/255 only. */
    public static Normalization unit(int channels) {
        float[] m = new float[channels];
        float[] s = new float[channels];
        Arrays.fill(s, 1f);
        return new Normalization(m, s);
    }

    /** The mean and standard deviation of each channel of v/255 over every image of {@code set}. */
    public static Normalization of(ImageSet set) {
        int c = set.shape().channels();
        int area = set.shape().area();
        double[] sum = new double[c];
        double[] sq = new double[c];
        for (int i = 0; i < set.size(); i++) {
            for (int ch = 0; ch < c; ch++) {
                int off = i * set.shape().size() + ch * area;
                for (int k = 0; k < area; k++) {
                    double v = (set.pixels()[off + k] & 0xff) / 255.0;
                    sum[ch] += v;
                    sq[ch] += v * v;
                }
            }
        }
        float[] mean = new float[c];
        float[] std = new float[c];
        double n = (double) set.size() * area;
        for (int ch = 0; ch < c; ch++) {
            double m = sum[ch] / n;
            mean[ch] = (float) m;
            std[ch] = (float) Math.max(1e-6, Math.sqrt(Math.max(0, sq[ch] / n - m * m)));
        }
        return new Normalization(mean, std);
    }

    /** The normalised value of raw value {@code v} (0..255) in channel {@code c}. */
    public float apply(int v, int c) {
        return (v / 255f - mean[c]) / std[c];
    }

    public int channels() {
        return mean.length;
    }
}
