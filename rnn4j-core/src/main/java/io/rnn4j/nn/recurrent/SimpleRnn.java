package io.rnn4j.nn.recurrent;

import io.rnn4j.kernel.Activations;
import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;

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
    public Cache forward(float[] x, int steps, int batch, int[] lengths, float[][] init) {
        checkInput(x, steps, batch);
        int[] lens = checkLengths(lengths, steps, batch);
        Cache cache = new Cache(x, steps, batch, lens, hiddenSize, pool);
        copyState(init, 0, cache.h, 0, batch);
        float[] pre = inputProjection(x, steps * batch, true); // (T·B, H)
        Parallel.forRange(batch, ROW_GRAIN, (b0, b1) -> forwardRows(cache, pre, b0, b1));
        pool.give(pre);
        return cache;
    }

    private void forwardRows(Cache cache, float[] pre, int b0, int b1) {
        int hs = hiddenSize;
        int bh = cache.batch * hs;
        for (int t = 0; t < cache.steps; t++) {
            int prevOff = t * bh;
            int curOff = (t + 1) * bh;
            Blas.gemm(false, true, b1 - b0, hs, hs, 1f, cache.h, prevOff + b0 * hs, hs,
                    weightHh.data(), weightHh.offset(), hs, 1f, pre, t * bh + b0 * hs, hs);
            for (int b = b0; b < b1; b++) {
                int sp = prevOff + b * hs;
                int sc = curOff + b * hs;
                int yo = t * bh + b * hs;
                if (!cache.valid(t, b)) {
                    System.arraycopy(cache.h, sp, cache.h, sc, hs);
                    continue;
                }
                if (nonlinearity == Nonlinearity.TANH) {
                    Activations.tanh(pre, yo, hs);
                } else {
                    for (int j = 0; j < hs; j++) {
                        pre[yo + j] = Math.max(0f, pre[yo + j]);
                    }
                }
                System.arraycopy(pre, yo, cache.h, sc, hs);
                System.arraycopy(pre, yo, cache.y, yo, hs);
            }
        }
    }

    @Override
    protected float[][] buffers(Cache cache) {
        return new float[0][];
    }

    @Override
    public float[][] finalState(Cache cache) {
        int bh = cache.batch * hiddenSize;
        float[] h = new float[bh];
        System.arraycopy(cache.h, cache.steps * bh, h, 0, bh);
        return new float[][] {h};
    }

    @Override
    public void backward(Cache cache, float[] dy, float[][] dFinal, float[] dx, float[][] dInit) {
        cache.consume();
        int steps = cache.steps;
        int batch = cache.batch;
        int hs = hiddenSize;
        int bh = batch * hs;
        float[] dh = new float[bh];
        copyState(dFinal, 0, dh, 0, batch);
        float[] dPre = pool.take(steps * bh, cache.padded); // (T·B, H); padded rows must be zero
        Parallel.forRange(batch, ROW_GRAIN, (b0, b1) -> backwardRows(cache, dy, dh, dPre, b0, b1));
        int rows = steps * batch;
        Blas.gemm(true, false, hs, hs, rows, 1f, dPre, 0, hs, cache.h, 0, hs,
                1f, weightHh.grad(), weightHh.offset(), hs);
        inputProjectionBackward(dPre, cache.x, rows, dx, true);
        pool.give(dPre, cache.h, cache.y);
        if (dInit != null && dInit.length > 0) {
            dInit[0] = dh;
        }
    }

    private void backwardRows(Cache cache, float[] dy, float[] dh, float[] dPre, int b0, int b1) {
        int hs = hiddenSize;
        int bh = cache.batch * hs;
        float[] dhPrev = new float[bh];
        for (int t = cache.steps - 1; t >= 0; t--) {
            int curOff = (t + 1) * bh;
            for (int b = b0; b < b1; b++) {
                if (!cache.valid(t, b)) {
                    continue;
                }
                int sc = curOff + b * hs;
                int yo = t * bh + b * hs;
                for (int j = 0; j < hs; j++) {
                    float h = cache.h[sc + j];
                    float g = dh[b * hs + j] + (dy == null ? 0f : dy[yo + j]);
                    dPre[yo + j] = nonlinearity == Nonlinearity.TANH ? g * (1f - h * h) : (h > 0f ? g : 0f);
                }
            }
            Blas.gemm(false, false, b1 - b0, hs, hs, 1f, dPre, t * bh + b0 * hs, hs,
                    weightHh.data(), weightHh.offset(), hs, 0f, dhPrev, b0 * hs, hs);
            for (int b = b0; b < b1; b++) {
                if (cache.valid(t, b)) {
                    System.arraycopy(dhPrev, b * hs, dh, b * hs, hs);
                }
            }
        }
    }
}
