package io.rnn4j.speech;

/**
 * Band-limited resampling between integer rates by windowed-sinc interpolation, the method and
 * defaults of torchaudio's {@code functional.resample} (Hann window, 6 zero crossings, roll-off
 * 0.99), so features computed here match those of a torchaudio pipeline.
 *
 * <p>With the rates divided by their greatest common divisor (p = from / g, q = to / g), the
 * cut-off f_c = 0.99 · min(p, q) and w = ⌈6 p / f_c⌉, output sample n·q + j (0 ≤ j &lt; q) is
 *
 * <pre>
 *   y[n·q + j] = Σ_{i = −w}^{w + p − 1} x[n·p + i] · h_j(i),
 *   h_j(i) = (f_c / p) · sinc(π·u) · cos²(π·u / 12),   u = clamp(f_c·(i / p − j / q), −6, 6)
 * </pre>
 *
 * with x zero outside the clip and sinc(0) = 1; the output has ⌈N·q / p⌉ samples. The q kernels
 * are computed once per rate pair, in double precision.
 */
public final class Resampler {

    private static final int ZERO_CROSSINGS = 6;
    private static final double ROLLOFF = 0.99;

    private final int from;
    private final int to;
    private final int p;
    private final int q;
    private final int width;
    /** q kernels of 2w + p taps; tap m weighs x[n·p + m − w]. */
    private final double[][] kernels;
    /** Per kernel, the taps [first, last) inside the 6 zero crossings (the others are 0 to within 1e-30). */
    private final int[] first;
    private final int[] last;

    /**
     * @param fromRate the clip's rate in Hz, ≥ 1
     * @param toRate   the wanted rate in Hz, ≥ 1
     */
    public Resampler(int fromRate, int toRate) {
        if (fromRate < 1 || toRate < 1) {
            throw new IllegalArgumentException("sample rates must be >= 1 Hz, got " + fromRate + " and " + toRate);
        }
        this.from = fromRate;
        this.to = toRate;
        int g = gcd(fromRate, toRate);
        this.p = fromRate / g;
        this.q = toRate / g;
        double cutoff = ROLLOFF * Math.min(p, q);
        this.width = (int) Math.ceil(ZERO_CROSSINGS * p / cutoff);
        int taps = 2 * width + p;
        this.kernels = new double[q][taps];
        this.first = new int[q];
        this.last = new int[q];
        for (int j = 0; j < q; j++) {
            first[j] = taps;
            for (int m = 0; m < taps; m++) {
                double u = cutoff * ((double) (m - width) / p - (double) j / q);
                if (Math.abs(u) < ZERO_CROSSINGS) {
                    first[j] = Math.min(first[j], m);
                    last[j] = m + 1;
                }
                u = Math.max(-ZERO_CROSSINGS, Math.min(ZERO_CROSSINGS, u));
                double window = Math.cos(u * Math.PI / ZERO_CROSSINGS / 2);
                double x = u * Math.PI;
                double sinc = x == 0 ? 1 : Math.sin(x) / x;
                kernels[j][m] = sinc * window * window * cutoff / p;
            }
        }
    }

    public int fromRate() {
        return from;
    }

    public int toRate() {
        return to;
    }

    /** The clip at the new rate; the same array when the rates are equal. */
    public float[] apply(float[] samples) {
        if (from == to) {
            return samples;
        }
        int n = samples.length;
        int outLength = (int) Math.ceil((double) q * n / p);
        float[] out = new float[outLength];
        for (int block = 0; (long) block * q < outLength; block++) {
            int start = block * p - width;
            for (int j = 0; j < q && block * q + j < outLength; j++) {
                double[] h = kernels[j];
                int lo = Math.max(first[j], -start);
                int hi = Math.min(last[j], n - start);
                double sum = 0;
                for (int m = lo; m < hi; m++) {
                    sum += samples[start + m] * h[m];
                }
                out[block * q + j] = (float) sum;
            }
        }
        return out;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
