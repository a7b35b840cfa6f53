package io.rnn4j.nn.recurrent;

import io.rnn4j.kernel.Activations;

/**
 * The Elman network (Elman 1990), PyTorch's {@code nn.RNN}:
 * <pre>
 *   h_t = φ(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh),   φ = tanh or relu
 * </pre>
 * Weights are shared over time; one gate block (G = 1). State: h (B, H).
 */
public final class SimpleRnn extends RecurrentCell {

    /** The non-linearity φ. */
    public enum Nonlinearity { TANH, RELU }

    private final Nonlinearity nonlinearity;

    public SimpleRnn(int inputSize, int hiddenSize, Nonlinearity nonlinearity, String suffix) {
        super(inputSize, hiddenSize, RecurrentConfig.CellType.RNN.gates(), suffix);
        this.nonlinearity = nonlinearity;
    }

    @Override
    public int stateCount() {
        return 1;
    }

    @Override
    protected CellCache newCache(float[] x, int steps, int batch, int[] lengths, float[][] init) {
        return new CellCache(x, steps, batch, lengths, hiddenSize, pool);
    }

    @Override
    protected void forwardRow(CellCache cache, float[] pre, int t, int b) {
        int hs = hiddenSize;
        int yo = cache.stateOffset(t, b);
        if (nonlinearity == Nonlinearity.TANH) {
            Activations.tanh(pre, yo, hs);
        } else {
            for (int j = 0; j < hs; j++) {
                pre[yo + j] = Math.max(0f, pre[yo + j]);
            }
        }
        System.arraycopy(pre, yo, cache.h, yo + cache.batch * hs, hs);
        System.arraycopy(pre, yo, cache.y, yo, hs);
    }

    @Override
    protected float[][] buffers(CellCache cache) {
        return new float[0][];
    }

    @Override
    protected void backwardRow(CellCache cache, float[] dy, float[][] dState, float[] dPre, float[] scratch,
                               int t, int b, int local) {
        int hs = hiddenSize;
        int yo = cache.stateOffset(t, b);
        int sc = yo + cache.batch * hs;
        float[] dh = dState[0];
        for (int j = 0; j < hs; j++) {
            float h = cache.h[sc + j];
            float g = dh[b * hs + j] + (dy == null ? 0f : dy[yo + j]);
            dPre[yo + j] = nonlinearity == Nonlinearity.TANH ? g * (1f - h * h) : (h > 0f ? g : 0f);
        }
    }
}
