package io.rnn4j.kernel;

/**
 * A {@link Gemm} that can pack one operand once and reuse it: a convolution multiplies the same
 * weights (the left operand) by the column matrix of every image in a batch, and re-packing them
 * per image was a tenth of CNN training time; a recurrent layer multiplies every step's state by
 * the same W_hhᵀ (the right operand).
 */
interface PackingGemm extends Gemm {

    /** Values {@link #pack} writes for an m × k left operand. */
    int packedSize(int m, int k);

    /** op(A) (m × k), packed for {@link #multiply} into {@code into} (at least {@link #packedSize} long). */
    void pack(boolean transA, int m, int k, float[] a, int aOff, int lda, float[] into);

    /** {@code C = A·op(B) + beta·C} with A from {@link #pack}; shapes and strides as in {@link Gemm}. */
    void multiply(float[] packedA, int m, int k, boolean transB, int n,
                  float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

    /** Values {@link #packRight} writes for a k × n right operand. */
    int packedRightSize(int k, int n);

    /** op(B) (k × n), packed for {@link #multiplyRight} into {@code into} (at least {@link #packedRightSize} long). */
    void packRight(boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] into);

    /** {@code C = op(A)·B + beta·C} with B from {@link #packRight}. */
    void multiplyRight(boolean transA, int m, int k, int n, float[] a, int aOff, int lda,
                       float[] packedB, float beta, float[] c, int cOff, int ldc);

    /** Width of the column panels of a packed right operand: a column range of {@link #multiplyRight} starts at a multiple of it. */
    int columnPanel();

    /**
     * {@code C[:, from..to) = op(A)·B[:, from..to) + beta·C[:, from..to)} with B from
     * {@link #packRight} (from a multiple of {@link #columnPanel()}; C's column j at {@code cOff + j}).
     */
    void multiplyRight(boolean transA, int m, int k, int n, float[] a, int aOff, int lda,
                       float[] packedB, int from, int to, float beta, float[] c, int cOff, int ldc);
}
