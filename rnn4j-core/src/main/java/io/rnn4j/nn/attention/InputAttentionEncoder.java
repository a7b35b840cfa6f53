package io.rnn4j.nn.attention;

import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.RecurrentState;
import io.rnn4j.nn.recurrent.CellCache;
import io.rnn4j.nn.recurrent.RecurrentCell;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentStack;
import io.rnn4j.tensor.Seq;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The first stage of DA-RNN (Qin et al. 2017, "A Dual-Stage Attention-Based Recurrent Neural
 * Network for Time Series Prediction", eqs. 8–11): an encoder that, before each step, weighs its n
 * driving series by an additive attention whose query is the cell's previous state and whose keys
 * are the series' whole windows. For x (T, B, n) and a cell of m units:
 * <pre>
 *   e_t^k = v_eᵀ tanh(W_e [h_{t−1}; c_{t−1}] + U_e x^k),   x^k = (x_1^k, …, x_T^k), the k-th series' window
 *   α_t^k = exp(e_t^k) / Σ_j exp(e_t^j)
 *   x̃_t  = (α_t^1 x_t^1, …, α_t^n x_t^n)
 *   h_t  = cell(h_{t−1}, x̃_t)                                 (c_{t−1} only for an LSTM; h₀ = c₀ = 0)
 * </pre>
 * It returns h (T, B, m), and {@link #weights} gives α (T, B, n) of any pass, for plots. W_e is
 * (A, S·m) for S state kinds, U_e (A, T) and v_e (A); the paper takes A = T. The keys U_e x^k are
 * computed once per pass.
 *
 * <p>Every window must be whole (T steps, no padding), since each step reads every series' whole
 * window; for the same reason the layer cannot stream step by step.
 *
 * <p>Parameters: the cell's ({@code weight_ih_l0}, … as PyTorch names them) and the attention's
 * {@code input_attention_query_weight} (W_e), {@code input_attention_key_weight} (U_e) and
 * {@code input_attention_v} (v_e).
 */
public final class InputAttentionEncoder implements Layer {

    private final RecurrentConfig rnn;
    private final int window;
    private final RecurrentCell cell;
    private final Attention attention;

    /**
     * @param rnn           the cell: type (LSTM, GRU or RNN), n = {@code inputSize} driving series,
     *                      m = {@code hiddenSize}; one layer, unidirectional, no dropout
     * @param window        T, the steps of every window
     * @param attentionSize A, the attention's hidden width (the paper uses T)
     */
    public InputAttentionEncoder(RecurrentConfig rnn, int window, int attentionSize) {
        if (rnn.numLayers() != 1 || rnn.bidirectional() || rnn.dropout() != 0f) {
            throw new IllegalArgumentException("the input-attention encoder has one unidirectional layer without dropout; stack"
                    + " further layers after it");
        }
        if (rnn.cell() == RecurrentConfig.CellType.CLOCKWORK) {
            throw new IllegalArgumentException("the input-attention encoder takes LSTM, GRU or RNN cells, not CLOCKWORK");
        }
        if (window < 1) {
            throw new IllegalArgumentException("the input-attention encoder needs a window of >= 1 steps, got " + window);
        }
        this.rnn = rnn;
        this.window = window;
        this.cell = RecurrentStack.cell(rnn, rnn.inputSize(), "_l0");
        this.attention = new Attention(Attention.Score.ADDITIVE, rnn.stateCount() * rnn.hiddenSize(), window, attentionSize,
                "input_attention_");
    }

    /** Parameters of an encoder of these settings, computed without building it. */
    public static long parameterCount(RecurrentConfig rnn, int window, int attentionSize) {
        return rnn.cell().layerParameterCount(rnn.inputSize(), rnn.hiddenSize(), rnn.peepholes())
                + Attention.parameterCount(Attention.Score.ADDITIVE, rnn.stateCount() * rnn.hiddenSize(), window, attentionSize);
    }

    public RecurrentConfig rnn() {
        return rnn;
    }

    /** T, the steps of every window. */
    public int window() {
        return window;
    }

    public int attentionSize() {
        return attention.attentionSize();
    }

    private int drivers() {
        return rnn.inputSize();
    }

    private int hidden() {
        return rnn.hiddenSize();
    }

    @Override
    public int outputSize(int inputSize) {
        if (inputSize != drivers()) {
            throw new IllegalArgumentException("the input-attention encoder reads " + drivers() + " driving series, got "
                    + inputSize + " features");
        }
        return hidden();
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>(cell.parameters());
        ps.addAll(attention.parameters());
        return ps;
    }

    @Override
    public void initialize(Init scheme, SplittableRandom rng) {
        cell.initialize(scheme, rng);
        attention.initialize(scheme, rng);
    }

    /** What a pass keeps: α (T, B, n) always; the memory, attention steps and cell caches for backward. */
    private record Run(float[] weights, float[] input, int batch, Attention.Memory memory, Attention.Step[] attended,
                       CellCache[] caches) {
    }

    @Override
    public Pass forward(Seq in, ForwardContext context) {
        if (in.isTokens()) {
            throw new IllegalArgumentException("the input-attention encoder reads driving series, not token ids");
        }
        outputSize(in.features);
        if (in.steps != window) {
            throw new IllegalArgumentException("the input-attention encoder reads windows of " + window + " steps, got "
                    + in.steps);
        }
        if (in.lengths != null) {
            for (int len : in.lengths) {
                if (len != window) {
                    throw new IllegalArgumentException("the input-attention encoder reads whole windows; got a padded one of "
                            + len + " of " + window + " steps");
                }
            }
        }
        int batch = in.batch;
        int n = drivers();
        int m = hidden();
        int kinds = rnn.stateCount();
        // the memory: each series' window is one row of keys, (n, B, T)
        float[] windows = new float[n * batch * window];
        for (int t = 0; t < window; t++) {
            for (int b = 0; b < batch; b++) {
                for (int k = 0; k < n; k++) {
                    windows[(k * batch + b) * window + t] = in.values[(t * batch + b) * n + k];
                }
            }
        }
        Attention.Memory memory = attention.prepare(Seq.ofValues(windows, n, batch, window, null));
        boolean keep = context.gradients();
        Attention.Step[] attended = keep ? new Attention.Step[window] : null;
        CellCache[] caches = keep ? new CellCache[window] : null;
        float[][] state = new float[kinds][batch * m];
        float[] out = new float[window * batch * m];
        float[] weights = new float[window * batch * n];
        float[] query = new float[batch * kinds * m];
        for (int t = 0; t < window; t++) {
            for (int b = 0; b < batch; b++) {
                for (int s = 0; s < kinds; s++) {
                    System.arraycopy(state[s], b * m, query, (b * kinds + s) * m, m);
                }
            }
            Attention.Step step = attention.attend(memory, query, batch);
            float[] weighted = new float[batch * n];
            int at = t * batch * n;
            for (int i = 0; i < batch * n; i++) {
                weighted[i] = step.weights[i] * in.values[at + i];
            }
            System.arraycopy(step.weights, 0, weights, at, batch * n);
            CellCache cache = cell.forward(weighted, 1, batch, null, state);
            state = cell.finalState(cache);
            System.arraycopy(cache.y, 0, out, t * batch * m, batch * m);
            if (keep) {
                attended[t] = step;
                caches[t] = cache;
                query = new float[batch * kinds * m]; // the step keeps a reference to its queries
            }
        }
        Run run = new Run(weights, in.values, batch, keep ? memory : null, attended, caches);
        return new Pass(in, in.withValues(out, m), run);
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        Run run = (Run) pass.cache();
        if (run.caches == null) {
            throw new IllegalStateException("this encoder pass ran for inference and kept nothing for backward");
        }
        int batch = run.batch;
        int n = drivers();
        int m = hidden();
        int kinds = rnn.stateCount();
        float[][] dState = new float[kinds][batch * m];
        for (int t = window - 1; t >= 0; t--) {
            float[] dy = new float[batch * m];
            System.arraycopy(dOut, t * batch * m, dy, 0, batch * m);
            float[] dWeighted = new float[batch * n];
            float[][] dInit = new float[kinds][];
            cell.backward(run.caches[t], dy, dState, dWeighted, dInit);
            // x̃ = α ⊙ x_t: ∂α = ∂x̃ ⊙ x_t, and x_t's direct share ∂x̃ ⊙ α
            int at = t * batch * n;
            float[] dWeights = new float[batch * n];
            for (int i = 0; i < batch * n; i++) {
                dWeights[i] = dWeighted[i] * run.input[at + i];
                if (dIn != null) {
                    dIn[at + i] += dWeighted[i] * run.weights[at + i];
                }
            }
            float[] dQuery = new float[batch * kinds * m];
            attention.attendBackward(run.memory, run.attended[t], null, dWeights, dQuery, null);
            for (int s = 0; s < kinds; s++) {
                if (dInit[s] == null) {
                    dInit[s] = new float[batch * m];
                }
                for (int b = 0; b < batch; b++) {
                    for (int j = 0; j < m; j++) {
                        dInit[s][b * m + j] += dQuery[(b * kinds + s) * m + j];
                    }
                }
            }
            dState = dInit;
        }
        // the keys U_e x^k: their gradient reaches the windows once, for all steps
        float[] dWindows = new float[n * batch * window];
        attention.memoryBackward(run.memory, dWindows);
        if (dIn != null) {
            for (int t = 0; t < window; t++) {
                for (int b = 0; b < batch; b++) {
                    for (int k = 0; k < n; k++) {
                        dIn[(t * batch + b) * n + k] += dWindows[(k * batch + b) * window + t];
                    }
                }
            }
        }
    }

    /** The input attention α (T, B, n) of a forward pass of this layer: row (t, b), column k. */
    public static float[] weights(Pass pass) {
        return ((Run) pass.cache()).weights;
    }

    @Override
    public RecurrentState newStreamingState(int batch) {
        throw new IllegalStateException("the input-attention encoder reads every driving series' whole window at each step"
                + " and cannot stream step by step");
    }
}
