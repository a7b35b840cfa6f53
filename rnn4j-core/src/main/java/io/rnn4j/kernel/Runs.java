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

        void crossUpdate(float g, float[] h, int hOff, float[] u, int uOff, float[] e, int eOff, int n);

        void dots(float[] h, int hOff, float[] table, int[] rows, int count, float[] out, int n);

        void crossUpdates(float[] g, float[] h, int hOff, float[] table, int[] rows, int count, float[] e, int n);
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

    /**
     * One output vector's step of word2vec, both updates in one pass over the run:
     * {@code e += g·u} with the old {@code u}, then {@code u += g·h}, for {@code i < n}.
     */
    public static void crossUpdate(float g, float[] h, int hOff, float[] u, int uOff, float[] e, int eOff, int n) {
        if (VECTOR_PRODUCTS != null) {
            VECTOR_PRODUCTS.crossUpdate(g, h, hOff, u, uOff, e, eOff, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            float old = u[uOff + i];
            e[eOff + i] += g * old;
            u[uOff + i] = old + g * h[hOff + i];
        }
    }

    /**
     * {@code out[k] = Σ_i h[hOff + i]·table[rows[k] + i]} for {@code k < count}, {@code i < n}:
     * one input against several rows of a table, as word2vec scores its target and noise words.
     */
    public static void dots(float[] h, int hOff, float[] table, int[] rows, int count, float[] out, int n) {
        if (VECTOR_PRODUCTS != null) {
            VECTOR_PRODUCTS.dots(h, hOff, table, rows, count, out, n);
            return;
        }
        for (int k = 0; k < count; k++) {
            out[k] = dot(h, hOff, table, rows[k], n);
        }
    }

    /**
     * {@link #crossUpdate} for several rows in turn, {@code g[k]} for row {@code rows[k]}: each
     * row's old values go into {@code e}, then the row moves by {@code g[k]·h}. Rows are disjoint or the
     * same (a table's rows, n apart or more); a row may come twice:
     * it then sees its first update, as with the calls one by one.
     */
    public static void crossUpdates(float[] g, float[] h, int hOff, float[] table, int[] rows, int count, float[] e, int n) {
        if (VECTOR_PRODUCTS != null) {
            VECTOR_PRODUCTS.crossUpdates(g, h, hOff, table, rows, count, e, n);
            return;
        }
        for (int k = 0; k < count; k++) {
            crossUpdate(g[k], h, hOff, table, rows[k], e, 0, n);
        }
    }

    /** The double-precision twin of {@link #addInto(float[], int, float[], int, int)}. */
    public static void addInto(double[] src, int srcOff, double[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] += src[srcOff + i];
        }
    }
}
