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
