package io.rnn4j.kernel;

/**
 * The left operand op(A) (m × k) of many products, prepared once by {@link Blas#prepare} and used
 * by {@link Blas#packedGemm(PackedOperand, boolean, int, float[], int, int, float, float[], int, int)}.
 * It holds A packed for the 512-bit kernel where that is on, else just where A lies. It refers to
 * A's array: change A and the operand is stale (prepare it again).
 */
public final class PackedOperand {

    final boolean transA;
    final int m;
    final int k;
    /** A's array (float[] or double[]), its offset and row stride, for the fallback path. */
    final Object a;
    final int aOff;
    final int lda;
    /** A packed by {@link PackingGemm#pack}, or null. */
    final float[] packed;

    PackedOperand(boolean transA, int m, int k, Object a, int aOff, int lda, float[] packed) {
        this.transA = transA;
        this.m = m;
        this.k = k;
        this.a = a;
        this.aOff = aOff;
        this.lda = lda;
        this.packed = packed;
    }

    public int rows() {
        return m;
    }

    public int depth() {
        return k;
    }
}
