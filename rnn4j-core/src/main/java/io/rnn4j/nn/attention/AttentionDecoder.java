package io.rnn4j.nn.attention;

import io.rnn4j.kernel.Activations;
import io.rnn4j.kernel.Blas;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.MultiInputLayer;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.recurrent.CellCache;
import io.rnn4j.nn.recurrent.RecurrentCell;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentStack;
import io.rnn4j.tensor.Seq;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The decoder of an encoder–decoder: a stack of L recurrent cells (LSTM, GRU or RNN) that writes
 * the target one step at a time while attending over the encoder's outputs. As a graph layer it
 * reads three inputs: the embedded target inputs e (T, B, E) (teacher forcing: the target shifted
 * right behind a start token, with the target lengths), the memory m (S, B, Dm) (the encoder's
 * outputs, their lengths masking the padded source) and a summary z (1, B, K) (the encoder's
 * final state, see {@link io.rnn4j.nn.LastValidStep}). It returns o (T, B, H) for a softmax head.
 *
 * <p><b>Start.</b> Every layer's h₀ is z when K = H, else {@code tanh(W_b z + b_b)} (the bridge);
 * an LSTM's c₀ is zero.
 *
 * <p><b>A step</b>, with s_t the top layer's output and {@code Attend} one {@link Attention}:
 * <ul>
 *   <li>ADDITIVE (Bahdanau): {@code c_t = Attend(s_{t−1}, m)}, the cells read
 *       {@code [e_t; c_t]}, and {@code o_t = s_t}.</li>
 *   <li>DOT, GENERAL, CONCAT (Luong): the cells read e_t, or {@code [e_t; õ_{t−1}]} with input
 *       feeding (õ₋₁ = 0); then {@code c_t = Attend(s_t, m)} and
 *       {@code o_t = õ_t = tanh(W_c [c_t; s_t] + b_c)}.</li>
 * </ul>
 * <p><b>Without attention</b> ({@code score} null: Sutskever et al. 2014, Vinyals et al. 2015's
 * "Show and Tell") the cells read e_t alone and {@code o_t = s_t}: the summary, through h₀, is all
 * the decoder learns of the input; the memory is read for its shape only.
 *
 * <p>Padded target steps carry every state unchanged, as the cells do; their outputs are never read
 * by a masked loss. Training runs forward over all T steps and back through them (BPTT);
 * inference steps with {@link #start} and {@link #step}.
 *
 * <p>Parameters: the cells' ({@code weight_ih_l0}, … as PyTorch names them), the attention's with
 * the prefix {@code attention_}, {@code bridge_weight} (H, K) and {@code bridge_bias} when K ≠ H,
 * and Luong's {@code combine_weight} (H, Dm + H) and {@code combine_bias}.
 */
public final class AttentionDecoder implements MultiInputLayer {

    private final RecurrentConfig rnn;
    private final int memorySize;
    private final int summarySize;
    private final boolean inputFeeding;
    private final Attention attention;
    private final RecurrentCell[] cells;
    private final int hidden;
    private final Parameter bridgeWeight;
    private final Parameter bridgeBias;
    private final Parameter combineWeight;
    private final Parameter combineBias;

    /**
     * @param rnn           the cells: type, E = {@code inputSize}, H, L layers and variants
     *                      (unidirectional, no dropout)
     * @param memorySize    Dm, features per step of the encoder's outputs
     * @param summarySize   K, features of the encoder's summary
     * @param score         the attention; ADDITIVE places it before the cells, the others after;
     *                      null for none
     * @param attentionSize A for the ADDITIVE and CONCAT scores (ignored by the others)
     * @param inputFeeding  Luong's input feeding (not with ADDITIVE, which feeds its context)
     */
    public AttentionDecoder(RecurrentConfig rnn, int memorySize, int summarySize, Attention.Score score,
                            int attentionSize, boolean inputFeeding) {
        if (rnn.bidirectional()) {
            throw new IllegalArgumentException("a decoder writes left to right; its cells cannot be bidirectional");
        }
        if (rnn.cell() == RecurrentConfig.CellType.CLOCKWORK) {
            throw new IllegalArgumentException("the attention decoder takes LSTM, GRU or RNN cells, not CLOCKWORK");
        }
        if (rnn.dropout() != 0f) {
            throw new IllegalArgumentException("the attention decoder has no dropout between its layers; "
                    + "put a Dropout layer on its embedded input instead");
        }
        if (score == null && inputFeeding) {
            throw new IllegalArgumentException("input feeding feeds the attention's output; a decoder without attention has none");
        }
        if (score == Attention.Score.ADDITIVE && inputFeeding) {
            throw new IllegalArgumentException("input feeding is for Luong attention (dot, general, concat); "
                    + "additive attention already feeds its context into the cells");
        }
        if (summarySize < 1) {
            throw new IllegalArgumentException("the decoder's summary needs >= 1 features, got " + summarySize);
        }
        this.rnn = rnn;
        this.memorySize = memorySize;
        this.summarySize = summarySize;
        this.inputFeeding = inputFeeding;
        this.hidden = rnn.hiddenSize();
        this.attention = score == null ? null : new Attention(score, hidden, memorySize, attentionSize, "attention_");
        this.cells = new RecurrentCell[rnn.numLayers()];
        for (int l = 0; l < cells.length; l++) {
            cells[l] = RecurrentStack.cell(rnn, l == 0 ? rnn.inputSize() + feedWidth() : hidden, "_l" + l);
        }
        boolean bridged = summarySize != hidden;
        this.bridgeWeight = bridged ? new Parameter("bridge_weight", hidden, summarySize) : null;
        this.bridgeBias = bridged ? new Parameter("bridge_bias", hidden) : null;
        boolean luong = score != null && score != Attention.Score.ADDITIVE;
        this.combineWeight = luong ? new Parameter("combine_weight", hidden, memorySize + hidden) : null;
        this.combineBias = luong ? new Parameter("combine_bias", hidden) : null;
    }

    /** Parameters of a decoder of these settings, computed without building it. */
    public static long parameterCount(RecurrentConfig rnn, int memorySize, int summarySize, Attention.Score score,
                                      int attentionSize, boolean inputFeeding) {
        long h = rnn.hiddenSize();
        long feed = score == Attention.Score.ADDITIVE ? memorySize : inputFeeding ? h : 0;
        long n = rnn.cell().layerParameterCount(rnn.inputSize() + feed, h, rnn.peepholes());
        n += (rnn.numLayers() - 1) * rnn.cell().layerParameterCount(h, h, rnn.peepholes());
        n += score == null ? 0 : Attention.parameterCount(score, (int) h, memorySize, attentionSize);
        n += summarySize != h ? h * summarySize + h : 0;
        n += score != null && score != Attention.Score.ADDITIVE ? h * (memorySize + h) + h : 0;
        return n;
    }

    public RecurrentConfig rnn() {
        return rnn;
    }

    /** The attention, or null for a decoder without one. */
    public Attention attention() {
        return attention;
    }

    public int memorySize() {
        return memorySize;
    }

    public int summarySize() {
        return summarySize;
    }

    public boolean inputFeeding() {
        return inputFeeding;
    }

    private boolean additive() {
        return attention != null && attention.score() == Attention.Score.ADDITIVE;
    }

    /** Width appended to e_t at the first layer's input: Dm (ADDITIVE), H (input feeding) or 0. */
    private int feedWidth() {
        return additive() ? memorySize : inputFeeding ? hidden : 0;
    }

    @Override
    public int outputSize(int[] inputSizes) {
        if (inputSizes.length != 3) {
            throw new IllegalArgumentException("the attention decoder reads 3 inputs (embedded targets, memory, summary), got "
                    + inputSizes.length);
        }
        if (inputSizes[0] != rnn.inputSize() || inputSizes[1] != memorySize || inputSizes[2] != summarySize) {
            throw new IllegalArgumentException("the attention decoder expects inputs of " + rnn.inputSize() + ", " + memorySize
                    + " and " + summarySize + " features, got " + inputSizes[0] + ", " + inputSizes[1] + " and " + inputSizes[2]);
        }
        return hidden;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (RecurrentCell c : cells) {
            ps.addAll(c.parameters());
        }
        if (attention != null) {
            ps.addAll(attention.parameters());
        }
        for (Parameter p : new Parameter[] {bridgeWeight, bridgeBias, combineWeight, combineBias}) {
            if (p != null) {
                ps.add(p);
            }
        }
        return ps;
    }

    @Override
    public void initialize(Init scheme, SplittableRandom rng) {
        for (RecurrentCell c : cells) {
            c.initialize(scheme, rng);
        }
        if (attention != null) {
            attention.initialize(scheme, rng);
        }
        initLinear(bridgeWeight, bridgeBias, scheme, rng);
        initLinear(combineWeight, combineBias, scheme, rng);
    }

    private static void initLinear(Parameter w, Parameter b, Init scheme, SplittableRandom rng) {
        if (w == null) {
            return;
        }
        int rows = w.shape()[0];
        int cols = w.shape()[1];
        if (scheme == Init.PYTORCH) {
            Init.uniform(w, 1.0 / Math.sqrt(cols), rng);
            Init.uniform(b, 1.0 / Math.sqrt(cols), rng);
        } else {
            Init.xavier(w.data(), w.offset(), rows, cols, rng);
        }
    }

    /** The state of B decoding streams between steps (see {@link #start}). */
    public static final class State {
        final Attention.Memory memory;
        final int batch;
        /** [layer][kind] (B, H). */
        float[][][] cells;
        /** õ_{t−1} (B, H) with input feeding, else null. */
        float[] feed;
        /** The attention weights (B, S) of the last step, or null before the first. */
        float[] weights;

        State(Attention.Memory memory, int batch, float[][][] cells, float[] feed) {
            this.memory = memory;
            this.batch = batch;
            this.cells = cells;
            this.feed = feed;
        }

        public int batch() {
            return batch;
        }

        /** The attention weights (B, S) of the last {@link #step}: row b, column s; null without attention. */
        public float[] weights() {
            return weights;
        }

        /** Source steps S of the memory (0 without attention, which keeps none). */
        public int sourceSteps() {
            return memory == null ? 0 : memory.steps;
        }

        /**
         * Makes row r follow row {@code from[r]}: what beam search does when hypotheses survive or
         * die. Rows that share a memory row must stay among themselves (the beams of one sentence),
         * since the memory is not moved.
         */
        public void reorder(int[] from) {
            if (from.length != batch) {
                throw new IllegalArgumentException("reorder needs " + batch + " rows, got " + from.length);
            }
            for (float[][] layer : cells) {
                for (int k = 0; k < layer.length; k++) {
                    layer[k] = gatherRows(layer[k], from);
                }
            }
            if (feed != null) {
                feed = gatherRows(feed, from);
            }
        }

        private static float[] gatherRows(float[] a, int[] from) {
            int w = a.length / from.length;
            float[] out = new float[a.length];
            for (int r = 0; r < from.length; r++) {
                System.arraycopy(a, from[r] * w, out, r * w, w);
            }
            return out;
        }
    }

    /** What one decoder step keeps for backward. */
    private static final class StepRecord {
        final CellCache[] caches;
        final Attention.Step attended;
        /** Luong: [c_t; s_t] (B, Dm + H), the combination's input. */
        final float[] combined;
        /** o_t (B, H). */
        final float[] output;

        StepRecord(CellCache[] caches, Attention.Step attended, float[] combined, float[] output) {
            this.caches = caches;
            this.attended = attended;
            this.combined = combined;
            this.output = output;
        }
    }

    /**
     * What a forward keeps: the attention weights (T, B, S) always (null without attention), and
     * for backward (a training pass only; else null) the rest.
     */
    private record Run(float[] weights, Attention.Memory memory, float[] summary, float[] bridged, StepRecord[] steps,
                       int batch) {
    }

    /**
     * Starts B decoding streams (inference): the memory's keys and the initial states.
     *
     * @param memory  (S, B, Dm) with its lengths
     * @param summary (1, B, K)
     */
    public State start(Seq memory, Seq summary) {
        checkMemory(memory, summary);
        float[] h0 = bridge(summary.values, summary.batch);
        return new State(prepare(memory), memory.batch, initialCells(h0, memory.batch),
                inputFeeding ? new float[memory.batch * hidden] : null);
    }

    /**
     * One step for every stream: reads the embedded previous tokens (B, E), advances the state
     * and returns o_t (B, H); {@link State#weights()} then holds this step's attention.
     */
    public float[] step(State state, float[] embedded) {
        if (embedded.length != state.batch * rnn.inputSize()) {
            throw new IllegalArgumentException("a decoder step reads (B, E) = (" + state.batch + ", " + rnn.inputSize()
                    + ") values, got " + embedded.length);
        }
        StepRecord r = forwardStep(state, embedded, 0, null);
        state.weights = r.attended == null ? null : r.attended.weights;
        return r.output;
    }

    private void checkMemory(Seq memory, Seq summary) {
        if (memory.isTokens() || summary.isTokens()) {
            throw new IllegalArgumentException("the decoder's memory and summary must be features, not token ids");
        }
        if (summary.steps != 1 || summary.batch != memory.batch) {
            throw new IllegalArgumentException("the decoder's summary must be (1, B=" + memory.batch + ", K), got ("
                    + summary.steps + ", " + summary.batch + ", " + summary.features + ")");
        }
        outputSize(new int[] {rnn.inputSize(), memory.features, summary.features});
    }

    private Attention.Memory prepare(Seq memory) {
        return attention == null ? null : attention.prepare(memory);
    }

    /** h₀ (B, H): the summary itself, or {@code tanh(W_b z + b_b)}. */
    private float[] bridge(float[] summary, int batch) {
        if (bridgeWeight == null) {
            return summary.clone();
        }
        float[] h0 = new float[batch * hidden];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(bridgeBias.data(), bridgeBias.offset(), h0, b * hidden, hidden);
        }
        Blas.gemm(false, true, batch, hidden, summarySize, 1f, summary, 0, summarySize,
                bridgeWeight.data(), bridgeWeight.offset(), summarySize, 1f, h0, 0, hidden);
        Activations.tanh(h0, 0, h0.length);
        return h0;
    }

    private float[][][] initialCells(float[] h0, int batch) {
        float[][][] states = new float[cells.length][rnn.stateCount()][];
        for (int l = 0; l < cells.length; l++) {
            states[l][0] = h0.clone();
            for (int k = 1; k < states[l].length; k++) {
                states[l][k] = new float[batch * hidden];
            }
        }
        return states;
    }

    /**
     * One step for all B rows: builds the first layer's input from e_t, runs the cells and the
     * attention, and advances {@code state}.
     *
     * @param embedded e (…, B, E), read at row offset {@code offset}
     * @param lengths  1 for a valid row, 0 for a padded one (its states are carried), or null
     */
    private StepRecord forwardStep(State state, float[] embedded, int offset, int[] lengths) {
        int batch = state.batch;
        int e = rnn.inputSize();
        int in = e + feedWidth();
        float[] x = new float[batch * in];
        Attention.Step attended = null;
        if (additive()) {
            attended = attention.attend(state.memory, state.cells[cells.length - 1][0], batch);
        }
        for (int b = 0; b < batch; b++) {
            System.arraycopy(embedded, offset + b * e, x, b * in, e);
            if (additive()) {
                System.arraycopy(attended.context, b * memorySize, x, b * in + e, memorySize);
            } else if (inputFeeding) {
                System.arraycopy(state.feed, b * hidden, x, b * in + e, hidden);
            }
        }
        CellCache[] caches = new CellCache[cells.length];
        float[] layerIn = x;
        for (int l = 0; l < cells.length; l++) {
            caches[l] = cells[l].forward(layerIn, 1, batch, lengths, state.cells[l]);
            state.cells[l] = cells[l].finalState(caches[l]);
            layerIn = caches[l].y;
        }
        float[] top = layerIn; // s_t (B, H)
        if (attention == null || additive()) {
            return new StepRecord(caches, attended, null, top.clone());
        }
        attended = attention.attend(state.memory, top, batch);
        int cw = memorySize + hidden;
        float[] combined = new float[batch * cw];
        float[] out = new float[batch * hidden];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(attended.context, b * memorySize, combined, b * cw, memorySize);
            System.arraycopy(top, b * hidden, combined, b * cw + memorySize, hidden);
            System.arraycopy(combineBias.data(), combineBias.offset(), out, b * hidden, hidden);
        }
        Blas.gemm(false, true, batch, hidden, cw, 1f, combined, 0, cw, combineWeight.data(), combineWeight.offset(), cw,
                1f, out, 0, hidden);
        Activations.tanh(out, 0, out.length);
        if (inputFeeding) {
            state.feed = out;
        }
        return new StepRecord(caches, attended, combined, out);
    }

    @Override
    public Pass forward(Seq[] inputs, ForwardContext context) {
        Seq targets = inputs[0];
        Seq memory = inputs[1];
        Seq summary = inputs[2];
        if (targets.isTokens()) {
            throw new IllegalArgumentException("the decoder reads embedded targets; put an Embedding before it");
        }
        if (targets.batch != memory.batch) {
            throw new IllegalArgumentException("the decoder's targets have batch " + targets.batch + ", the memory " + memory.batch);
        }
        checkMemory(memory, summary);
        int batch = targets.batch;
        float[] h0 = bridge(summary.values, batch);
        State state = new State(prepare(memory), batch, initialCells(h0, batch),
                inputFeeding ? new float[batch * hidden] : null);
        float[] out = new float[targets.steps * batch * hidden];
        StepRecord[] records = new StepRecord[targets.steps];
        int sources = memory.steps;
        float[] weights = attention == null ? null : new float[targets.steps * batch * sources];
        for (int t = 0; t < targets.steps; t++) {
            int[] lengths = null;
            if (targets.lengths != null) {
                lengths = new int[batch];
                for (int b = 0; b < batch; b++) {
                    lengths[b] = targets.valid(t, b) ? 1 : 0;
                }
            }
            StepRecord r = forwardStep(state, targets.values, t * batch * rnn.inputSize(), lengths);
            System.arraycopy(r.output, 0, out, t * batch * hidden, batch * hidden);
            if (weights != null) {
                System.arraycopy(r.attended.weights, 0, weights, t * batch * sources, batch * sources);
            }
            records[t] = context.gradients() ? r : null;
        }
        Seq output = targets.withValues(out, hidden);
        if (!context.gradients()) {
            return new Pass(inputs, output, new Run(weights, null, null, null, null, batch));
        }
        return new Pass(inputs, output, new Run(weights, state.memory, summary.values, bridgeWeight == null ? null : h0, records,
                batch));
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[][] dIns) {
        Run run = (Run) pass.cache();
        if (run.steps == null) {
            throw new IllegalStateException("this decoder pass ran for inference and kept nothing for backward");
        }
        int batch = run.batch;
        int steps = run.steps.length;
        int e = rnn.inputSize();
        int in = e + feedWidth();
        int top = cells.length - 1;
        float[] dMemory = attention == null ? null : dIns[1] != null ? dIns[1] : new float[run.memory.values.length];
        float[][][] dState = new float[cells.length][rnn.stateCount()][batch * hidden];
        float[] dFeed = inputFeeding ? new float[batch * hidden] : null;
        for (int t = steps - 1; t >= 0; t--) {
            StepRecord r = run.steps[t];
            float[] dTop = new float[batch * hidden];
            System.arraycopy(dOut, t * batch * hidden, dTop, 0, batch * hidden);
            if (attention != null && !additive()) {
                dTop = combineBackward(r, dTop, dFeed, dMemory, run.memory, batch);
            }
            float[] dy = dTop;
            float[] dx = null;
            for (int l = top; l >= 0; l--) {
                dx = new float[batch * (l == 0 ? in : hidden)];
                float[][] dInit = new float[rnn.stateCount()][];
                cells[l].backward(r.caches[l], dy, dState[l], dx, dInit);
                dState[l] = dInit;
                dy = dx;
            }
            float[] dContext = additive() ? new float[batch * memorySize] : null;
            for (int b = 0; b < batch; b++) {
                if (dIns[0] != null) {
                    addRow(dx, b * in, dIns[0], (t * batch + b) * e, e);
                }
                if (additive()) {
                    System.arraycopy(dx, b * in + e, dContext, b * memorySize, memorySize);
                } else if (inputFeeding) {
                    System.arraycopy(dx, b * in + e, dFeed, b * hidden, hidden);
                }
            }
            if (additive()) {
                // the query was s_{t−1}, the top layer's state before this step
                attention.attendBackward(run.memory, r.attended, dContext, dState[top][0], dMemory);
            }
        }
        if (attention != null) {
            attention.memoryBackward(run.memory, dMemory);
        }
        float[] dh0 = new float[batch * hidden];
        for (float[][] layer : dState) {
            addRow(layer[0], 0, dh0, 0, dh0.length);
        }
        bridgeBackward(run, dh0, dIns[2], batch);
    }

    /**
     * Back through {@code õ_t = tanh(W_c [c_t; s_t] + b_c)} and the attention; returns ∂L/∂s_t.
     *
     * @param dFeed ∂L/∂õ_t from the next step's input (input feeding; added here), or null
     */
    private float[] combineBackward(StepRecord r, float[] dOut, float[] dFeed, float[] dMemory, Attention.Memory memory,
                                    int batch) {
        int cw = memorySize + hidden;
        float[] dz = new float[batch * hidden];
        for (int i = 0; i < dz.length; i++) {
            float g = dOut[i] + (dFeed == null ? 0f : dFeed[i]);
            dz[i] = g * (1f - r.output[i] * r.output[i]);
        }
        Blas.gemm(true, false, hidden, cw, batch, 1f, dz, 0, hidden, r.combined, 0, cw, 1f,
                combineWeight.grad(), combineWeight.offset(), cw);
        float[] gb = combineBias.grad();
        for (int b = 0; b < batch; b++) {
            addRow(dz, b * hidden, gb, combineBias.offset(), hidden);
        }
        float[] dCombined = new float[batch * cw];
        Blas.gemm(false, false, batch, cw, hidden, 1f, dz, 0, hidden, combineWeight.data(), combineWeight.offset(), cw,
                0f, dCombined, 0, cw);
        float[] dContext = new float[batch * memorySize];
        float[] dTop = new float[batch * hidden];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(dCombined, b * cw, dContext, b * memorySize, memorySize);
            System.arraycopy(dCombined, b * cw + memorySize, dTop, b * hidden, hidden);
        }
        attention.attendBackward(memory, r.attended, dContext, dTop, dMemory);
        return dTop;
    }

    private void bridgeBackward(Run run, float[] dh0, float[] dSummary, int batch) {
        if (bridgeWeight == null) {
            if (dSummary != null) {
                addRow(dh0, 0, dSummary, 0, dh0.length);
            }
            return;
        }
        for (int i = 0; i < dh0.length; i++) {
            dh0[i] *= 1f - run.bridged[i] * run.bridged[i];
        }
        Blas.gemm(true, false, hidden, summarySize, batch, 1f, dh0, 0, hidden, run.summary, 0, summarySize, 1f,
                bridgeWeight.grad(), bridgeWeight.offset(), summarySize);
        float[] gb = bridgeBias.grad();
        for (int b = 0; b < batch; b++) {
            addRow(dh0, b * hidden, gb, bridgeBias.offset(), hidden);
        }
        if (dSummary != null) {
            Blas.gemm(false, false, batch, summarySize, hidden, 1f, dh0, 0, hidden, bridgeWeight.data(), bridgeWeight.offset(),
                    summarySize, 1f, dSummary, 0, summarySize);
        }
    }

    private static void addRow(float[] from, int fromOff, float[] to, int toOff, int n) {
        for (int j = 0; j < n; j++) {
            to[toOff + j] += from[fromOff + j];
        }
    }

    /**
     * The attention weights (T, B, S) of a forward pass of this layer, for plots: row (t, b) holds
     * step t's weights over the S memory steps; null for a decoder without attention.
     */
    public static float[] weights(Pass pass) {
        return ((Run) pass.cache()).weights;
    }
}
