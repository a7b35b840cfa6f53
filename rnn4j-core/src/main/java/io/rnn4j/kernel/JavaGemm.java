package io.rnn4j.kernel;

/**
 * Pure-Java fallback GEMM. Every case is reduced to row-wise {@code y += a·x} updates over
 * contiguous memory, the loop shape C2 auto-vectorises; transposed B is first copied to a
 * per-thread scratch buffer so that its rows are contiguous. Roughly 10× slower than OpenBLAS
 * (see README, "GEMM backends").
 */
public final class JavaGemm implements Gemm {

    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    @Override
    public String name() {
        return "java";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        scale(m, n, beta, c, cOff, ldc);
        if (m == 0 || n == 0 || k == 0 || alpha == 0f) {
            return;
        }
        if (transB) {
            // Copy Bᵀ (k × n) into contiguous rows so the inner loop is an axpy.
            float[] bt = scratch(k * n);
            for (int j = 0; j < n; j++) {
                int row = bOff + j * ldb;
                for (int p = 0; p < k; p++) {
                    bt[p * n + j] = b[row + p];
                }
            }
            b = bt;
            bOff = 0;
            ldb = n;
        }
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            for (int p = 0; p < k; p++) {
                float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                if (av != 0f) {
                    axpy(alpha * av, b, bOff + p * ldb, c, cRow, n);
                }
            }
        }
    }

    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                c[row + j] = beta == 0f ? 0f : beta * c[row + j];
            }
        }
    }

    private static void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int j = 0; j < n; j++) {
            y[yOff + j] += alpha * x[xOff + j];
        }
    }

    private static float[] scratch(int size) {
        float[] s = SCRATCH.get();
        if (s.length < size) {
            s = new float[size];
            SCRATCH.set(s);
        }
        return s;
    }
}
