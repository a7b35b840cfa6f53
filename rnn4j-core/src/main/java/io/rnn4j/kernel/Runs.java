package io.rnn4j.kernel;

/**
 * Element-wise work on contiguous runs of an array, for the lowering and scattering loops of
 * convolutions and word2vec's dot products and updates. The float overloads use {@link VectorRuns} where the 512-bit vector kernels are on
 * (see {@link VectorKernels}); the double overloads, for the double-precision twin, are plain loops.
 */
public final class Runs {

    /** {@code dst[dstOff + i] += src[srcOff + i]} for {@code i < n}. */
    interface Adder {
        void add(float[] src, int srcOff, float[] dst, int dstOff, int n);
    }

    /** Dot products and scaled additions of two runs (word2vec's inner loops). */
    interface Products {
        float dot(float[] a, int aOff, float[] b, int bOff, int n);

        void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);
    }

    private static final Adder VECTOR = VectorKernels.load("io.rnn4j.kernel.VectorRuns", Adder.class);
    private static final Products VECTOR_PRODUCTS = VECTOR instanceof Products p ? p : null;

    private Runs() {
    }

    /** {@code dst[dstOff + i] += src[srcOff + i]} for {@code i < n}. */
    public static void addInto(float[] src, int srcOff, float[] dst, int dstOff, int n) {
        if (VECTOR != null) {
            VECTOR.add(src, srcOff, dst, dstOff, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] += src[srcOff + i];
        }
    }

    /**
     * {@code Σ a[aOff + i]·b[bOff + i]} for {@code i < n}; with the vector kernels the sum is taken
     * in another order than the plain loop's (the same order on every call).
     */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        if (VECTOR_PRODUCTS != null) {
            return VECTOR_PRODUCTS.dot(a, aOff, b, bOff, n);
        }
        float s = 0f;
        for (int i = 0; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    /** {@code y[yOff + i] += alpha·x[xOff + i]} for {@code i < n}. */
    public static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        if (VECTOR_PRODUCTS != null) {
            VECTOR_PRODUCTS.axpy(alpha, x, xOff, y, yOff, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    /** The double-precision twin of {@link #addInto(float[], int, float[], int, int)}. */
    public static void addInto(double[] src, int srcOff, double[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] += src[srcOff + i];
        }
    }
}
