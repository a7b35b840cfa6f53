package io.rnn4j.kernel;

/**
 * A {@link Gemm} that can pack its left operand once and reuse it: a convolution multiplies the
 * same weights by the column matrix of every image in a batch, and re-packing them per image was
 * a tenth of CNN training time.
 */
interface PackingGemm extends Gemm {

    /** op(A) (m × k), packed for {@link #multiply}. */
    float[] pack(boolean transA, int m, int k, float[] a, int aOff, int lda);

    /** {@code C = A·op(B) + beta·C} with A from {@link #pack}; shapes and strides as in {@link Gemm}. */
    void multiply(float[] packedA, int m, int k, boolean transB, int n,
                  float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);
}
