package io.rnn4j.nn.recurrent;

import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.BufferPool;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Parameter;
import io.rnn4j.tensor.Seq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One recurrent layer in one direction, over whole sequences: the time loop that
 * {@link SimpleRnn}, {@link ClockworkRnn}, {@link Lstm} and {@link Gru} share. The loop checks the
 * input, projects every step's input in one GEMM, splits the batch rows over threads, carries
 * padded rows, passes the state gradients back and forms the weight gradients; a cell supplies its
 * equations for one row at one step ({@link #forwardRow}, {@link #backwardRow}), or a whole step
 * when it needs more than one recurrent product ({@link #forwardStep}, {@link #backwardStep}).
 *
 * <p>Shapes, time-major and row-major: input x (T, B, I), output y (T, B, H), states (B, H).
 * Parameters (PyTorch names, G gate blocks of H rows each):
 * {@code weight_ih_lK} (G·H, I), {@code weight_hh_lK} (G·H, H), {@code bias_ih_lK} (G·H),
 * {@code bias_hh_lK} (G·H), with the suffix {@code _reverse} for the backward direction.
 *
 * <p>Variable lengths: sample b is valid for {@code t < lengths[b]}. At a padded step its output is
 * zero and its state is carried unchanged, so the final state is the state after the last valid
 * step, as with PyTorch's packed sequences; backward passes gradients through padded steps
 * unchanged and adds nothing to any weight from them.
 *
 * <p>The cost that matters is done as PyTorch and cuDNN do: the input projection of all steps is
 * one GEMM ({@code (T·B, I)·(I, G·H)}), each step does one recurrent GEMM, and the weight gradients
 * are one GEMM each over all steps.
 */
public abstract class RecurrentCell {

    /**
     * Fewest batch rows a thread takes in the time loop. Samples are independent, so each thread
     * runs all steps for its rows with no per-step synchronisation (the per-step GEMMs are too
     * small to split well).
     */
    private static final int ROW_GRAIN = 4;

    protected final int inputSize;
    protected final int hiddenSize;
    protected final int gates;
    protected final Parameter weightIh;
    protected final Parameter weightHh;
    protected final Parameter biasIh;
    protected final Parameter biasHh;
    /** Buffers recycled between a forward pass and the next, once backward has consumed it. */
    protected final BufferPool pool = new BufferPool();

    /** The buffers of a pass other than h and y, for recycling. */
    protected abstract float[][] buffers(CellCache cache);

    /**
     * Recycles an inference pass's activations; its output y is kept (and recycled with
     * {@link #releaseOutput} once read) unless {@code outputCopied} says it was copied already.
     * The final state must have been read before.
     */
    void release(CellCache cache, boolean outputCopied) {
        cache.markInference();
        pool.give(buffers(cache));
        pool.give(cache.h);
        if (outputCopied) {
            pool.give(cache.y);
        }
    }

    /** Recycles an inference pass's output once the layer above has consumed it. */
    void releaseOutput(CellCache cache) {
        pool.give(cache.y);
    }

    protected RecurrentCell(int inputSize, int hiddenSize, int gates, String suffix) {
        if (inputSize < 1) {
            throw new IllegalArgumentException("input_size must be >= 1, got " + inputSize);
        }
        if (hiddenSize < 1) {
            throw new IllegalArgumentException("hidden_size must be >= 1, got " + hiddenSize);
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.gates = gates;
        int gh = gates * hiddenSize;
        this.weightIh = new Parameter("weight_ih" + suffix, gh, inputSize);
        this.weightHh = new Parameter("weight_hh" + suffix, gh, hiddenSize);
        this.biasIh = new Parameter("bias_ih" + suffix, gh);
        this.biasHh = new Parameter("bias_hh" + suffix, gh);
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    /** 1 for h, 2 for (h, c). */
    public abstract int stateCount();

    public List<Parameter> parameters() {
        return new ArrayList<>(List.of(weightIh, weightHh, biasIh, biasHh));
    }

    /** Gate pre-activations per sample: G·H. */
    int gateWidth() {
        return gates * hiddenSize;
    }

    /** The weights laid out for {@link #streamStep}, or null before the first step that uses them. */
    private volatile StepWeights stepWeights;

    /**
     * The weights in the chunked layout of {@link StepWeights}, rebuilt when a parameter changed
     * since they were built. Streams on several threads may race to rebuild; each builds the same
     * values and the last one kept wins.
     */
    StepWeights stepWeights() {
        StepWeights w = stepWeights;
        if (w == null || !w.isCurrent()) {
            w = new StepWeights(gates, hiddenSize, inputSize, weightIh, weightHh, biasIh, biasHh);
            stepWeights = w;
        }
        return w;
    }

    /** Whether {@link #streamStep} works for this cell (otherwise streaming runs {@link #forward} on one step). */
    boolean canStreamStep() {
        return false;
    }

    /**
     * One inference step for B streams with no cache, the state updated in place: what a
     * streaming step is made of. Only called when {@link #canStreamStep()}.
     *
     * @param x     input (B, I)
     * @param state [state kind] (B, H), read and overwritten
     * @param out   receives the output h (B, H)
     * @param gates work space of {@link #gateWidth()}·B values
     */
    void streamStep(float[] x, int batch, float[][] state, float[] out, float[] gates) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no single-step path");
    }

    /**
     * Runs the whole sequence: the loop every cell shares. It checks the input, projects all steps'
     * inputs in one GEMM, splits the batch rows over threads, and runs each thread's rows through
     * all steps with {@link #forwardStep}; a padded step carries every state trajectory unchanged.
     *
     * @param x       input (T, B, I)
     * @param lengths valid length per sample (each 0..T), or null for all T
     * @param init    initial states, each (B, H), or null (or null entries) for zeros
     */
    public final CellCache forward(float[] x, int steps, int batch, int[] lengths, float[][] init) {
        checkInput(x, steps, batch);
        CellCache cache = newCache(x, steps, batch, checkLengths(lengths, steps, batch), init);
        float[][] trajectories = cache.trajectories();
        for (int k = 0; k < trajectories.length; k++) {
            copyState(init, k, trajectories[k], 0, batch);
        }
        float[] pre = inputProjection(x, steps * batch, hiddenBiasInProjection()); // (T·B, G·H)
        // W_hh does not change during the pass: pack it once, not once per step and thread, into
        // a recycled buffer (backward does not use it).
        int packedSize = stepMultipliesByAllOfWhh() ? Blas.preparedRightSize(hiddenSize, gateWidth()) : 0;
        float[] packedWhh = packedSize == 0 ? null : pool.take(packedSize, false);
        cache.recurrentWeights = Blas.prepareRight(true, hiddenSize, gateWidth(), weightHh.dataForReading(), weightHh.offset(), hiddenSize,
                packedWhh);
        Parallel.forRange(batch, ROW_GRAIN, (b0, b1) -> {
            float[] scratch = forwardScratch(b1 - b0);
            for (int t = 0; t < steps; t++) {
                forwardStep(cache, pre, scratch, t, b0, b1);
                if (cache.padded) {
                    cache.carryPaddedRows(trajectories, t, b0, b1);
                }
            }
        });
        pool.give(pre);
        if (packedWhh != null) {
            pool.give(packedWhh);
        }
        cache.recurrentWeights = null;
        return cache;
    }

    /**
     * Whether each step multiplies the state by the whole W_hhᵀ through {@link CellCache#recurrentWeights}
     * (then {@link #forward} packs W_hhᵀ for the pass); false for a step that multiplies by parts of
     * it only (the reset-before GRU).
     */
    protected boolean stepMultipliesByAllOfWhh() {
        return true;
    }

    /** A new cache for this pass, its trajectories taken from the pool; reads any non-trajectory state from init. */
    protected abstract CellCache newCache(float[] x, int steps, int batch, int[] lengths, float[][] init);

    /**
     * Whether {@code b_hh} joins {@code b_ih} in the input projection (and its gradient comes from
     * the same rows): true unless the cell needs {@code b_hh} inside its recurrent product, as
     * the GRU's candidate {@code tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))} does.
     */
    protected boolean hiddenBiasInProjection() {
        return true;
    }

    /** Work space of one thread's forward time loop over {@code rows} batch rows, or null. */
    protected float[] forwardScratch(int rows) {
        return null;
    }

    /**
     * One step for batch rows [b0, b1): adds {@code h_{t-1}·W_hhᵀ} to the step's pre-activations
     * and applies {@link #forwardRow} to each valid row. A cell whose step needs more than one
     * product (GRU) overrides the whole step.
     *
     * @param pre pre-activations (T·B, G·H), the input projection on entry
     */
    protected void forwardStep(CellCache cache, float[] pre, float[] scratch, int t, int b0, int b1) {
        int gw = gateWidth();
        Blas.packedGemm(false, b1 - b0, cache.h, cache.stateOffset(t, b0), hiddenSize, cache.recurrentWeights,
                1f, pre, cache.gateOffset(t, b0, gw), gw);
        for (int b = b0; b < b1; b++) {
            if (cache.valid(t, b)) {
                forwardRow(cache, pre, t, b);
            }
        }
    }

    /**
     * The cell's equations for sample b at valid step t: from its pre-activations
     * {@code pre[gateOffset(t, b)..]} and the states at slot t, writes the states at slot t+1,
     * the output {@code y[stateOffset(t, b)..]} and whatever backward needs.
     */
    protected void forwardRow(CellCache cache, float[] pre, int t, int b) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " overrides forwardStep instead");
    }

    /**
     * Back-propagates through the whole sequence, accumulating ({@code +=}) into the parameter
     * gradients and into {@code dx}: the reverse of {@link #forward}'s loop. Each thread runs its
     * rows back through all steps with {@link #backwardStep}; the weight gradients are then one GEMM
     * each over all steps.
     *
     * @param dy     gradient of the loss w.r.t. the output (T, B, H), or null
     * @param dFinal gradient w.r.t. the final states, each (B, H), or null
     * @param dx     receives += ∂L/∂x (T, B, I), or null
     * @param dInit  receives ∂L/∂(initial states), each (B, H) (overwritten), or null
     */
    public final void backward(CellCache cache, float[] dy, float[][] dFinal, float[] dx, float[][] dInit) {
        cache.consume();
        int steps = cache.steps;
        int batch = cache.batch;
        float[][] dState = new float[stateCount()][batch * hiddenSize];
        for (int k = 0; k < differentiableStates(); k++) {
            copyState(dFinal, k, dState[k], 0, batch);
        }
        // ∂L/∂(pre-activations) of all steps (T·B, G·H). Padded rows must read as zero in the
        // weight-gradient GEMMs; valid rows are all written.
        float[] dPre = pool.take(steps * batch * gateWidth(), cache.padded);
        beginBackward(cache);
        Parallel.forRange(batch, ROW_GRAIN, (b0, b1) -> {
            float[] scratch = backwardScratch(b1 - b0);
            for (int t = steps - 1; t >= 0; t--) {
                backwardStep(cache, dy, dState, dPre, scratch, t, b0, b1);
            }
        });
        endBackward(cache);
        recurrentWeightGradients(cache, dPre);
        inputProjectionBackward(dPre, cache.x, steps * batch, dx, hiddenBiasInProjection());
        pool.give(dPre, cache.h, cache.y);
        pool.give(buffers(cache));
        if (dInit != null) {
            for (int k = 0; k < Math.min(dInit.length, dState.length); k++) {
                dInit[k] = dState[k];
            }
        }
    }

    /** How many leading state kinds carry a gradient (the rest, such as a clock, get zero). */
    protected int differentiableStates() {
        return stateCount();
    }

    /** Work space of one thread's backward time loop: at least (rows, H) for ∂h_{t-1}. */
    protected float[] backwardScratch(int rows) {
        return new float[rows * hiddenSize];
    }

    /** Takes the cell's own backward buffers before the rows run (e.g. per-sample peephole sums). */
    protected void beginBackward(CellCache cache) {
    }

    /** Folds the cell's own backward buffers into the gradients after the rows have run. */
    protected void endBackward(CellCache cache) {
    }

    /**
     * One step back for batch rows [b0, b1): {@link #backwardRow} for each valid row, then
     * {@code ∂h_{t-1} = dPre_t·W_hh} into the scratch, handed to {@link #passGradientBack}. Padded
     * rows keep their state gradients.
     *
     * @param dState gradients w.r.t. the states at slot t+1 on entry, at slot t on return
     */
    protected void backwardStep(CellCache cache, float[] dy, float[][] dState, float[] dPre, float[] scratch,
                                int t, int b0, int b1) {
        for (int b = b0; b < b1; b++) {
            if (cache.valid(t, b)) {
                backwardRow(cache, dy, dState, dPre, scratch, t, b, b - b0);
            }
        }
        int gw = gateWidth();
        Blas.gemm(false, false, b1 - b0, hiddenSize, gw, 1f, dPre, cache.gateOffset(t, b0, gw), gw,
                weightHh.dataForReading(), weightHh.offset(), hiddenSize, 0f, scratch, 0, hiddenSize);
        for (int b = b0; b < b1; b++) {
            if (cache.valid(t, b)) {
                passGradientBack(dState, scratch, t, b, b - b0);
            }
        }
    }

    /**
     * The cell's gradient equations for sample b at valid step t: from the state gradients at
     * slot t+1 and {@code dy}, writes {@code dPre[gateOffset(t, b)..]} and every state gradient but
     * h's at slot t. {@code local} is b's row in this thread's scratch.
     */
    protected void backwardRow(CellCache cache, float[] dy, float[][] dState, float[] dPre, float[] scratch,
                               int t, int b, int local) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " overrides backwardStep instead");
    }

    /** Sets ∂h_{t-1} of sample b from the recurrent product in {@code scratch[local·H..]}. */
    protected void passGradientBack(float[][] dState, float[] scratch, int t, int b, int local) {
        System.arraycopy(scratch, local * hiddenSize, dState[0], b * hiddenSize, hiddenSize);
    }

    /** {@code ∂W_hh += Σ_t dPre_tᵀ·h_{t-1}}: one GEMM over all steps. */
    protected void recurrentWeightGradients(CellCache cache, float[] dPre) {
        int gw = gateWidth();
        Blas.gemm(true, false, gw, hiddenSize, cache.steps * cache.batch, 1f, dPre, 0, gw, cache.h, 0, hiddenSize,
                1f, weightHh.grad(), weightHh.offset(), hiddenSize);
    }

    /** The final states after forward, each (B, H), newly allocated: slot T of each trajectory. */
    public float[][] finalState(CellCache cache) {
        float[][] trajectories = cache.trajectories();
        float[][] out = new float[trajectories.length][];
        int bh = cache.batch * hiddenSize;
        for (int k = 0; k < trajectories.length; k++) {
            out[k] = Arrays.copyOfRange(trajectories[k], cache.steps * bh, (cache.steps + 1) * bh);
        }
        return out;
    }

    /** Initialises parameters by the given scheme (see {@link Init}). */
    public void initialize(Init scheme, SplittableRandom rng) {
        int gh = gates * hiddenSize;
        switch (scheme) {
            case PYTORCH: {
                double k = 1.0 / Math.sqrt(hiddenSize);
                for (Parameter p : parameters()) {
                    Init.uniform(p, k, rng);
                }
                break;
            }
            case XAVIER:
            case ORTHOGONAL:
                for (int g = 0; g < gates; g++) {
                    Init.xavier(weightIh.data(), weightIh.offset() + g * hiddenSize * inputSize, hiddenSize, inputSize, rng);
                    if (scheme == Init.XAVIER) {
                        Init.xavier(weightHh.data(), weightHh.offset() + g * hiddenSize * hiddenSize, hiddenSize, hiddenSize, rng);
                    } else {
                        Init.orthogonal(weightHh.data(), weightHh.offset() + g * hiddenSize * hiddenSize, hiddenSize, rng);
                    }
                }
                Arrays.fill(biasIh.data(), biasIh.offset(), biasIh.offset() + gh, 0f);
                Arrays.fill(biasHh.data(), biasHh.offset(), biasHh.offset() + gh, 0f);
                for (Parameter p : parameters()) {
                    if (p != weightIh && p != weightHh && p != biasIh && p != biasHh) {
                        Arrays.fill(p.data(), p.offset(), p.offset() + p.size(), 0f);
                    }
                }
                break;
            default:
                throw new IllegalArgumentException("unknown init " + scheme);
        }
    }

    // ---- shared pieces ----------------------------------------------------------------------

    /** Lengths checked against T and B, or all T when null. */
    protected static int[] checkLengths(int[] lengths, int steps, int batch) {
        if (lengths == null) {
            int[] all = new int[batch];
            Arrays.fill(all, steps);
            return all;
        }
        Seq.checkLengths(lengths, steps, batch);
        return lengths;
    }

    protected void checkInput(float[] x, int steps, int batch) {
        if (steps < 0 || batch < 1) {
            throw new IllegalArgumentException("need T >= 0 and B >= 1, got T=" + steps + ", B=" + batch);
        }
        if (x.length < (long) steps * batch * inputSize) {
            throw new IllegalArgumentException("input has " + x.length + " values, expected T*B*I = "
                    + steps + "*" + batch + "*" + inputSize);
        }
    }

    /** Copies an initial state (B, H) into {@code dst} at {@code off}, or zeros when null. */
    protected void copyState(float[][] init, int index, float[] dst, int off, int batch) {
        int n = batch * hiddenSize;
        if (init != null && init.length > index && init[index] != null) {
            if (init[index].length != n) {
                throw new IllegalArgumentException("initial state " + index + " has " + init[index].length
                        + " values, expected B*H = " + batch + "*" + hiddenSize);
            }
            System.arraycopy(init[index], 0, dst, off, n);
        }
    }

    /**
     * Input projection of all steps in one GEMM: {@code out (T·B, G·H) = x · W_ihᵀ + b_ih}
     * (+ {@code b_hh} when {@code addHiddenBias}).
     */
    protected float[] inputProjection(float[] x, int rows, boolean addHiddenBias) {
        int gh = gates * hiddenSize;
        float[] out = pool.take(rows * gh, false);
        float[] bias = new float[gh];
        for (int j = 0; j < gh; j++) {
            bias[j] = biasIh.get(j) + (addHiddenBias ? biasHh.get(j) : 0f);
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(bias, 0, out, r * gh, gh);
        }
        Blas.gemm(false, true, rows, gh, inputSize, 1f, x, 0, inputSize,
                weightIh.dataForReading(), weightIh.offset(), inputSize, 1f, out, 0, gh);
        return out;
    }

    /**
     * Given the gradient of the input projection dG (T·B, G·H), accumulates
     * {@code ∂W_ih += dGᵀ·x}, {@code ∂b_ih += Σ_rows dG} (and {@code ∂b_hh} when
     * {@code hiddenBiasToo}), and {@code dx += dG·W_ih}.
     */
    protected void inputProjectionBackward(float[] dG, float[] x, int rows, float[] dx, boolean hiddenBiasToo) {
        int gh = gates * hiddenSize;
        Blas.gemm(true, false, gh, inputSize, rows, 1f, dG, 0, gh, x, 0, inputSize,
                1f, weightIh.grad(), weightIh.offset(), inputSize);
        float[] sums = new float[gh];
        addColumnSums(dG, rows, gh, gh, sums, 0);
        float[] gIh = biasIh.grad();
        float[] gHh = biasHh.grad();
        for (int j = 0; j < gh; j++) {
            gIh[biasIh.offset() + j] += sums[j];
            if (hiddenBiasToo) {
                gHh[biasHh.offset() + j] += sums[j];
            }
        }
        if (dx != null) {
            Blas.gemm(false, false, rows, inputSize, gh, 1f, dG, 0, gh,
                    weightIh.dataForReading(), weightIh.offset(), inputSize, 1f, dx, 0, inputSize);
        }
    }

    /** {@code out[off + j] += Σ_r m[r·ld + j]} for j &lt; cols. */
    protected static void addColumnSums(float[] m, int rows, int cols, int ld, float[] out, int off) {
        // Accumulate in a private buffer: C2 vectorises the row loop only when it can see that
        // the two arrays differ.
        float[] acc = new float[cols];
        for (int r = 0; r < rows; r++) {
            int base = r * ld;
            for (int j = 0; j < cols; j++) {
                acc[j] += m[base + j];
            }
        }
        for (int j = 0; j < cols; j++) {
            out[off + j] += acc[j];
        }
    }
}
