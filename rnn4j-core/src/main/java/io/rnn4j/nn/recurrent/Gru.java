package io.rnn4j.nn.recurrent;

import io.rnn4j.kernel.Activations;
import io.rnn4j.kernel.Blas;
import io.rnn4j.nn.BufferPool;

/**
 * Gated recurrent unit (Cho et al. 2014), gate order r, z, n as in PyTorch. Two variants:
 * <pre>
 *   r_t = σ(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)
 *   z_t = σ(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)
 *   RESET_AFTER  (PyTorch, cuDNN; ONNX linear_before_reset=1):
 *       n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t-1} + b_hn))
 *   RESET_BEFORE (Cho et al. 2014; ONNX linear_before_reset=0):
 *       n_t = tanh(W_in x_t + b_in + W_hn (r_t ⊙ h_{t-1}) + b_hn)
 *   h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t-1}
 * </pre>
 * Parameters are PyTorch's, with G = 3 blocks: (3H, I), (3H, H), (3H), (3H). State: h (B, H).
 */
public final class Gru extends RecurrentCell {

    /** Where the reset gate is applied. */
    public enum Variant { RESET_AFTER, RESET_BEFORE }

    private final Variant variant;

    /** Forward state for backward. */
    public static final class GruCache extends CellCache {
        /** Activated r, z, n (T, B, 3H); zero rows at padded steps. */
        final float[] act;
        /** RESET_AFTER: W_hn h_{t-1} + b_hn; RESET_BEFORE: r_t ⊙ h_{t-1}. (T, B, H). */
        final float[] aux;
        /** ∂L/∂(h-side pre-activations, incl. b_hh) (T·B, 3H), during backward. */
        float[] dGh;

        GruCache(float[] x, int steps, int batch, int[] lengths, int hidden, BufferPool pool) {
            super(x, steps, batch, lengths, hidden, pool);
            this.act = pool.take(steps * batch * 3 * hidden, false);
            // Padded rows of aux take part in the W_hn gradient GEMM (RESET_BEFORE): zero them.
            this.aux = pool.take(steps * batch * hidden, padded);
        }
    }

    public Gru(int inputSize, int hiddenSize, Variant variant, String suffix) {
        super(inputSize, hiddenSize, RecurrentConfig.CellType.GRU.gates(), suffix);
        this.variant = variant;
    }

    public Variant variant() {
        return variant;
    }

    @Override
    public int stateCount() {
        return 1;
    }

    @Override
    protected CellCache newCache(float[] x, int steps, int batch, int[] lengths, float[][] init) {
        return new GruCache(x, steps, batch, lengths, hiddenSize, pool);
    }

    /** b_hn sits inside the reset gate's product (RESET_AFTER) or beside it, so b_hh stays on the h side. */
    @Override
    protected boolean hiddenBiasInProjection() {
        return false;
    }

    /** (rows, 3H): W_hh·h + b_hh for this thread's rows. */
    @Override
    protected float[] forwardScratch(int rows) {
        return new float[rows * 3 * hiddenSize];
    }

    @Override
    protected boolean stepMultipliesByAllOfWhh() {
        return variant == Variant.RESET_AFTER;
    }

    /**
     * One step: the h-side product of r and z (and of n after the reset, RESET_AFTER), the gates r
     * and z, then for RESET_BEFORE the product {@code W_hn (r ⊙ h_{t-1})}, then n and h.
     */
    @Override
    protected void forwardStep(CellCache base, float[] gi, float[] gh, int t, int b0, int b1) {
        GruCache cache = (GruCache) base;
        int hs = hiddenSize;
        int g3 = 3 * hs;
        int batch = cache.batch;
        int bh = batch * hs;
        int rowsHere = b1 - b0;
        float[] whh = weightHh.dataForReading();
        int wOff = weightHh.offset();
        boolean after = variant == Variant.RESET_AFTER;
        int prevOff = t * bh;
        int curOff = (t + 1) * bh;
        for (int r = 0; r < rowsHere; r++) {
            System.arraycopy(biasHh.dataForReading(), biasHh.offset(), gh, r * g3, g3);
        }
        // RESET_AFTER needs all three blocks of W_hh·h (the pass's packed W_hhᵀ); RESET_BEFORE only r and z here.
        if (after) {
            Blas.packedGemm(false, rowsHere, cache.h, prevOff + b0 * hs, hs, cache.recurrentWeights, 1f, gh, 0, g3);
        } else {
            Blas.gemm(false, true, rowsHere, 2 * hs, hs, 1f, cache.h, prevOff + b0 * hs, hs, whh, wOff, hs, 1f, gh, 0, g3);
        }
        for (int b = b0; b < b1; b++) {
            if (!cache.valid(t, b)) {
                continue;
            }
            int row = (t * batch + b) * g3;
            int sp = prevOff + b * hs;
            int yo = t * bh + b * hs;
            int lr = (b - b0) * g3;
            float[] act = cache.act;
            // r, z = σ(x-side + h-side), as passes C2 can vectorise.
            for (int j = 0; j < 2 * hs; j++) {
                act[row + j] = gi[row + j] + gh[lr + j];
            }
            Activations.sigmoid(act, row, 2 * hs);
            if (after) {
                System.arraycopy(gh, lr + 2 * hs, cache.aux, yo, hs);
            } else {
                for (int j = 0; j < hs; j++) {
                    cache.aux[yo + j] = act[row + j] * cache.h[sp + j];
                }
            }
        }
        if (!after) {
            // W_hn (r ⊙ h_{t-1}) for this thread's rows, into the n block of gh.
            Blas.gemm(false, true, rowsHere, hs, hs, 1f, cache.aux, t * bh + b0 * hs, hs,
                    whh, wOff + 2 * hs * hs, hs, 1f, gh, 2 * hs, g3);
        }
        for (int b = b0; b < b1; b++) {
            if (!cache.valid(t, b)) {
                continue;
            }
            int row = (t * batch + b) * g3;
            int sp = prevOff + b * hs;
            int sc = curOff + b * hs;
            int yo = t * bh + b * hs;
            int lr = (b - b0) * g3;
            float[] act = cache.act;
            int nOff = row + 2 * hs;
            for (int j = 0; j < hs; j++) {
                float ghn = gh[lr + 2 * hs + j];
                act[nOff + j] = gi[nOff + j] + (after ? act[row + j] * ghn : ghn);
            }
            Activations.tanh(act, nOff, hs);
            for (int j = 0; j < hs; j++) {
                float z = act[row + hs + j];
                float h = (1f - z) * act[nOff + j] + z * cache.h[sp + j];
                cache.h[sc + j] = h;
                cache.y[yo + j] = h;
            }
        }
    }

    @Override
    protected float[][] buffers(CellCache cache) {
        GruCache c = (GruCache) cache;
        return new float[][] {c.act, c.aux, c.dGh};
    }

    @Override
    protected void beginBackward(CellCache base) {
        GruCache cache = (GruCache) base;
        cache.dGh = pool.take(cache.steps * cache.batch * 3 * hiddenSize, cache.padded);
    }

    /** ∂h_{t-1} from the product, then ∂(r ⊙ h_{t-1}) and the step's total ∂h, each (rows, H). */
    @Override
    protected float[] backwardScratch(int rows) {
        return new float[3 * rows * hiddenSize];
    }

    /** ∂W_hh from the h-side gradients (RESET_BEFORE: the n block against r ⊙ h_{t-1}); ∂b_hh too. */
    @Override
    protected void recurrentWeightGradients(CellCache base, float[] dGi) {
        GruCache cache = (GruCache) base;
        int hs = hiddenSize;
        int g3 = 3 * hs;
        int rows = cache.steps * cache.batch;
        int wOff = weightHh.offset();
        float[] dGh = cache.dGh;
        if (variant == Variant.RESET_AFTER) {
            Blas.gemm(true, false, g3, hs, rows, 1f, dGh, 0, g3, cache.h, 0, hs,
                    1f, weightHh.grad(), wOff, hs);
        } else {
            Blas.gemm(true, false, 2 * hs, hs, rows, 1f, dGh, 0, g3, cache.h, 0, hs,
                    1f, weightHh.grad(), wOff, hs);
            Blas.gemm(true, false, hs, hs, rows, 1f, dGh, 2 * hs, g3, cache.aux, 0, hs,
                    1f, weightHh.grad(), wOff + 2 * hs * hs, hs);
        }
        addColumnSums(dGh, rows, g3, g3, biasHh.grad(), biasHh.offset());
    }

    /** One step back: the gate gradients of each valid row, then ∂h_{t-1} through W_hh, z and (RESET_BEFORE) r. */
    @Override
    protected void backwardStep(CellCache base, float[] dy, float[][] dState, float[] dGi, float[] scratch,
                                int t, int b0, int b1) {
        GruCache cache = (GruCache) base;
        float[] dGh = cache.dGh;
        float[] dh = dState[0];
        int batch = cache.batch;
        int hs = hiddenSize;
        int g3 = 3 * hs;
        int bh = batch * hs;
        boolean after = variant == Variant.RESET_AFTER;
        float[] whh = weightHh.dataForReading();
        int wOff = weightHh.offset();
        int rowsHere = b1 - b0;
        int dhPrev = 0; // offsets of the three (rows, H) parts of the scratch
        int dRh = rowsHere * hs;
        int dTot = 2 * rowsHere * hs;
        int prevOff = t * bh;
        for (int b = b0; b < b1; b++) {
            if (!cache.valid(t, b)) {
                continue;
            }
            int row = (t * batch + b) * g3;
            int sp = prevOff + b * hs;
            int yo = t * bh + b * hs;
            int lr = (b - b0) * hs;
            for (int j = 0; j < hs; j++) {
                float r = cache.act[row + j];
                float z = cache.act[row + hs + j];
                float n = cache.act[row + 2 * hs + j];
                float d = dh[b * hs + j] + (dy == null ? 0f : dy[yo + j]);
                scratch[dTot + lr + j] = d;
                float dnPre = d * (1f - z) * (1f - n * n);
                float dzPre = d * (cache.h[sp + j] - n) * z * (1f - z);
                dGi[row + hs + j] = dzPre;
                dGh[row + hs + j] = dzPre;
                dGi[row + 2 * hs + j] = dnPre;
                if (after) {
                    float drPre = dnPre * cache.aux[yo + j] * r * (1f - r);
                    dGi[row + j] = drPre;
                    dGh[row + j] = drPre;
                    dGh[row + 2 * hs + j] = dnPre * r;
                } else {
                    dGh[row + 2 * hs + j] = dnPre;
                }
            }
        }
        int gOff = (t * batch + b0) * g3;
        if (!after) {
            // ∂(r ⊙ h_{t-1}) = dn_pre · W_hn, then the reset gate's share.
            Blas.gemm(false, false, rowsHere, hs, hs, 1f, dGh, gOff + 2 * hs, g3,
                    whh, wOff + 2 * hs * hs, hs, 0f, scratch, dRh, hs);
            for (int b = b0; b < b1; b++) {
                if (!cache.valid(t, b)) {
                    continue;
                }
                int row = (t * batch + b) * g3;
                int sp = prevOff + b * hs;
                int lr = (b - b0) * hs;
                for (int j = 0; j < hs; j++) {
                    float r = cache.act[row + j];
                    float drPre = scratch[dRh + lr + j] * cache.h[sp + j] * r * (1f - r);
                    dGi[row + j] = drPre;
                    dGh[row + j] = drPre;
                }
            }
        }
        // dh_{t-1} = dh ⊙ z + dGh_t · W_hh (RESET_BEFORE: r, z blocks, plus ∂(r⊙h) ⊙ r).
        Blas.gemm(false, false, rowsHere, hs, after ? g3 : 2 * hs, 1f, dGh, gOff, g3,
                whh, wOff, hs, 0f, scratch, dhPrev, hs);
        for (int b = b0; b < b1; b++) {
            if (!cache.valid(t, b)) {
                continue;
            }
            int row = (t * batch + b) * g3;
            int lr = (b - b0) * hs;
            for (int j = 0; j < hs; j++) {
                float z = cache.act[row + hs + j];
                float v = scratch[dhPrev + lr + j] + scratch[dTot + lr + j] * z;
                if (!after) {
                    v += scratch[dRh + lr + j] * cache.act[row + j];
                }
                dh[b * hs + j] = v;
            }
        }
    }
}
