package io.rnn4j.video;

/**
 * Per-frame errors of predicted frames against the true ones, pixels in [0, 1], as the video
 * prediction papers report them: the squared error summed over a frame's pixels (PredRNN's
 * "per-frame MSE"), and the binary cross-entropy summed over a frame's pixels
 * (−[y·ln p + (1−y)·ln(1−p)], p clipped to [1e-7, 1 − 1e-7] so a frame copied from the past, whose
 * pixels are exactly 0 or 1 where the truth is not, scores a finite loss), each averaged over
 * frames; and the squared error of each of the K predicted steps.
 */
public final class VideoMetrics {

    private static final double EPS = 1e-7;

    private final int steps;
    private final double[] squaredPerStep;
    private final long[] framesPerStep;
    private double squared;
    private double crossEntropy;
    private long frames;

    public VideoMetrics(int steps) {
        this.steps = steps;
        this.squaredPerStep = new double[steps];
        this.framesPerStep = new long[steps];
    }

    /**
     * Adds predictions (K, B, H·W) of the sequences, pixels in image order, against frames
     * [first, first + K) of {@code v}.
     */
    public VideoMetrics add(float[] predicted, Video v, int[] sequences, int first) {
        int area = v.area();
        int b = sequences.length;
        for (int k = 0; k < steps; k++) {
            for (int s = 0; s < b; s++) {
                int at = (k * b + s) * area;
                int truth = v.offset(first + k, sequences[s]);
                double se = 0;
                double ce = 0;
                for (int i = 0; i < area; i++) {
                    double y = (v.pixels()[truth + i] & 0xff) / 255.0;
                    double p = predicted[at + i];
                    se += (p - y) * (p - y);
                    double q = Math.min(1 - EPS, Math.max(EPS, p));
                    ce -= y * Math.log(q) + (1 - y) * Math.log(1 - q);
                }
                squared += se;
                crossEntropy += ce;
                squaredPerStep[k] += se;
                framesPerStep[k]++;
                frames++;
            }
        }
        return this;
    }

    /** Squared error per frame (summed over its pixels). */
    public double mse() {
        return squared / frames;
    }

    /** Binary cross-entropy per frame (summed over its pixels). */
    public double bce() {
        return crossEntropy / frames;
    }

    /** Squared error per frame at each predicted step 1..K. */
    public double[] msePerStep() {
        double[] m = new double[steps];
        for (int k = 0; k < steps; k++) {
            m[k] = squaredPerStep[k] / framesPerStep[k];
        }
        return m;
    }

    public long frames() {
        return frames;
    }

    /** The baseline that repeats the last input frame K times: (K, B, H·W), pixels in [0, 1]. */
    public static float[] copyLastFrame(Video v, int[] sequences, int inputFrames, int steps) {
        int area = v.area();
        int b = sequences.length;
        float[] out = new float[steps * b * area];
        for (int s = 0; s < b; s++) {
            float[] last = v.frame(inputFrames - 1, sequences[s]);
            for (int k = 0; k < steps; k++) {
                System.arraycopy(last, 0, out, (k * b + s) * area, area);
            }
        }
        return out;
    }
}
