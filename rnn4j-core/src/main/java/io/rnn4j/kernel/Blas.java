package io.rnn4j.kernel;

/**
 * The matrix kernels the layers call. The float overloads run on the selected {@link Gemm}
 * backend and split large products over {@link Parallel}; the double overloads are the plain
 * reference implementation, used by the double-precision twin in gradient checks and as the
 * naive twin that every fast backend is tested against.
 */
public final class Blas {

    /**
     * Products below this many flops run on one thread. With spinning workers a hand-off costs about
     * a microsecond, so splitting pays from roughly 1e5 flops: streaming a 2×256 LSTM one step at
     * a time (products of 1 × 1024 × 256) went from 66 to 42 µs per step on 2 cores.
     */
    private static final double SPLIT_FLOPS = 1e5;
    private static final int SPLIT_GRAIN = 16;

    private static volatile Gemm backend;
    /** Narrower than one 32-column panel, the packed kernel computes mostly padding. */
    private static final int PACKED_MIN_COLUMNS = 32;
    /** The packed AVX-512 GEMM when this JVM can run it, else null; see {@link #packed()}. */
    private static volatile PackingGemm packed = VectorKernels.load("io.rnn4j.kernel.VectorGemm", PackingGemm.class);

    private Blas() {
    }

    /** The GEMM backend in use, selected on first use (see {@link GemmBackends}). */
    public static Gemm backend() {
        Gemm b = backend;
        if (b == null) {
            synchronized (Blas.class) {
                if (backend == null) {
                    backend = GemmBackends.select();
                }
                b = backend;
            }
        }
        return b;
    }

    /**
     * The packed 512-bit-vector GEMM ({@code VectorGemm}), or null when the JVM was started without
     * {@code --add-modules jdk.incubator.vector}, the CPU has no 512-bit vectors, or the system
     * property {@code rnn4j.vector} is {@code off} (see {@link VectorKernels}).
     */
    public static Gemm packed() {
        return packed;
    }

    /** Turns the packed GEMM off (false) or back on where it is available, e.g. to compare both in a benchmark. */
    public static void usePacked(boolean on) {
        packed = on ? VectorKernels.load("io.rnn4j.kernel.VectorGemm", PackingGemm.class) : null;
    }

    /**
     * A large product on the calling thread, for layers that already split their work over
     * threads (convolutions split by image): through {@link #packed()} when there is one, else
     * through the backend as {@link #gemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int) gemm}.
     */
    public static void packedGemm(boolean transA, boolean transB, int m, int n, int k,
                                  float alpha, float[] a, int aOff, int lda,
                                  float[] b, int bOff, int ldb,
                                  float beta, float[] c, int cOff, int ldc) {
        PackingGemm p = packed;
        // Narrower than one 32-column panel, the packed kernel computes mostly padding
        // (a 5×5 single-channel conv's weight gradient ran at 0.7× OpenBLAS).
        if (p != null && n >= PACKED_MIN_COLUMNS) {
            p.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * How many floats {@link #prepare(boolean, int, int, float[], int, int, float[])} packs an m × k
     * left operand into, or 0 when nothing is packed (the packed kernel is off).
     */
    public static int preparedSize(int m, int k) {
        PackingGemm p = packed;
        return p == null ? 0 : p.packedSize(m, k);
    }

    /**
     * op(A) (m × k) prepared as the left factor of many
     * {@link #packedGemm(PackedOperand, boolean, int, float[], int, int, float, float[], int, int)}
     * products, packed into {@code into} (at least {@link #preparedSize} long; may be null when
     * that is 0), so that a caller can recycle the buffer.
     */
    public static PackedOperand prepare(boolean transA, int m, int k, float[] a, int aOff, int lda, float[] into) {
        PackingGemm p = packed;
        float[] packedA = null;
        if (p != null) {
            packedA = fitting(into, p.packedSize(m, k));
            p.pack(transA, m, k, a, aOff, lda, packedA);
        }
        return new PackedOperand(false, transA, m, k, a, aOff, lda, packedA);
    }

    /** The double-precision twin's {@link #prepare(boolean, int, int, float[], int, int, float[])}: nothing is packed. */
    public static PackedOperand prepare(boolean transA, int m, int k, double[] a, int aOff, int lda, double[] into) {
        return new PackedOperand(false, transA, m, k, a, aOff, lda, null);
    }

    private static float[] fitting(float[] buffer, int size) {
        return buffer != null && buffer.length >= size ? buffer : new float[size];
    }

    /**
     * How many floats {@link #prepareRight(boolean, int, int, float[], int, int, float[])} packs a
     * k × n right operand into, or 0 when nothing is packed (the packed kernel is off).
     */
    public static int preparedRightSize(int k, int n) {
        PackingGemm p = packed;
        return p == null ? 0 : p.packedRightSize(k, n);
    }

    /**
     * op(B) (k × n) prepared as the right factor of many
     * {@link #packedGemm(boolean, int, float[], int, int, PackedOperand, float, float[], int, int)}
     * products, packed into {@code into} (at least {@link #preparedRightSize} long; may be null
     * when that is 0), so that a caller can recycle the buffer.
     */
    public static PackedOperand prepareRight(boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] into) {
        PackingGemm p = packed;
        float[] packedB = null;
        if (p != null) {
            packedB = fitting(into, p.packedRightSize(k, n));
            p.packRight(transB, k, n, b, bOff, ldb, packedB);
        }
        return new PackedOperand(true, transB, k, n, b, bOff, ldb, packedB);
    }

    /** The double-precision twin's {@link #prepareRight(boolean, int, int, float[], int, int, float[])}: nothing is packed. */
    public static PackedOperand prepareRight(boolean transB, int k, int n, double[] b, int bOff, int ldb, double[] into) {
        return new PackedOperand(true, transB, k, n, b, bOff, ldb, null);
    }

    /**
     * {@code C = A·op(B) + beta·C} for a prepared A, on the calling thread, as
     * {@link #packedGemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)}
     * with alpha 1.
     */
    public static void packedGemm(PackedOperand a, boolean transB, int n, float[] b, int bOff, int ldb,
                                  float beta, float[] c, int cOff, int ldc) {
        a.requireSide(false);
        PackingGemm p = packed;
        if (a.packed != null && p != null && n >= PACKED_MIN_COLUMNS) {
            p.multiply(a.packed, a.rows, a.cols, transB, n, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            gemm(a.transposed, transB, a.rows, n, a.cols, 1f, (float[]) a.data, a.offset, a.stride, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** The double-precision twin's {@link #packedGemm(PackedOperand, boolean, int, float[], int, int, float, float[], int, int)}. */
    public static void packedGemm(PackedOperand a, boolean transB, int n, double[] b, int bOff, int ldb,
                                  double beta, double[] c, int cOff, int ldc) {
        a.requireSide(false);
        gemm(a.transposed, transB, a.rows, n, a.cols, 1.0, (double[]) a.data, a.offset, a.stride, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /**
     * {@code C = op(A)·B + beta·C} for a prepared B, on the calling thread, alpha 1: the packed
     * kernel where B was packed (for any number of rows: its last rows run in 4-, 2- and 1-row
     * tiles; one row ran 53.6 GFLOP/s against OpenBLAS's matrix-vector product's 39.9 at
     * 4H × H = 1024 × 256, and level with it at 2048 × 512, {@code StepProductReport}), else
     * {@link #gemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int) gemm}.
     */
    public static void packedGemm(boolean transA, int m, float[] a, int aOff, int lda, PackedOperand b,
                                  float beta, float[] c, int cOff, int ldc) {
        b.requireSide(true);
        PackingGemm p = packed;
        if (b.packed != null && p != null) {
            p.multiplyRight(transA, m, b.rows, b.cols, a, aOff, lda, b.packed, beta, c, cOff, ldc);
        } else {
            gemm(transA, b.transposed, m, b.cols, b.rows, 1f, a, aOff, lda, (float[]) b.data, b.offset, b.stride, beta, c, cOff, ldc);
        }
    }

    /** The double-precision twin's {@link #packedGemm(boolean, int, float[], int, int, PackedOperand, float, float[], int, int)}. */
    public static void packedGemm(boolean transA, int m, double[] a, int aOff, int lda, PackedOperand b,
                                  double beta, double[] c, int cOff, int ldc) {
        b.requireSide(true);
        gemm(transA, b.transposed, m, b.cols, b.rows, 1.0, a, aOff, lda, (double[]) b.data, b.offset, b.stride, beta, c, cOff, ldc);
    }

    /**
     * Column ranges of {@link #packedGemm(boolean, int, float[], int, int, PackedOperand, int, int, float, float[], int, int)}
     * start at multiples of this: the width of the packed kernel's column panels.
     */
    public static final int PACKED_COLUMN_BLOCK = 32;

    /**
     * As {@link #packedGemm(boolean, int, float[], int, int, PackedOperand, float, float[], int, int)}
     * on the columns [from, to) of op(B) and C only ({@code from} a multiple of
     * {@value #PACKED_COLUMN_BLOCK}; C's column j still at {@code cOff + j}): how threads share the
     * product with one prepared B, each reading only its columns of it.
     */
    public static void packedGemm(boolean transA, int m, float[] a, int aOff, int lda, PackedOperand b, int from, int to,
                                  float beta, float[] c, int cOff, int ldc) {
        b.requireSide(true);
        if (from < 0 || to > b.cols || from > to || from % PACKED_COLUMN_BLOCK != 0) {
            throw new IllegalArgumentException("columns [" + from + ", " + to + ") of " + b.cols
                    + ": the range must lie inside and start at a multiple of " + PACKED_COLUMN_BLOCK);
        }
        PackingGemm p = packed;
        if (b.packed != null && p != null) {
            p.multiplyRight(transA, m, b.rows, b.cols, a, aOff, lda, b.packed, from, to, beta, c, cOff, ldc);
        } else {
            int bFrom = b.offset + (b.transposed ? from * b.stride : from);
            gemm(transA, b.transposed, m, to - from, b.rows, 1f, a, aOff, lda, (float[]) b.data, bFrom, b.stride, beta, c, cOff + from, ldc);
        }
    }

    /** The double-precision twin's {@link #packedGemm(boolean, int, float[], int, int, PackedOperand, int, int, float, float[], int, int)}. */
    public static void packedGemm(boolean transA, int m, double[] a, int aOff, int lda, PackedOperand b, int from, int to,
                                  double beta, double[] c, int cOff, int ldc) {
        b.requireSide(true);
        int bFrom = b.offset + (b.transposed ? from * b.stride : from);
        gemm(transA, b.transposed, m, to - from, b.rows, 1.0, a, aOff, lda, (double[]) b.data, bFrom, b.stride, beta, c, cOff + from, ldc);
    }

    /** The double-precision twin's {@link #packedGemm}: the plain reference. */
    public static void packedGemm(boolean transA, boolean transB, int m, int n, int k,
                                  double alpha, double[] a, int aOff, int lda,
                                  double[] b, int bOff, int ldb,
                                  double beta, double[] c, int cOff, int ldc) {
        gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Replaces the backend, e.g. to force the fallback in a test or benchmark. */
    public static synchronized void setBackend(Gemm gemm) {
        backend = gemm;
    }

    /** {@code C = alpha·op(A)·op(B) + beta·C} on row-major float data (see {@link Gemm}). */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            float alpha, float[] a, int aOff, int lda,
                            float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        Gemm g = backend();
        if (Parallel.threads() == 1 || 2.0 * m * n * k < SPLIT_FLOPS) {
            g.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else if (m >= n) {
            // Split the rows of C: rows of op(A) move with them.
            Parallel.forRange(m, SPLIT_GRAIN, (from, to) -> g.gemm(transA, transB, to - from, n, k,
                    alpha, a, aOff + (transA ? from : from * lda), lda, b, bOff, ldb,
                    beta, c, cOff + from * ldc, ldc));
        } else {
            // Split the columns of C: columns of op(B) move with them.
            Parallel.forRange(n, SPLIT_GRAIN, (from, to) -> g.gemm(transA, transB, m, to - from, k,
                    alpha, a, aOff, lda, b, bOff + (transB ? from * ldb : from), ldb,
                    beta, c, cOff + from, ldc));
        }
    }

    /**
     * Double-precision {@code C = alpha·op(A)·op(B) + beta·C} through the backend (native where
     * there is one), on the calling thread.
     */
    public static void dgemm(boolean transA, boolean transB, int m, int n, int k,
                             double alpha, double[] a, int aOff, int lda,
                             double[] b, int bOff, int ldb,
                             double beta, double[] c, int cOff, int ldc) {
        backend().dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** Plain double-precision reference of {@link #gemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)}. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k,
                            double alpha, double[] a, int aOff, int lda,
                            double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    double av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += av * bv;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = alpha * s + (beta == 0 ? 0 : beta * c[ci]);
            }
        }
    }
}
