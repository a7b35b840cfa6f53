package io.rnn4j.kernel;

/**
 * The product with an empty inner dimension (k = 0): C = β·C, and C = 0 when β = 0 whatever C
 * held (NaN included). BLAS implementations disagree on this edge (the reference returns early
 * only when β = 1), so the native backends compute it here instead of calling them.
 */
final class ScaleOnly {

    private ScaleOnly() {
    }

    static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * ldc + j] = beta == 0f ? 0f : beta * c[cOff + i * ldc + j];
            }
        }
    }
}
