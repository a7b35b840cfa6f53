package io.rnn4j.nn.recurrent;

import io.rnn4j.nn.Dropout;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.RecurrentState;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A stack of recurrent layers, optionally bidirectional, with dropout between layers: the
 * equivalent of PyTorch's {@code nn.RNN}, {@code nn.LSTM} and {@code nn.GRU}.
 *
 * <p>Shapes: input x (T, B, I); output (T, B, H·D) for CONCAT or (T, B, H) for SUM, where
 * D = 2 when bidirectional; states are indexed like PyTorch's {@code h_n}: entry
 * {@code l·D + d} of an array of (B, H) blocks, for layer l and direction d (1 = reverse).
 * Parameters are named {@code weight_ih_l{l}[_reverse]} etc.
 *
 * <p>The output of layer l is the input of layer l+1; in training, dropout with probability p is
 * applied to it (inverted dropout: kept values scaled by 1/(1−p)), as PyTorch does.
 */
public final class RecurrentStack {

    private final RecurrentConfig config;
    private final RecurrentCell[][] cells; // [layer][direction]

    /** Everything forward keeps for backward. */
    public static final class StackCache {
        public final int steps;
        public final int batch;
        public final int[] lengths;
        /** Top-layer output (T, B, outputSize), zero at padded steps. */
        public final float[] output;
        /** Final states: [l·D + d][state index] (B, H); state index 0 = h, 1 = c. */
        public final float[][][] finalState;
        final CellCache[][] cellCaches;
        final float[][] dropoutMasks; // [layer] mask applied to that layer's input, or null

        StackCache(int steps, int batch, int[] lengths, float[] output, float[][][] finalState,
                   CellCache[][] cellCaches, float[][] dropoutMasks) {
            this.steps = steps;
            this.batch = batch;
            this.lengths = lengths;
            this.output = output;
            this.finalState = finalState;
            this.cellCaches = cellCaches;
            this.dropoutMasks = dropoutMasks;
        }
    }

    public RecurrentStack(RecurrentConfig config) {
        this.config = config;
        int dirs = config.directions();
        cells = new RecurrentCell[config.numLayers()][dirs];
        for (int l = 0; l < config.numLayers(); l++) {
            int in = l == 0 ? config.inputSize() : config.outputSize();
            for (int d = 0; d < dirs; d++) {
                String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                cells[l][d] = cell(config, in, suffix);
            }
        }
    }

    /**
     * A new cell of the config's type, size and variants over {@code in} inputs, its parameters
     * named with {@code suffix} ({@code weight_ih_l0}, …): what a stack is built of, and what a
     * decoder that steps its own cells builds them with.
     */
    public static RecurrentCell cell(RecurrentConfig c, int in, String suffix) {
        switch (c.cell()) {
            case RNN:
                return new SimpleRnn(in, c.hiddenSize(), c.nonlinearity(), suffix);
            case LSTM:
                return new Lstm(in, c.hiddenSize(), c.peepholes(), c.forgetBias(), suffix);
            case GRU:
                return new Gru(in, c.hiddenSize(), c.gruVariant(), suffix);
            case CLOCKWORK:
                return new ClockworkRnn(in, c.hiddenSize(), c.clockPeriods().stream().mapToInt(Integer::intValue).toArray(), suffix);
            default:
                throw new IllegalArgumentException("unknown cell " + c.cell());
        }
    }

    public RecurrentConfig config() {
        return config;
    }

    /** The cell of layer l, direction d (0 forward, 1 reverse). */
    public RecurrentCell cell(int layer, int direction) {
        return cells[layer][direction];
    }

    /** Parameters in PyTorch's state-dict order: per layer, forward then reverse. */
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (RecurrentCell[] layer : cells) {
            for (RecurrentCell c : layer) {
                ps.addAll(c.parameters());
            }
        }
        return ps;
    }

    public void initialize(Init scheme, SplittableRandom rng) {
        for (RecurrentCell[] layer : cells) {
            for (RecurrentCell c : layer) {
                c.initialize(scheme, rng);
            }
        }
    }

    /**
     * Runs all layers over the sequence.
     *
     * @param x        input (T, B, I)
     * @param lengths  valid length per sample, or null for all T
     * @param init     initial states [l·D + d][state] (B, H), or null for zeros
     * @param dropout  random source for dropout between layers, or null for none (inference)
     */
    public StackCache forward(float[] x, int steps, int batch, int[] lengths, float[][][] init, SplittableRandom dropout) {
        return forward(x, steps, batch, lengths, init, dropout, true);
    }

    /**
     * As {@link #forward(float[], int, int, int[], float[][][], SplittableRandom)}; with
     * {@code keepForBackward} false (inference) each cell recycles its activations as soon as the
     * layer above has read them, and the pass cannot be back-propagated.
     */
    public StackCache forward(float[] x, int steps, int batch, int[] lengths, float[][][] init, SplittableRandom dropout,
                              boolean keepForBackward) {
        int dirs = config.directions();
        int layers = config.numLayers();
        int hs = config.hiddenSize();
        checkInit(init, batch);
        CellCache[][] caches = new CellCache[layers][dirs];
        float[][] masks = new float[layers][];
        float[][][] finals = new float[layers * dirs][][];
        float[] in = x;
        for (int l = 0; l < layers; l++) {
            int inSize = l == 0 ? config.inputSize() : config.outputSize();
            if (l > 0 && dropout != null && config.dropout() > 0f) {
                masks[l] = Dropout.mask(steps * batch * inSize, config.dropout(), dropout);
                float[] dropped = new float[in.length];
                for (int i = 0; i < dropped.length; i++) {
                    dropped[i] = in[i] * masks[l][i];
                }
                in = dropped;
            }
            float[][] outs = new float[dirs][];
            for (int d = 0; d < dirs; d++) {
                float[] cellIn = d == 0 ? in : TimeReversal.reverse(in, steps, batch, inSize, lengths);
                CellCache c = cells[l][d].forward(cellIn, steps, batch, lengths,
                        init == null ? null : init[l * dirs + d]);
                caches[l][d] = c;
                finals[l * dirs + d] = cells[l][d].finalState(c);
                outs[d] = d == 0 ? c.y : TimeReversal.reverse(c.y, steps, batch, hs, lengths);
            }
            in = merge(outs, steps * batch, hs);
            if (!keepForBackward) {
                // Inference: recycle this layer's activations now; its output too when the merge or
                // the reversal copied it, else once the layer above has read it.
                for (int d = 0; d < dirs; d++) {
                    cells[l][d].release(caches[l][d], d == 1 || dirs == 2);
                }
                if (l > 0 && dirs == 1) {
                    cells[l - 1][0].releaseOutput(caches[l - 1][0]);
                }
            }
        }
        return new StackCache(steps, batch, lengths, in, finals, caches, masks);
    }

    /**
     * Back-propagates through all layers, accumulating into parameter gradients.
     *
     * @param dOutput gradient w.r.t. the top output (T, B, outputSize), or null
     * @param dFinal  gradient w.r.t. the final states [l·D + d][state] (B, H), or null (entries may be null)
     * @param dx      receives += ∂L/∂x (T, B, I), or null
     * @return ∂L/∂(initial states) [l·D + d][state] (B, H)
     */
    public float[][][] backward(StackCache cache, float[] dOutput, float[][][] dFinal, float[] dx) {
        int dirs = config.directions();
        int layers = config.numLayers();
        int hs = config.hiddenSize();
        int steps = cache.steps;
        int batch = cache.batch;
        int rows = steps * batch;
        float[][][] dInit = new float[layers * dirs][][];
        float[] dOut = dOutput;
        for (int l = layers - 1; l >= 0; l--) {
            int inSize = l == 0 ? config.inputSize() : config.outputSize();
            float[] dIn = l == 0 ? dx : new float[rows * inSize];
            for (int d = 0; d < dirs; d++) {
                float[] dy = dOut == null ? null : split(dOut, rows, hs, d);
                RecurrentCell cell = cells[l][d];
                float[][] dState = new float[cell.stateCount()][];
                float[][] dFin = dFinal == null ? null : dFinal[l * dirs + d];
                if (d == 0) {
                    cell.backward(cache.cellCaches[l][d], dy, dFin, dIn, dState);
                } else {
                    float[] dyRev = dy == null ? null : TimeReversal.reverse(dy, steps, batch, hs, cache.lengths);
                    float[] dInRev = dIn == null ? null : new float[rows * inSize];
                    cell.backward(cache.cellCaches[l][d], dyRev, dFin, dInRev, dState);
                    if (dIn != null) {
                        float[] back = TimeReversal.reverse(dInRev, steps, batch, inSize, cache.lengths);
                        for (int i = 0; i < back.length; i++) {
                            dIn[i] += back[i];
                        }
                    }
                }
                dInit[l * dirs + d] = dState;
            }
            if (l > 0) {
                float[] mask = cache.dropoutMasks[l];
                if (mask != null) {
                    for (int i = 0; i < dIn.length; i++) {
                        dIn[i] *= mask[i];
                    }
                }
                dOut = dIn;
            }
        }
        return dInit;
    }

    /** A zero streaming state for B streams; only unidirectional stacks can stream. */
    public RecurrentState newStreamingState(int batch) {
        if (config.bidirectional()) {
            throw new IllegalStateException("a bidirectional stack needs the whole sequence and cannot stream step by step");
        }
        return new RecurrentState(config.numLayers(), config.stateCount(), batch, config.hiddenSize());
    }

    /**
     * Streaming inference: feeds {@code steps} steps x (steps, B, I) to every stream, starting
     * from and updating {@code state}, and returns the top output (steps, B, H).
     */
    public float[] step(float[] x, int steps, RecurrentState state) {
        if (config.bidirectional()) {
            throw new IllegalStateException("a bidirectional stack cannot stream step by step");
        }
        int batch = state.batch();
        if (steps == 1 && singleStepCells()) {
            float[] in = x;
            int layers = config.numLayers();
            int bh = batch * config.hiddenSize();
            for (int l = 0; l < layers; l++) {
                // the layers below the top write into reused buffers; the caller keeps the top's output
                float[] out = l == layers - 1 ? new float[bh] : state.scratch(2 * l, bh);
                cells[l][0].streamStep(in, batch, state.live()[l], out, state.scratch(2 * l + 1, cells[l][0].gateWidth() * batch));
                in = out;
            }
            return in;
        }
        StackCache c = forward(x, steps, batch, null, state.live(), null, false);
        for (int l = 0; l < config.numLayers(); l++) {
            for (int k = 0; k < config.stateCount(); k++) {
                state.set(l, k, c.finalState[l][k]);
            }
        }
        return c.output;
    }

    /** Whether every layer has the cache-free single-step path. */
    private boolean singleStepCells() {
        for (RecurrentCell[] layer : cells) {
            if (!layer[0].canStreamStep()) {
                return false;
            }
        }
        return true;
    }

    private float[] merge(float[][] outs, int rows, int hs) {
        if (outs.length == 1) {
            return outs[0];
        }
        if (config.merge() == RecurrentConfig.Merge.SUM) {
            float[] s = new float[rows * hs];
            for (int i = 0; i < s.length; i++) {
                s[i] = outs[0][i] + outs[1][i];
            }
            return s;
        }
        float[] cat = new float[rows * 2 * hs];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(outs[0], r * hs, cat, r * 2 * hs, hs);
            System.arraycopy(outs[1], r * hs, cat, r * 2 * hs + hs, hs);
        }
        return cat;
    }

    /** The part of the merged output gradient that belongs to direction d, (T·B, H). */
    private float[] split(float[] dOut, int rows, int hs, int d) {
        if (config.directions() == 1 || config.merge() == RecurrentConfig.Merge.SUM) {
            return dOut;
        }
        float[] part = new float[rows * hs];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(dOut, r * 2 * hs + d * hs, part, r * hs, hs);
        }
        return part;
    }

    private void checkInit(float[][][] init, int batch) {
        if (init == null) {
            return;
        }
        int expected = config.numLayers() * config.directions();
        if (init.length != expected) {
            throw new IllegalArgumentException("initial state has " + init.length
                    + " entries, expected num_layers * directions = " + expected);
        }
    }
}
