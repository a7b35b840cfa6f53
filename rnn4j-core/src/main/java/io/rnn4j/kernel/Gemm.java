package io.rnn4j.kernel;

/**
 * Single-precision general matrix multiply on row-major data:
 * {@code C = alpha · op(A) · op(B) + beta · C}, where {@code op(A)} is (m × k), {@code op(B)} is
 * (k × n) and C is (m × n). {@code op(X)} is X or Xᵀ as the transpose flags say; {@code lda},
 * {@code ldb}, {@code ldc} are the row strides of the matrices as stored.
 *
 * <p>Every implementation must pass {@code GemmContractTest}, which checks it against
 * {@link Blas#gemm(boolean, boolean, int, int, int, double, double[], int, int, double[], int, int,
 * double, double[], int, int) the plain double-precision reference}.
 */
public interface Gemm {

    /** A short name shown by {@code rnn4j info}, e.g. {@code openblas (JNI)}. */
    String name();

    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float alpha, float[] a, int aOff, int lda,
              float[] b, int bOff, int ldb,
              float beta, float[] c, int cOff, int ldc);

    /**
     * The same product in double precision, for the double-precision trainers (the extended
     * Kalman filter's covariance algebra). The default is the plain reference loop; a native
     * backend overrides it.
     */
    default void dgemm(boolean transA, boolean transB, int m, int n, int k,
                       double alpha, double[] a, int aOff, int lda,
                       double[] b, int bOff, int ldb,
                       double beta, double[] c, int cOff, int ldc) {
        Blas.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
}
