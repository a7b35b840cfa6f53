package io.rnn4j.nn.attention;

import io.rnn4j.kernel.Activations;
import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.MultiInputLayer;
import io.rnn4j.nn.Parameter;
import io.rnn4j.tensor.Seq;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Soft attention of queries over a memory (Bahdanau et al. 2015; Luong et al. 2015). For a query
 * q (Dq) of sample b and the memory rows m_s (Dm) of that sample, s &lt; length_b:
 * <pre>
 *   e_s = score(q, m_s)
 *   α   = softmax over the valid s of e          (padded memory rows get weight 0)
 *   c   = Σ_s α_s · m_s                           (Dm)
 * </pre>
 * with the score one of {@link Score}. A sample with no valid memory row gets α = 0 and c = 0.
 *
 * <p>As a graph layer it reads two inputs, queries (Tq, B, Dq) and memory (S, B, Dm) whose
 * lengths mask the padded rows, and returns the contexts (Tq, B, Dm); {@link #weights} gives the
 * weights (Tq, B, S) of a pass, for plots. {@link AttentionDecoder} uses the same arithmetic one
 * decoder step at a time through {@link #prepare}, {@link #attend} and their backward twins.
 *
 * <p>Parameter names and shapes follow a PyTorch module with {@code nn.Linear(…, bias=False)}
 * members: GENERAL {@code weight} (Dq, Dm); ADDITIVE and CONCAT {@code query_weight} (A, Dq),
 * {@code key_weight} (A, Dm) and {@code v} (1, A).
 */
public final class Attention implements MultiInputLayer {

    /** How a query is scored against a memory row. */
    public enum Score {
        /**
         * Bahdanau's additive score {@code vᵀ tanh(W_q q + W_k m)}; in an {@link AttentionDecoder}
         * the query is the previous decoder state and the context is fed into the recurrence.
         */
        ADDITIVE,
        /** Luong's {@code qᵀ m} (needs Dq = Dm). */
        DOT,
        /** Luong's {@code qᵀ W m}. */
        GENERAL,
        /**
         * Luong's {@code vᵀ tanh(W_a [q; m])}, which is the additive score with
         * {@code W_a = [W_q W_k]}; in an {@link AttentionDecoder} the query is the current
         * decoder output, as for the other Luong scores.
         */
        CONCAT;

        /** Whether the score has the additive form {@code vᵀ tanh(W_q q + W_k m)}. */
        boolean additive() {
            return this == ADDITIVE || this == CONCAT;
        }
    }

    /** Samples per thread chunk of the attention loops. */
    private static final int SAMPLE_GRAIN = 4;

    private final Score score;
    private final int querySize;
    private final int memorySize;
    private final int attentionSize;
    private final Parameter weight;      // GENERAL: (Dq, Dm)
    private final Parameter queryWeight; // additive: (A, Dq)
    private final Parameter keyWeight;   // additive: (A, Dm)
    private final Parameter v;           // additive: (1, A)

    /**
     * @param attentionSize A, the width of the additive score's hidden layer (ignored by DOT and
     *                      GENERAL)
     */
    public Attention(Score score, int querySize, int memorySize, int attentionSize) {
        this(score, querySize, memorySize, attentionSize, "");
    }

    /** As the four-argument constructor, with every parameter name prefixed (a decoder's {@code attention_}). */
    Attention(Score score, int querySize, int memorySize, int attentionSize, String prefix) {
        if (querySize < 1 || memorySize < 1) {
            throw new IllegalArgumentException("attention needs query and memory sizes >= 1, got " + querySize + ", " + memorySize);
        }
        if (score == Score.DOT && querySize != memorySize) {
            throw new IllegalArgumentException("dot attention needs queries as wide as the memory, got " + querySize
                    + " and " + memorySize + "; use general or concat attention");
        }
        if (score.additive() && attentionSize < 1) {
            throw new IllegalArgumentException(score.name().toLowerCase() + " attention needs an attention size >= 1, got "
                    + attentionSize);
        }
        this.score = score;
        this.querySize = querySize;
        this.memorySize = memorySize;
        this.attentionSize = score.additive() ? attentionSize : 0;
        this.weight = score == Score.GENERAL ? new Parameter(prefix + "weight", querySize, memorySize) : null;
        this.queryWeight = score.additive() ? new Parameter(prefix + "query_weight", attentionSize, querySize) : null;
        this.keyWeight = score.additive() ? new Parameter(prefix + "key_weight", attentionSize, memorySize) : null;
        this.v = score.additive() ? new Parameter(prefix + "v", 1, attentionSize) : null;
    }

    /** Parameters of an attention of these settings, computed without building it. */
    public static long parameterCount(Score score, int querySize, int memorySize, int attentionSize) {
        if (score == Score.GENERAL) {
            return (long) querySize * memorySize;
        }
        return score.additive() ? (long) attentionSize * (querySize + memorySize + 1) : 0;
    }

    public Score score() {
        return score;
    }

    public int querySize() {
        return querySize;
    }

    public int memorySize() {
        return memorySize;
    }

    /** A (0 for DOT and GENERAL). */
    public int attentionSize() {
        return attentionSize;
    }

    /** Width of the keys the memory is turned into: Dm (DOT), Dq (GENERAL) or A (additive). */
    private int keySize() {
        return score == Score.DOT ? memorySize : score == Score.GENERAL ? querySize : attentionSize;
    }

    @Override
    public int outputSize(int[] inputSizes) {
        if (inputSizes.length != 2) {
            throw new IllegalArgumentException("attention reads 2 inputs (queries, memory), got " + inputSizes.length);
        }
        if (inputSizes[0] != querySize || inputSizes[1] != memorySize) {
            throw new IllegalArgumentException("attention expects queries of " + querySize + " and memory of " + memorySize
                    + " features, got " + inputSizes[0] + " and " + inputSizes[1]);
        }
        return memorySize;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Parameter p : new Parameter[] {weight, queryWeight, keyWeight, v}) {
            if (p != null) {
                ps.add(p);
            }
        }
        return ps;
    }

    /** As {@code nn.Linear}'s default: uniform ±1/√fan_in (PYTORCH), else Xavier. */
    @Override
    public void initialize(Init scheme, SplittableRandom rng) {
        for (Parameter p : parameters()) {
            int rows = p.shape()[0];
            int cols = p.shape()[1];
            if (scheme == Init.PYTORCH) {
                Init.uniform(p, 1.0 / Math.sqrt(cols), rng);
            } else {
                Init.xavier(p.data(), p.offset(), rows, cols, rng);
            }
        }
    }

    /** A memory made ready for attention: its rows, lengths and keys. */
    public static final class Memory {
        /** (S, B, Dm), referenced. */
        final float[] values;
        final int steps;
        final int batch;
        /** Valid rows per sample (never null here). */
        final int[] lengths;
        /** (S, B, K): the memory itself (DOT), W·m (GENERAL) or W_k·m (additive). */
        final float[] keys;
        /** ∂L/∂keys, accumulated over the attend steps of a backward pass; null until then. */
        float[] dKeys;

        Memory(float[] values, int steps, int batch, int[] lengths, float[] keys) {
            this.values = values;
            this.steps = steps;
            this.batch = batch;
            this.lengths = lengths;
            this.keys = keys;
        }

        public int steps() {
            return steps;
        }

        public int batch() {
            return batch;
        }
    }

    /** Computes the keys of a memory (S, B, Dm) once, for any number of {@link #attend} calls. */
    public Memory prepare(Seq memory) {
        if (memory.isTokens() || memory.features != memorySize) {
            throw new IllegalArgumentException("attention memory must have " + memorySize + " features"
                    + (memory.isTokens() ? ", got token ids" : ", got " + memory.features));
        }
        int rows = memory.steps * memory.batch;
        int[] lengths = memory.lengths;
        if (lengths == null) {
            lengths = new int[memory.batch];
            java.util.Arrays.fill(lengths, memory.steps);
        }
        float[] keys;
        if (score == Score.DOT) {
            keys = memory.values;
        } else {
            Parameter w = score == Score.GENERAL ? weight : keyWeight;
            int k = keySize();
            keys = new float[rows * k];
            Blas.gemm(false, true, rows, k, memorySize, 1f, memory.values, 0, memorySize, w.data(), w.offset(), memorySize,
                    0f, keys, 0, k);
        }
        return new Memory(memory.values, memory.steps, memory.batch, lengths, keys);
    }

    /** What one {@link #attend} call keeps for its backward. */
    public static final class Step {
        /** The queries (R, Dq), referenced. */
        final float[] queries;
        final int rows;
        /** α (R, S). */
        public final float[] weights;
        /** c (R, Dm). */
        public final float[] context;
        /** Additive scores: tanh(W_q q + W_k m_s) (R, S, A); null otherwise. */
        final float[] hidden;

        Step(float[] queries, int rows, float[] weights, float[] context, float[] hidden) {
            this.queries = queries;
            this.rows = rows;
            this.weights = weights;
            this.context = context;
            this.hidden = hidden;
        }
    }

    /**
     * Attends R query rows over the memory; row r belongs to sample {@code r mod B}, so R = B is
     * one decoder step and R = T·B a whole time-major query sequence.
     *
     * @param queries (R, Dq)
     */
    public Step attend(Memory memory, float[] queries, int rows) {
        int batch = memory.batch;
        int steps = memory.steps;
        if (rows % batch != 0 || queries.length < rows * querySize) {
            throw new IllegalArgumentException("attention got " + rows + " query rows for a memory of batch " + batch);
        }
        int k = keySize();
        float[] weights = new float[rows * steps];
        float[] context = new float[rows * memorySize];
        float[] hidden = null;
        float[] projected = null; // additive: W_q q (R, A)
        if (score.additive()) {
            hidden = new float[rows * steps * attentionSize];
            projected = new float[rows * attentionSize];
            Blas.gemm(false, true, rows, attentionSize, querySize, 1f, queries, 0, querySize,
                    queryWeight.data(), queryWeight.offset(), querySize, 0f, projected, 0, attentionSize);
        }
        float[] vw = score.additive() ? v.data() : null;
        int vOff = score.additive() ? v.offset() : 0;
        float[] hid = hidden;
        float[] proj = projected;
        // rows of different samples are independent: split the samples over the threads
        Parallel.forRange(batch, SAMPLE_GRAIN, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                for (int r = b; r < rows; r += batch) {
                    attendRow(memory, queries, r, b, weights, context, hid, proj, vw, vOff, k);
                }
            }
        });
        return new Step(queries, rows, weights, context, hidden);
    }

    /** Scores, weights and context of query row r (of sample b). */
    private void attendRow(Memory memory, float[] queries, int r, int b, float[] weights, float[] context, float[] hidden,
                           float[] projected, float[] vw, int vOff, int k) {
        int batch = memory.batch;
        int steps = memory.steps;
        int len = memory.lengths[b];
        int wOff = r * steps;
        float max = Float.NEGATIVE_INFINITY;
        for (int s = 0; s < len; s++) {
            int key = (s * batch + b) * k;
            float e = 0f;
            if (score.additive()) {
                int hOff = (r * steps + s) * attentionSize;
                for (int a = 0; a < attentionSize; a++) {
                    float u = Activations.tanh(projected[r * attentionSize + a] + memory.keys[key + a]);
                    hidden[hOff + a] = u;
                    e += vw[vOff + a] * u;
                }
            } else {
                int q = r * querySize;
                for (int j = 0; j < k; j++) {
                    e += queries[q + j] * memory.keys[key + j];
                }
            }
            weights[wOff + s] = e;
            max = Math.max(max, e);
        }
        float sum = 0f;
        for (int s = 0; s < len; s++) {
            float p = Activations.exp(weights[wOff + s] - max);
            weights[wOff + s] = p;
            sum += p;
        }
        int cOff = r * memorySize;
        for (int s = 0; s < len; s++) {
            float a = weights[wOff + s] / sum;
            weights[wOff + s] = a;
            int m = (s * batch + b) * memorySize;
            for (int j = 0; j < memorySize; j++) {
                context[cOff + j] += a * memory.values[m + j];
            }
        }
    }

    /**
     * The backward of one {@link #attend}: adds ∂L/∂queries into {@code dQueries} (R, Dq, or
     * null), ∂L/∂memory through the weighted sum into {@code dMemory} (S, B, Dm), the key
     * gradients into the memory (folded by {@link #memoryBackward}), and the query-side
     * parameter gradients.
     *
     * @param dContext ∂L/∂c (R, Dm)
     */
    public void attendBackward(Memory memory, Step step, float[] dContext, float[] dQueries, float[] dMemory) {
        attendBackward(memory, step, dContext, null, dQueries, dMemory);
    }

    /**
     * As {@link #attendBackward(Memory, Step, float[], float[], float[])}, for a caller that also
     * reads the weights themselves: {@code dWeights} (R, S) is ∂L/∂α from that use (null when
     * none), and {@code dContext} may be null when the context is not used. {@code dMemory} is
     * only written through the context, so it may be null when {@code dContext} is.
     */
    public void attendBackward(Memory memory, Step step, float[] dContext, float[] dWeights, float[] dQueries,
                               float[] dMemory) {
        int batch = memory.batch;
        int steps = memory.steps;
        int rows = step.rows;
        int k = keySize();
        if (memory.dKeys == null && score != Score.DOT) {
            memory.dKeys = new float[steps * batch * k];
        }
        float[] dProjected = score.additive() ? new float[rows * attentionSize] : null;
        // each sample's v gradient apart, summed in sample order afterwards: the same sum for any thread count
        float[] dvPerSample = score.additive() ? new float[batch * attentionSize] : null;
        Parallel.forRange(batch, SAMPLE_GRAIN, (b0, b1) -> {
            float[] dScores = new float[steps];
            for (int b = b0; b < b1; b++) {
                for (int r = b; r < rows; r += batch) {
                    attendRowBackward(memory, step, r, b, dContext, dWeights, dQueries, dMemory, dProjected, dvPerSample,
                            dScores, k);
                }
            }
        });
        if (score.additive()) {
            float[] dv = v.grad();
            for (int b = 0; b < batch; b++) {
                for (int a = 0; a < attentionSize; a++) {
                    dv[v.offset() + a] += dvPerSample[b * attentionSize + a];
                }
            }
        }
        if (score.additive()) {
            // W_q q: ∂W_q += dPᵀ·Q, ∂Q += dP·W_q
            Blas.gemm(true, false, attentionSize, querySize, rows, 1f, dProjected, 0, attentionSize, step.queries, 0, querySize,
                    1f, queryWeight.grad(), queryWeight.offset(), querySize);
            if (dQueries != null) {
                Blas.gemm(false, false, rows, querySize, attentionSize, 1f, dProjected, 0, attentionSize,
                        queryWeight.data(), queryWeight.offset(), querySize, 1f, dQueries, 0, querySize);
            }
        }
    }

    /** The backward of {@link #attendRow} for query row r (of sample b). */
    private void attendRowBackward(Memory memory, Step step, int r, int b, float[] dContext, float[] dWeights, float[] dQueries,
                                   float[] dMemory, float[] dProjected, float[] dvPerSample, float[] dScores, int k) {
        int batch = memory.batch;
        int steps = memory.steps;
        int len = memory.lengths[b];
        int wOff = r * steps;
        int cOff = r * memorySize;
        // ∂L/∂α_s = dc·m_s; the context also passes α_s·dc to m_s
        float mean = 0f;
        for (int s = 0; s < len; s++) {
            float a = step.weights[wOff + s];
            float d = dWeights == null ? 0f : dWeights[wOff + s];
            if (dContext != null) {
                int m = (s * batch + b) * memorySize;
                for (int j = 0; j < memorySize; j++) {
                    d += dContext[cOff + j] * memory.values[m + j];
                    dMemory[m + j] += a * dContext[cOff + j];
                }
            }
            dScores[s] = d;
            mean += a * d;
        }
        // softmax: ∂L/∂e_s = α_s (∂L/∂α_s − Σ α ∂L/∂α)
        for (int s = 0; s < len; s++) {
            float de = step.weights[wOff + s] * (dScores[s] - mean);
            int key = (s * batch + b) * k;
            if (score.additive()) {
                float[] vw = v.data();
                int vOff = v.offset();
                int hOff = (r * steps + s) * attentionSize;
                for (int a = 0; a < attentionSize; a++) {
                    float u = step.hidden[hOff + a];
                    dvPerSample[b * attentionSize + a] += de * u;
                    float dz = de * vw[vOff + a] * (1f - u * u);
                    dProjected[r * attentionSize + a] += dz;
                    memory.dKeys[key + a] += dz;
                }
            } else {
                int q = r * querySize;
                float[] dKeys = score == Score.DOT ? dMemory : memory.dKeys;
                for (int j = 0; j < k; j++) {
                    if (dQueries != null) {
                        dQueries[q + j] += de * memory.keys[key + j];
                    }
                    dKeys[key + j] += de * step.queries[q + j];
                }
            }
        }
    }

    /**
     * Folds the key gradients gathered by {@link #attendBackward} into {@code dMemory} and the
     * key-side parameter gradients; call once after the last {@link #attendBackward} on this memory.
     */
    public void memoryBackward(Memory memory, float[] dMemory) {
        if (score == Score.DOT || memory.dKeys == null) {
            return;
        }
        Parameter w = score == Score.GENERAL ? weight : keyWeight;
        int k = keySize();
        int rows = memory.steps * memory.batch;
        Blas.gemm(true, false, k, memorySize, rows, 1f, memory.dKeys, 0, k, memory.values, 0, memorySize,
                1f, w.grad(), w.offset(), memorySize);
        Blas.gemm(false, false, rows, memorySize, k, 1f, memory.dKeys, 0, k, w.data(), w.offset(), memorySize,
                1f, dMemory, 0, memorySize);
        memory.dKeys = null;
    }

    /** What the graph layer keeps for backward. */
    private record LayerCache(Memory memory, Step step) {
    }

    @Override
    public Pass forward(Seq[] inputs, ForwardContext context) {
        Seq queries = inputs[0];
        Seq memory = inputs[1];
        if (queries.isTokens()) {
            throw new IllegalArgumentException("attention queries are token ids; embed them first");
        }
        if (queries.batch != memory.batch) {
            throw new IllegalArgumentException("attention queries have batch " + queries.batch + ", the memory " + memory.batch);
        }
        outputSize(new int[] {queries.features, memory.features});
        Memory m = prepare(memory);
        Step step = attend(m, queries.values, queries.steps * queries.batch);
        return new Pass(inputs, queries.withValues(step.context, memorySize), new LayerCache(m, step));
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[][] dIns) {
        LayerCache c = (LayerCache) pass.cache();
        float[] dMemory = dIns[1] != null ? dIns[1] : new float[c.memory.values.length];
        attendBackward(c.memory, c.step, dOut, dIns[0], dMemory);
        memoryBackward(c.memory, dMemory);
    }

    /** The attention weights (Tq, B, S) of a forward pass of this layer, for plots. */
    public static float[] weights(Pass pass) {
        return ((LayerCache) pass.cache()).step.weights;
    }
}
