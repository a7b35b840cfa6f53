package io.rnn4j.kernel;

/**
 * Fast, accurate element-wise non-linearities.
 *
 * <p>The float versions avoid {@code Math.tanh} and {@code Math.exp} (47 ns and 9 ns per element
 * on JDK 17), which would otherwise cost more than the GEMMs of an LSTM step. They follow the
 * Cephes single-precision algorithms and are accurate to a few float ulps:
 * <ul>
 *   <li>{@code exp(x) = 2ⁿ·p(r)}, {@code n = round(x·log₂e)}, {@code r = x − n·ln2} split in two
 *       parts, p a degree-6 minimax polynomial on {@code |r| ≤ ln2/2};</li>
 *   <li>{@code σ(x) = 1 / (1 + exp(−x))};</li>
 *   <li>{@code tanh(x)}: an odd polynomial for {@code |x| < 0.625}, else {@code 1 − 2/(exp(2|x|)+1)}
 *       with the sign restored.</li>
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

    /** Adding 1.5·2²³ rounds a float to an integer held in the low mantissa bits. */
    private static final float ROUND_SHIFT = 12582912f;
    private static final int ROUND_SHIFT_BITS = Float.floatToRawIntBits(ROUND_SHIFT);
    /** exp's argument range where 2ⁿ stays a normal float: n = round(x·log₂e) in [−126, 127]. */
    private static final float CLAMP_LO = -87.33654f;
    private static final float CLAMP_HI = 88.37626f;

    /**
     * {@code exp(x)} without branches, for x clamped to [−87.34, 88.38] (results 1.2e-38 ..
     * 2.5e38): what sigmoid, tanh and softmax need, where values beyond the clamp change nothing
     * at float precision. NaN stays NaN. Same polynomial and accuracy as {@link #exp(float)}.
     */
    public static float expClamped(float x) {
        x = Math.max(CLAMP_LO, Math.min(CLAMP_HI, x));
        float t = x * LOG2E + ROUND_SHIFT;
        float n = t - ROUND_SHIFT;
        int e = Float.floatToRawIntBits(t) - ROUND_SHIFT_BITS;
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
        return p * Float.intBitsToFloat((e + 127) << 23);
    }

    public static float sigmoid(float x) {
        return 1f / (1f + expClamped(-x));
    }

    public static float tanh(float x) {
        float ax = Math.abs(x);
        if (ax < 0.625f) {
            float z = x * x;
            float p = -5.70498872745e-3f;
            p = p * z + 2.06390887954e-2f;
            p = p * z - 5.37397155531e-2f;
            p = p * z + 1.33314422036e-1f;
            p = p * z - 3.33332819422e-1f;
            return p * z * x + x;
        }
        float y = 1f - 2f / (expClamped(2f * ax) + 1f);
        return Math.copySign(y, x);
    }

    public static double exp(double x) {
        return Math.exp(x);
    }

    public static double expClamped(double x) {
        return Math.exp(x);
    }

    public static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    public static double tanh(double x) {
        return Math.tanh(x);
    }
}
