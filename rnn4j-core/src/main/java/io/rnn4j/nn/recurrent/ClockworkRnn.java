package io.rnn4j.nn.recurrent;

import io.rnn4j.kernel.Activations;
import io.rnn4j.nn.BufferPool;
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

    /** CellCache with each sample's clock at its first step. */
    static final class ClockCache extends CellCache {
        final long[] clock0;

        ClockCache(float[] x, int steps, int batch, int[] lengths, int hidden, BufferPool pool, long[] clock0) {
            super(x, steps, batch, lengths, hidden, pool);
            this.clock0 = clock0;
        }
    }

    @Override
    protected CellCache newCache(float[] x, int steps, int batch, int[] lengths, float[][] init) {
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
        // The mask is re-applied before each pass: an optimizer step may have moved masked weights.
        applyMask(weightHh.data(), weightHh.offset());
        return new ClockCache(x, steps, batch, lengths, hiddenSize, pool, clock0);
    }

    @Override
    protected void forwardRow(CellCache cache, float[] pre, int t, int b) {
        int hs = hiddenSize;
        int sp = cache.stateOffset(t, b);
        int sc = sp + cache.batch * hs;
        Activations.tanh(pre, sp, hs);
        long tau = ((ClockCache) cache).clock0[b] + t;
        for (int j = 0; j < hs; j++) {
            cache.h[sc + j] = tau % period[j] == 0 ? pre[sp + j] : cache.h[sp + j];
        }
        System.arraycopy(cache.h, sc, cache.y, sp, hs);
    }

    @Override
    protected float[][] buffers(CellCache cache) {
        return new float[0][];
    }

    @Override
    public float[][] finalState(CellCache cache) {
        float[] h = super.finalState(cache)[0];
        float[] clock = new float[h.length];
        long[] clock0 = ((ClockCache) cache).clock0;
        for (int b = 0; b < cache.batch; b++) {
            java.util.Arrays.fill(clock, b * hiddenSize, (b + 1) * hiddenSize, (float) (clock0[b] + cache.lengths[b]));
        }
        return new float[][] {h, clock};
    }

    /** The clock is not differentiable: its gradient is zero. */
    @Override
    protected int differentiableStates() {
        return 1;
    }

    /** ∂h_{t-1} from the product, then (rows, H) for the gradient that skips the step through idle units. */
    @Override
    protected float[] backwardScratch(int rows) {
        return new float[2 * rows * hiddenSize];
    }

    @Override
    protected void backwardRow(CellCache cache, float[] dy, float[][] dState, float[] dPre, float[] scratch,
                               int t, int b, int local) {
        int hs = hiddenSize;
        int yo = cache.stateOffset(t, b);
        int sc = yo + cache.batch * hs;
        int carry = scratch.length / 2 + local * hs;
        long tau = ((ClockCache) cache).clock0[b] + t;
        float[] dh = dState[0];
        for (int j = 0; j < hs; j++) {
            float g = dh[b * hs + j] + (dy == null ? 0f : dy[yo + j]);
            if (tau % period[j] == 0) {
                float h = cache.h[sc + j];
                dPre[yo + j] = g * (1f - h * h);
                scratch[carry + j] = 0f;
            } else {
                dPre[yo + j] = 0f;
                scratch[carry + j] = g;
            }
        }
    }

    @Override
    protected void passGradientBack(float[][] dState, float[] scratch, int t, int b, int local) {
        int hs = hiddenSize;
        int carry = scratch.length / 2 + local * hs;
        float[] dh = dState[0];
        for (int j = 0; j < hs; j++) {
            dh[b * hs + j] = scratch[local * hs + j] + scratch[carry + j];
        }
    }

    @Override
    protected void recurrentWeightGradients(CellCache cache, float[] dPre) {
        super.recurrentWeightGradients(cache, dPre);
        applyMask(weightHh.grad(), weightHh.offset());
    }
}
