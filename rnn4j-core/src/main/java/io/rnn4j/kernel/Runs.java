package io.rnn4j.kernel;

/**
 * Element-wise work on contiguous runs of an array, for the lowering and scattering loops of
 * convolutions. The float overloads use {@link VectorRuns} where the 512-bit vector kernels are on
 * (see {@link VectorKernels}); the double overloads, for the double-precision twin, are plain loops.
 */
public final class Runs {

    /** {@code dst[dstOff + i] += src[srcOff + i]} for {@code i < n}. */
    interface Adder {
        void add(float[] src, int srcOff, float[] dst, int dstOff, int n);
    }

    private static final Adder VECTOR = VectorKernels.load("io.rnn4j.kernel.VectorRuns", Adder.class);

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

    /** The double-precision twin of {@link #addInto(float[], int, float[], int, int)}. */
    public static void addInto(double[] src, int srcOff, double[] dst, int dstOff, int n) {
        for (int i = 0; i < n; i++) {
            dst[dstOff + i] += src[srcOff + i];
        }
    }
}
