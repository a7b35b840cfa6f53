package io.rnn4j.kernel;

/**
 * One operand of many products, prepared once: the left one op(A) (m × k) by
 * {@link Blas#prepare}, or the right one op(B) (k × n) by {@link Blas#prepareRight}, and used by
 * the {@code Blas.packedGemm} overloads that take it. It holds the matrix packed for the 512-bit
 * kernel where that is on, else just where the matrix lies. It refers to the matrix's array:
 * change the matrix and the operand is stale (prepare it again).
 */
public final class PackedOperand {

    final boolean right;
    final boolean transposed;
    /** Rows and columns of op(X): m × k on the left, k × n on the right. */
    final int rows;
    final int cols;
    /** The matrix's array (float[] or double[]), its offset and row stride, for the fallback path. */
    final Object data;
    final int offset;
    final int stride;
    /** The matrix packed by {@link PackingGemm}, or null. */
    final float[] packed;

    PackedOperand(boolean right, boolean transposed, int rows, int cols, Object data, int offset, int stride, float[] packed) {
        this.right = right;
        this.transposed = transposed;
        this.rows = rows;
        this.cols = cols;
        this.data = data;
        this.offset = offset;
        this.stride = stride;
        this.packed = packed;
    }

    /** Rows of op(X). */
    public int rows() {
        return rows;
    }

    /** Columns of op(X). */
    public int cols() {
        return cols;
    }

    void requireSide(boolean wantRight) {
        if (right != wantRight) {
            throw new IllegalArgumentException("this operand was prepared as the " + (right ? "right" : "left")
                    + " factor of a product, not the " + (wantRight ? "right" : "left"));
        }
    }
}
