package io.rnn4j.kernel;

import dev.ludovic.netlib.blas.BLAS;

/**
 * GEMM through {@code dev.ludovic.netlib:blas}'s JNI binding to the system's OpenBLAS
 * ({@code libopenblas.so.0}, which Debian's {@code libopenblas0-pthread} provides). Arrays are
 * passed without copying.
 *
 * <p>BLAS is column-major; a row-major matrix is its transpose seen column-major, so
 * {@code C = op(A)·op(B)} is computed as {@code Cᵀ = op(B)ᵀ·op(A)ᵀ} with the operands swapped.
 */
public final class OpenBlasGemm implements Gemm {

    private final BLAS blas;
    private final String library;

    /** @param library the system library the binding loaded, as named to it */
    OpenBlasGemm(BLAS blas, String library) {
        this.blas = blas;
        this.library = library;
    }

    @Override
    public String name() {
        return "openblas (JNI, system " + library + ")";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            ScaleOnly.scale(m, n, beta, c, cOff, ldc);
            return;
        }
        if (m == 1) {
            // A single row (streaming, batch 1): sgemv reads op(B) once and is several times faster
            // than sgemm with m = 1. c = alpha·op(B)ᵀ·a + beta·c, with op(B) seen column-major.
            int incA = transA ? Math.max(1, lda) : 1;
            if (transB) {
                blas.sgemv("T", k, n, alpha, b, bOff, Math.max(1, ldb), a, aOff, incA, beta, c, cOff, 1);
            } else {
                blas.sgemv("N", n, k, alpha, b, bOff, Math.max(1, ldb), a, aOff, incA, beta, c, cOff, 1);
            }
            return;
        }
        blas.sgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k,
                alpha, b, bOff, Math.max(1, ldb), a, aOff, Math.max(1, lda),
                beta, c, cOff, Math.max(1, ldc));
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k,
                      double alpha, double[] a, int aOff, int lda,
                      double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0 || k == 0) {
            Gemm.super.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        blas.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k,
                alpha, b, bOff, Math.max(1, ldb), a, aOff, Math.max(1, lda),
                beta, c, cOff, Math.max(1, ldc));
    }
}
