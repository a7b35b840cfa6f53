package io.rnn4j.kernel;

/**
 * Fast, accurate element-wise non-linearities.
 *
 * <p>The float versions avoid {@code Math.tanh} and {@code Math.exp} (47 ns and 9 ns per element
 * on JDK 17), which would otherwise cost more than the GEMMs of an LSTM step:
 * <ul>
 *   <li>{@code tanh(x) = x·P(x²)/Q(x²)} on x clamped to ±7.9053 (Eigen's float rational
 *       approximation, degree 13/6): relative error below 4e-7, and only arithmetic, so C2
 *       vectorises loops over arrays of it (about 0.6 ns per element measured, against 7–11 ns for
 *       an exp-based form);</li>
 *   <li>{@code σ(x) = ½ + ½·tanh(x/2)}: absolute error below 3e-7 (relative accuracy is lost
 *       for σ below about 1e-7, which no gate or loss here depends on);</li>
 *   <li>{@code exp(x) = 2ⁿ·p(r)} (Cephes): {@code n = round(x·log₂e)}, {@code r = x − n·ln2} in
 *       two parts, p a degree-6 minimax polynomial; relative error below 3e-7. Used by softmax.</li>
 * </ul>
 * The double overloads call {@link Math} and serve the double-precision twin used by gradient
 * checks; {@code ActivationsTest} bounds the float error against them.
 */
public final class Activations {

    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    private static final float EXP_MAX = 88.3762626647949f;
    private static final float EXP_MIN = -103.972084045410f;

    private Activations() {
    }

    public static float exp(float x) {
        if (x > EXP_MAX) {
            return Float.POSITIVE_INFINITY;
        }
        if (x < EXP_MIN) {
            return 0f;
        }
        float n = (float) Math.floor(x * LOG2E + 0.5f);
        float r = x - n * LN2_HI;
        r = r - n * LN2_LO;
        float r2 = r * r;
        float p = 1.9875691500e-4f;
        p = p * r + 1.3981999507e-3f;
        p = p * r + 8.3334519073e-3f;
        p = p * r + 4.1665795894e-2f;
        p = p * r + 1.6666665459e-1f;
        p = p * r + 5.0000001201e-1f;
        p = p * r2 + r + 1f;
        int e = (int) n;
        if (e < -126) {
            // Subnormal result: scale in two steps so the exponent field stays valid.
            return p * Float.intBitsToFloat((e + 127 + 64) << 23) * 5.421010862427522e-20f;
        }
        if (e > 127) {
            return p * Float.intBitsToFloat((e - 1 + 127) << 23) * 2f;
        }
        return p * Float.intBitsToFloat((e + 127) << 23);
    }

    public static float sigmoid(float x) {
        return 0.5f + 0.5f * tanh(0.5f * x);
    }

    private static final float TANH_CLAMP = 7.90531110763549805f;

    public static float tanh(float x) {
        x = Math.max(-TANH_CLAMP, Math.min(TANH_CLAMP, x));
        float x2 = x * x;
        float p = -2.76076847742355e-16f;
        p = p * x2 + 2.00018790482477e-13f;
        p = p * x2 - 8.60467152213735e-11f;
        p = p * x2 + 5.12229709037114e-08f;
        p = p * x2 + 1.48572235717979e-05f;
        p = p * x2 + 6.37261928875436e-04f;
        p = p * x2 + 4.89352455891786e-03f;
        float q = 1.19825839466702e-06f;
        q = q * x2 + 1.18534705686654e-04f;
        q = q * x2 + 2.26843463243900e-03f;
        q = q * x2 + 4.89352518554385e-03f;
        return p * x / q;
    }

    /** {@code a[off..off+n) = σ(a[off..off+n))}, a loop C2 vectorises. */
    public static void sigmoid(float[] a, int off, int n) {
        for (int i = off; i < off + n; i++) {
            a[i] = sigmoid(a[i]);
        }
    }

    /** {@code a[off..off+n) = tanh(a[off..off+n))}, a loop C2 vectorises. */
    public static void tanh(float[] a, int off, int n) {
        for (int i = off; i < off + n; i++) {
            a[i] = tanh(a[i]);
        }
    }

    public static void sigmoid(double[] a, int off, int n) {
        for (int i = off; i < off + n; i++) {
            a[i] = sigmoid(a[i]);
        }
    }

    public static void tanh(double[] a, int off, int n) {
        for (int i = off; i < off + n; i++) {
            a[i] = Math.tanh(a[i]);
        }
    }

    /**
     * ReLU backward from the output: {@code dIn[i] += y[i] > 0 ? dOut[i] : 0} for i in
     * {@code [from, to)}. The test is a bit mask rather than a branch: a ReLU's outputs are
     * positive about half the time at random, and a mispredicted branch per element made this
     * loop ten times slower than one C2 vectorises.
     */
    public static void reluBackward(float[] y, float[] dOut, float[] dIn, int from, int to) {
        for (int i = from; i < to; i++) {
            int keep = positiveMask(Float.floatToRawIntBits(y[i]));
            dIn[i] += Float.intBitsToFloat(Float.floatToRawIntBits(dOut[i]) & keep);
        }
    }

    /** Leaky ReLU backward from the output (y has x's sign): {@code dIn += dOut · (y > 0 ? 1 : slope)}. */
    public static void leakyReluBackward(float[] y, float[] dOut, float[] dIn, int from, int to, float slope) {
        int one = Float.floatToRawIntBits(1f);
        int low = Float.floatToRawIntBits(slope);
        for (int i = from; i < to; i++) {
            int keep = positiveMask(Float.floatToRawIntBits(y[i]));
            dIn[i] += dOut[i] * Float.intBitsToFloat((one & keep) | (low & ~keep));
        }
    }

    /**
     * All ones when the float with these bits is greater than zero (+0 &lt; v ≤ +∞), else zero
     * (zero, negative or NaN): both {@code bits − 1} and {@code +∞bits − bits} are then
     * non-negative.
     */
    private static int positiveMask(int bits) {
        return ~(((bits - 1) | (0x7f800000 - bits)) >> 31);
    }

    public static void reluBackward(double[] y, double[] dOut, double[] dIn, int from, int to) {
        for (int i = from; i < to; i++) {
            dIn[i] += y[i] > 0 ? dOut[i] : 0;
        }
    }

    public static void leakyReluBackward(double[] y, double[] dOut, double[] dIn, int from, int to, double slope) {
        for (int i = from; i < to; i++) {
            dIn[i] += dOut[i] * (y[i] > 0 ? 1 : slope);
        }
    }

    public static double exp(double x) {
        return Math.exp(x);
    }

    public static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    /**
     * out[0, n) = softmax(x[0, n) / temperature) in double: exp((x_i − max)/T) / Σ_j exp((x_j − max)/T),
     * shifted by the maximum so that no exponential overflows.
     */
    public static void softmax(double[] x, int n, double temperature, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            out[i] = Math.exp((x[i] - max) / temperature);
            sum += out[i];
        }
        for (int i = 0; i < n; i++) {
            out[i] /= sum;
        }
    }

    /** log Σ_i exp(x[off + i]) over n values, in double, shifted by the maximum. */
    public static double logSumExp(float[] x, int off, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i]);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(x[off + i] - max);
        }
        return max + Math.log(sum);
    }

    /** The index in 0..n−1 of the largest of x[off, off+n), the first of equals. */
    public static int argmax(float[] x, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (x[off + i] > x[off + best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * log softmax(x[off, off+n) / temperature) in double: {@code x_i/T − log Σ_j exp(x_j/T)}, the
     * sum shifted by the maximum. At T = 1 it is {@code x_i − logSumExp(x)}.
     */
    public static double[] logSoftmax(float[] x, int off, int n, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, x[off + i] / temperature);
        }
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.exp(x[off + i] / temperature - max);
        }
        double log = max + Math.log(sum);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = x[off + i] / temperature - log;
        }
        return out;
    }

    public static double tanh(double x) {
        return Math.tanh(x);
    }
}
