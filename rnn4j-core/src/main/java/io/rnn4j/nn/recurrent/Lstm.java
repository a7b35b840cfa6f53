package io.rnn4j.nn.recurrent;

import io.rnn4j.kernel.Activations;
import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.LstmCells;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.BufferPool;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Parameter;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Long short-term memory (Hochreiter &amp; Schmidhuber 1997, with the forget gate of Gers et al.
 * 2000), with PyTorch's equations and gate order i, f, g, o:
 * <pre>
 *   i_t = σ(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi [+ p_i ⊙ c_{t-1}])
 *   f_t = σ(W_if x_t + b_if + W_hf h_{t-1} + b_hf [+ p_f ⊙ c_{t-1}])
 *   g_t = tanh(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)
 *   c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t
 *   o_t = σ(W_io x_t + b_io + W_ho h_{t-1} + b_ho [+ p_o ⊙ c_t])
 *   h_t = o_t ⊙ tanh(c_t)
 * </pre>
 * The bracketed peephole terms (Gers &amp; Schmidhuber 2000) are optional; their diagonal weights
 * are {@code weight_peephole_{i,f,o}_lK} (H each). States are (h, c), each (B, H).
 *
 * <p>{@code forgetBias}, when set, initialises the f block of {@code bias_ih} to that value
 * (and the f block of {@code bias_hh} to 0), Jozefowicz et al. 2015's advice of 1.0.
 */
public final class Lstm extends RecurrentCell {

    private final boolean peepholes;
    private final Float forgetBias;
    private final Parameter peepI;
    private final Parameter peepF;
    private final Parameter peepO;

    /** Forward state for backward: gate activations and the cell trajectory. */
    public static final class LstmCache extends CellCache {
        /** Activated gates (T, B, 4H) in order i, f, g, o; zero rows at padded steps. */
        final float[] act;
        /** Cell trajectory ((T+1), B, H); slot 0 is c₀. */
        final float[] c;
        /** tanh(c_t) (T, B, H). */
        final float[] tanhC;
        private final float[][] trajectories;
        /** Peephole gradients per sample (B, 3H) during backward, summed in a fixed order after the threads join. */
        float[] dPeep;

        LstmCache(float[] x, int steps, int batch, int[] lengths, int hidden, BufferPool pool) {
            super(x, steps, batch, lengths, hidden, pool);
            this.act = pool.take(steps * batch * 4 * hidden, false);
            this.c = pool.take((steps + 1) * batch * hidden, false);
            java.util.Arrays.fill(c, 0, batch * hidden, 0f);
            this.tanhC = pool.take(steps * batch * hidden, false);
            this.trajectories = new float[][] {h, c};
        }

        @Override
        protected float[][] trajectories() {
            return trajectories;
        }
    }

    public Lstm(int inputSize, int hiddenSize, boolean peepholes, Float forgetBias, String suffix) {
        super(inputSize, hiddenSize, RecurrentConfig.CellType.LSTM.gates(), suffix);
        this.peepholes = peepholes;
        this.forgetBias = forgetBias;
        this.peepI = peepholes ? new Parameter("weight_peephole_i" + suffix, hiddenSize) : null;
        this.peepF = peepholes ? new Parameter("weight_peephole_f" + suffix, hiddenSize) : null;
        this.peepO = peepholes ? new Parameter("weight_peephole_o" + suffix, hiddenSize) : null;
    }

    @Override
    public int stateCount() {
        return 2;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = super.parameters();
        if (peepholes) {
            ps.addAll(List.of(peepI, peepF, peepO));
        }
        return ps;
    }

    @Override
    public void initialize(Init scheme, SplittableRandom rng) {
        super.initialize(scheme, rng);
        if (forgetBias != null) {
            int h = hiddenSize;
            for (int j = 0; j < h; j++) {
                biasIh.set(h + j, forgetBias);
                biasHh.set(h + j, 0f);
            }
        }
    }

    @Override
    protected CellCache newCache(float[] x, int steps, int batch, int[] lengths, float[][] init) {
        return new LstmCache(x, steps, batch, lengths, hiddenSize, pool);
    }

    /** Gate columns per thread in a streaming step: 2 chunks for a 2×256 model's 1024 columns. */
    private static final int STEP_GRAIN = 64;

    @Override
    boolean canStreamStep() {
        return !peepholes;
    }

    /**
     * z = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh (B, 4H), then the gates, c and h as in {@link #forward}.
     * With the packed kernel, the weights stay packed across steps in the chunked layout of
     * {@link StepWeights} ({@link #chunkedStep}). Without it, both products
     * of a gate-column range run in the same parallel chunk, so a layer costs one hand-off between
     * threads instead of one per product: at batch 1 a step is two matrix-vector products per
     * layer, and the hand-offs are a good part of its time.
     */
    @Override
    void streamStep(float[] x, int batch, float[][] state, float[] out, float[] z) {
        if (Blas.packed() != null) {
            chunkedStep(x, batch, state, out, z);
            return;
        }
        int hs = hiddenSize;
        int g4 = 4 * hs;
        int in = inputSize;
        float[] h = state[0];
        float[] c = state[1];
        float[] wi = weightIh.dataForReading();
        float[] wh = weightHh.dataForReading();
        float[] bi = biasIh.dataForReading();
        float[] bh = biasHh.dataForReading();
        int oi = weightIh.offset();
        int oh = weightHh.offset();
        int obi = biasIh.offset();
        int obh = biasHh.offset();
        Parallel.forRange(g4, STEP_GRAIN, (j0, j1) -> {
            for (int b = 0; b < batch; b++) {
                for (int j = j0; j < j1; j++) {
                    z[b * g4 + j] = bi[obi + j] + bh[obh + j];
                }
            }
            // inside a parallel chunk Blas.gemm runs on this thread
            Blas.gemm(false, true, batch, j1 - j0, in, 1f, x, 0, in, wi, oi + j0 * in, in, 1f, z, j0, g4);
            Blas.gemm(false, true, batch, j1 - j0, hs, 1f, h, 0, hs, wh, oh + j0 * hs, hs, 1f, z, j0, g4);
        });
        for (int b = 0; b < batch; b++) {
            int s = b * hs;
            LstmCells.update(z, b * g4, hs, c, s, out, s); // c in place
            System.arraycopy(out, s, h, s, hs);
        }
    }

    /**
     * The streaming step on weights kept packed ({@link #stepWeights()}): each thread takes whole
     * chunks of hidden units, computes their z columns for every stream from the packed W_ihᵀ and
     * W_hhᵀ, and runs their gate math (fused, {@link LstmCells}), all without waiting for the other threads. h is read by
     * every chunk's product, so the new h goes to {@code out} and replaces h after all chunks.
     */
    private void chunkedStep(float[] x, int batch, float[][] state, float[] out, float[] z) {
        StepWeights w = stepWeights();
        int hs = hiddenSize;
        int g4 = 4 * hs;
        int in = inputSize;
        float[] h = state[0];
        float[] c = state[1];
        Parallel.forRange(w.chunks(), 1, (c0, c1) -> {
            int from = 4 * StepWeights.chunkStart(c0);
            int to = c1 == w.chunks() ? g4 : 4 * StepWeights.chunkStart(c1);
            for (int b = 0; b < batch; b++) {
                System.arraycopy(w.bias, from, z, b * g4 + from, to - from);
            }
            Blas.packedGemm(false, batch, x, 0, in, w.inputWeights, from, to, 1f, z, 0, g4);
            Blas.packedGemm(false, batch, h, 0, hs, w.recurrentWeights, from, to, 1f, z, 0, g4);
            for (int chunk = c0; chunk < c1; chunk++) {
                int j0 = StepWeights.chunkStart(chunk);
                int width = w.chunkWidth(chunk);
                for (int b = 0; b < batch; b++) {
                    int s = b * hs + j0;
                    LstmCells.update(z, b * g4 + 4 * j0, width, c, s, out, s);
                }
            }
        });
        System.arraycopy(out, 0, h, 0, batch * hs);
    }

    /**
     * The LSTM equations on one sample's gate pre-activations {@code act[row, row + 4H)}, in place:
     * the gates activated (i, f, g, o), {@code c_t = f⊙c_{t−1} + i⊙g} from {@code c[cPrev..]} into
     * {@code c[cNext..]} (the same place when streaming), and {@code tanh(c_t)} into
     * {@code tanhC[to..]}. The caller forms {@code h_t = o⊙tanh(c_t)}. The cached forward keeps
     * the activations for backward; the streaming step needs only c and h and runs the fused
     * {@link LstmCells#update}, which gives the same values bit for bit ({@code LstmCellsTest}).
     */
    private static void cellUpdate(float[] act, int row, int hs, float[] c, int cPrev, int cNext, float[] tanhC, int to) {
        Activations.sigmoid(act, row, 2 * hs);          // i, f
        Activations.tanh(act, row + 2 * hs, hs);        // g
        Activations.sigmoid(act, row + 3 * hs, hs);     // o
        for (int j = 0; j < hs; j++) {
            c[cNext + j] = act[row + hs + j] * c[cPrev + j] + act[row + j] * act[row + 2 * hs + j];
        }
        // In place on a copy: C2 vectorises a[i] = f(a[i]) but not a two-array form it cannot
        // prove alias-free.
        System.arraycopy(c, cNext, tanhC, to, hs);
        Activations.tanh(tanhC, to, hs);
    }

    @Override
    protected void forwardRow(CellCache base, float[] pre, int t, int b) {
        LstmCache cache = (LstmCache) base;
        int row = cache.gateOffset(t, b, 4 * hiddenSize);
        int sp = cache.stateOffset(t, b);
        int sc = sp + cache.batch * hiddenSize;
        if (peepholes) {
            peepholeRow(cache, pre, row, sp, sc, sp);
        } else {
            gatesRow(cache, pre, row, sp, sc, sp);
        }
    }

    /**
     * One row without peepholes, as passes of simple loops that C2 vectorises: activate the
     * gates, update the cell, squash it, gate the output.
     */
    private void gatesRow(LstmCache cache, float[] pre, int row, int sp, int sc, int yo) {
        int hs = hiddenSize;
        float[] act = cache.act;
        System.arraycopy(pre, row, act, row, 4 * hs);
        cellUpdate(act, row, hs, cache.c, sp, sc, cache.tanhC, yo);
        float[] h = cache.h;
        float[] y = cache.y;
        float[] tanhC = cache.tanhC;
        for (int j = 0; j < hs; j++) {
            float v = act[row + 3 * hs + j] * tanhC[yo + j];
            h[sc + j] = v;
            y[yo + j] = v;
        }
    }

    /** One row with peephole terms: i and f see c_{t-1}, o sees c_t. */
    private void peepholeRow(LstmCache cache, float[] pre, int row, int sp, int sc, int yo) {
        int hs = hiddenSize;
        for (int j = 0; j < hs; j++) {
            float cPrev = cache.c[sp + j];
            float i = Activations.sigmoid(pre[row + j] + peepI.get(j) * cPrev);
            float f = Activations.sigmoid(pre[row + hs + j] + peepF.get(j) * cPrev);
            float g = Activations.tanh(pre[row + 2 * hs + j]);
            float c = f * cPrev + i * g;
            float o = Activations.sigmoid(pre[row + 3 * hs + j] + peepO.get(j) * c);
            float tc = Activations.tanh(c);
            float h = o * tc;
            cache.act[row + j] = i;
            cache.act[row + hs + j] = f;
            cache.act[row + 2 * hs + j] = g;
            cache.act[row + 3 * hs + j] = o;
            cache.c[sc + j] = c;
            cache.tanhC[yo + j] = tc;
            cache.h[sc + j] = h;
            cache.y[yo + j] = h;
        }
    }

    @Override
    protected float[][] buffers(CellCache cache) {
        LstmCache c = (LstmCache) cache;
        return new float[][] {c.act, c.c, c.tanhC};
    }

    @Override
    protected void beginBackward(CellCache cache) {
        if (peepholes) {
            ((LstmCache) cache).dPeep = new float[cache.batch * 3 * hiddenSize];
        }
    }

    @Override
    protected void endBackward(CellCache base) {
        if (!peepholes) {
            return;
        }
        LstmCache cache = (LstmCache) base;
        int hs = hiddenSize;
        float[] dPeep = cache.dPeep;
        for (int b = 0; b < cache.batch; b++) {
            for (int j = 0; j < hs; j++) {
                peepI.grad()[peepI.offset() + j] += dPeep[b * 3 * hs + j];
                peepF.grad()[peepF.offset() + j] += dPeep[b * 3 * hs + hs + j];
                peepO.grad()[peepO.offset() + j] += dPeep[b * 3 * hs + 2 * hs + j];
            }
        }
        cache.dPeep = null;
    }

    /** Adds this step's dy to dh, then the gate gradients; dc moves to slot t here, dh in the skeleton. */
    @Override
    protected void backwardRow(CellCache base, float[] dy, float[][] dState, float[] dPre, float[] scratch,
                               int t, int b, int local) {
        LstmCache cache = (LstmCache) base;
        int hs = hiddenSize;
        int row = cache.gateOffset(t, b, 4 * hs);
        int sp = cache.stateOffset(t, b);
        int sc = sp + cache.batch * hs;
        int s = b * hs;
        float[] dh = dState[0];
        if (dy != null) {
            for (int j = 0; j < hs; j++) {
                dh[s + j] += dy[sp + j];
            }
        }
        if (peepholes) {
            peepholeRowBackward(cache, dh, dState[1], dPre, cache.dPeep, b, row, sp, sc, sp, s);
        } else {
            gatesRowBackward(cache, dh, dState[1], dPre, row, sp, sp, s);
        }
    }

    /** One row's gate gradients without peepholes; dh already includes this step's dy. */
    private void gatesRowBackward(LstmCache cache, float[] dh, float[] dc, float[] dPre, int row, int sp, int yo, int s) {
        int hs = hiddenSize;
        float[] act = cache.act;
        float[] tanhC = cache.tanhC;
        float[] c = cache.c;
        for (int j = 0; j < hs; j++) {
            float i = act[row + j];
            float f = act[row + hs + j];
            float g = act[row + 2 * hs + j];
            float o = act[row + 3 * hs + j];
            float tc = tanhC[yo + j];
            float dhj = dh[s + j];
            float dcj = dc[s + j] + dhj * o * (1f - tc * tc);
            dPre[row + j] = dcj * g * i * (1f - i);
            dPre[row + hs + j] = dcj * c[sp + j] * f * (1f - f);
            dPre[row + 2 * hs + j] = dcj * i * (1f - g * g);
            dPre[row + 3 * hs + j] = dhj * tc * o * (1f - o);
            dc[s + j] = dcj * f;
        }
    }

    /** One row's gate gradients with peepholes; their weight gradients go to dPeep[b]. */
    private void peepholeRowBackward(LstmCache cache, float[] dh, float[] dc, float[] dPre, float[] dPeep,
                                     int b, int row, int sp, int sc, int yo, int s) {
        int hs = hiddenSize;
        for (int j = 0; j < hs; j++) {
            float i = cache.act[row + j];
            float f = cache.act[row + hs + j];
            float g = cache.act[row + 2 * hs + j];
            float o = cache.act[row + 3 * hs + j];
            float tc = cache.tanhC[yo + j];
            float cPrev = cache.c[sp + j];
            float dhj = dh[s + j];
            float dO = dhj * tc * o * (1f - o);
            float dcj = dc[s + j] + dhj * o * (1f - tc * tc) + dO * peepO.get(j);
            float dI = dcj * g * i * (1f - i);
            float dF = dcj * cPrev * f * (1f - f);
            dPeep[b * 3 * hs + j] += dI * cPrev;
            dPeep[b * 3 * hs + hs + j] += dF * cPrev;
            dPeep[b * 3 * hs + 2 * hs + j] += dO * cache.c[sc + j];
            dPre[row + j] = dI;
            dPre[row + hs + j] = dF;
            dPre[row + 2 * hs + j] = dcj * i * (1f - g * g);
            dPre[row + 3 * hs + j] = dO;
            dc[s + j] = dcj * f + dI * peepI.get(j) + dF * peepF.get(j);
        }
    }
}
