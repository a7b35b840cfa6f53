package io.rnn4j.nn.recurrent;

import io.rnn4j.kernel.Activations;
import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.Init;

import java.util.SplittableRandom;

/**
 * The Clockwork RNN (Koutník, Greff, Gomez &amp; Schmidhuber 2014): the H hidden units form g
 * equal modules with periods T_1 … T_g; at step τ only the modules with τ mod T_i = 0 update,
 * the others keep their state:
 * <pre>
 *   h̃_τ = tanh(W_ih x_τ + b_ih + (M ⊙ W_hh) h_{τ−1} + b_hh)
 *   h_τ[i] = h̃_τ[i]      if unit i's module is active at τ
 *          = h_{τ−1}[i]  otherwise
 * </pre>
 * M is the block mask: a unit receives recurrent input only from modules with the same or a
 * longer period (block-triangular when the periods ascend). The masked entries of
 * {@code weight_hh} are kept at zero (at initialisation, before each forward pass, and in the
 * gradient). With all periods 1 the layer is an Elman RNN.
 *
 * <p>Time τ counts each sequence's valid steps and continues across calls: besides h (B, H) the
 * state holds the clock, the number of steps seen, as a second state block (B, H) whose entries
 * all equal that count. So truncated BPTT windows, streaming steps and saved states keep the
 * schedule, and a padded step does not advance the clock. The clock is not differentiable; its
 * gradient is zero.
 *
 * <p>Parameters: PyTorch {@code nn.RNN} names and shapes, G = 1.
 */
public final class ClockworkRnn extends RecurrentCell {

    private final int[] periods;
    private final int[] period; // per unit
    private final float[] mask; // (H, H)

    /**
     * @param periods module periods T_i ≥ 1, one per module; the hidden size must be a multiple
     *                of their number
     */
    public ClockworkRnn(int inputSize, int hiddenSize, int[] periods, String suffix) {
        super(inputSize, hiddenSize, RecurrentConfig.CellType.CLOCKWORK.gates(), suffix);
        if (periods.length < 1 || hiddenSize % periods.length != 0) {
            throw new IllegalArgumentException("a clockwork layer of hidden size " + hiddenSize + " cannot form " + periods.length
                    + " equal modules; hidden_size must be a multiple of the number of periods");
        }
        int size = hiddenSize / periods.length;
        this.periods = periods.clone();
        this.period = new int[hiddenSize];
        for (int i = 0; i < hiddenSize; i++) {
            period[i] = periods[i / size];
            if (period[i] < 1) {
                throw new IllegalArgumentException("clock periods must be >= 1, got " + period[i]);
            }
        }
        this.mask = new float[hiddenSize * hiddenSize];
        for (int i = 0; i < hiddenSize; i++) {
            for (int j = 0; j < hiddenSize; j++) {
                mask[i * hiddenSize + j] = period[j] >= period[i] ? 1f : 0f;
            }
        }
    }

    /** The module periods. */
    public int[] periods() {
        return periods.clone();
    }

    /** h, and the clock. */
    @Override
    public int stateCount() {
        return 2;
    }

    @Override
    public void initialize(Init scheme, SplittableRandom rng) {
        super.initialize(scheme, rng);
        applyMask(weightHh.data(), weightHh.offset());
    }

    private void applyMask(float[] w, int off) {
        int n = hiddenSize * hiddenSize;
        for (int i = 0; i < n; i++) {
            if (mask[i] == 0f) {
                w[off + i] = 0f; // an exact zero, also where a product would give −0
            }
        }
    }

    /** Cache with each sample's clock at its first step. */
    static final class ClockCache extends Cache {
        final long[] clock0;

        ClockCache(float[] x, int steps, int batch, int[] lengths, int hidden, BufferPool pool, long[] clock0) {
            super(x, steps, batch, lengths, hidden, pool);
            this.clock0 = clock0;
        }
    }

    @Override
    public Cache forward(float[] x, int steps, int batch, int[] lengths, float[][] init) {
        checkInput(x, steps, batch);
        int[] lens = checkLengths(lengths, steps, batch);
        long[] clock0 = new long[batch];
        if (init != null && init.length > 1 && init[1] != null) {
            for (int b = 0; b < batch; b++) {
                double c = init[1][b * hiddenSize];
                if (!(c >= 0) || c > 1e15) {
                    throw new IllegalArgumentException("clockwork state: the clock of sample " + b + " is " + c
                            + "; it must be a step count >= 0");
                }
                clock0[b] = Math.round(c);
            }
        }
        ClockCache cache = new ClockCache(x, steps, batch, lens, hiddenSize, pool, clock0);
        copyState(init, 0, cache.h, 0, batch);
        applyMask(weightHh.data(), weightHh.offset());
        float[] pre = inputProjection(x, steps * batch, true); // (T·B, H)
        Parallel.forRange(batch, ROW_GRAIN, (b0, b1) -> forwardRows(cache, pre, b0, b1));
        pool.give(pre);
        return cache;
    }

    private void forwardRows(ClockCache cache, float[] pre, int b0, int b1) {
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
                Activations.tanh(pre, yo, hs);
                long tau = cache.clock0[b] + t;
                for (int j = 0; j < hs; j++) {
                    cache.h[sc + j] = tau % period[j] == 0 ? pre[yo + j] : cache.h[sp + j];
                }
                System.arraycopy(cache.h, sc, cache.y, yo, hs);
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
        float[] clock = new float[bh];
        long[] clock0 = ((ClockCache) cache).clock0;
        for (int b = 0; b < cache.batch; b++) {
            java.util.Arrays.fill(clock, b * hiddenSize, (b + 1) * hiddenSize, (float) (clock0[b] + cache.lengths[b]));
        }
        return new float[][] {h, clock};
    }

    @Override
    public void backward(Cache cache, float[] dy, float[][] dFinal, float[] dx, float[][] dInit) {
        cache.consume();
        ClockCache cc = (ClockCache) cache;
        int steps = cache.steps;
        int batch = cache.batch;
        int hs = hiddenSize;
        int bh = batch * hs;
        float[] dh = new float[bh];
        copyState(dFinal, 0, dh, 0, batch);
        float[] dPre = pool.take(steps * bh, cache.padded); // (T·B, H); padded rows must be zero
        Parallel.forRange(batch, ROW_GRAIN, (b0, b1) -> backwardRows(cc, dy, dh, dPre, b0, b1));
        int rows = steps * batch;
        Blas.gemm(true, false, hs, hs, rows, 1f, dPre, 0, hs, cache.h, 0, hs,
                1f, weightHh.grad(), weightHh.offset(), hs);
        applyMask(weightHh.grad(), weightHh.offset());
        inputProjectionBackward(dPre, cache.x, rows, dx, true);
        pool.give(dPre, cache.h, cache.y);
        if (dInit != null && dInit.length > 0) {
            dInit[0] = dh;
            if (dInit.length > 1) {
                dInit[1] = new float[bh]; // the clock is not differentiable
            }
        }
    }

    private void backwardRows(ClockCache cache, float[] dy, float[] dh, float[] dPre, int b0, int b1) {
        int hs = hiddenSize;
        int bh = cache.batch * hs;
        float[] dhPrev = new float[bh];
        float[] carry = new float[bh]; // gradient that skips the step through idle units
        for (int t = cache.steps - 1; t >= 0; t--) {
            int curOff = (t + 1) * bh;
            for (int b = b0; b < b1; b++) {
                if (!cache.valid(t, b)) {
                    continue;
                }
                int sc = curOff + b * hs;
                int yo = t * bh + b * hs;
                long tau = cache.clock0[b] + t;
                for (int j = 0; j < hs; j++) {
                    float g = dh[b * hs + j] + (dy == null ? 0f : dy[yo + j]);
                    if (tau % period[j] == 0) {
                        float h = cache.h[sc + j];
                        dPre[yo + j] = g * (1f - h * h);
                        carry[b * hs + j] = 0f;
                    } else {
                        dPre[yo + j] = 0f;
                        carry[b * hs + j] = g;
                    }
                }
            }
            Blas.gemm(false, false, b1 - b0, hs, hs, 1f, dPre, t * bh + b0 * hs, hs,
                    weightHh.data(), weightHh.offset(), hs, 0f, dhPrev, b0 * hs, hs);
            for (int b = b0; b < b1; b++) {
                if (cache.valid(t, b)) {
                    for (int j = 0; j < hs; j++) {
                        dh[b * hs + j] = dhPrev[b * hs + j] + carry[b * hs + j];
                    }
                }
            }
        }
    }
}
