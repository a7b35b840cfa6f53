package io.rnn4j.train;

import io.rnn4j.loss.Loss;
import io.rnn4j.loss.Targets;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.RecurrentState;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.tensor.Seq;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * Truncated back-propagation through time, BPTT(k2; k1) in Williams &amp; Peng's (1990) terms:
 * every k1 steps the parameters are updated, with the gradient of the loss on those k1 steps
 * back-propagated k2 ≥ k1 steps into the past. State is carried across windows (and, by the
 * caller, across batches) but gradients never cross a window's start.
 *
 * <p>Window w covers steps {@code [e − k2, e)} with {@code e = min((w+1)·k1, T)}; only the last
 * k1 steps count in the loss, the earlier ones are context. When k2 &gt; k1 the state at the window
 * start is recomputed by a gradient-free forward from the previous window start. With k1 = k2 the
 * windows tile the sequence and the carried state is the previous window's final state.
 *
 * <p>A model trained this way must output one row per input step.
 */
public final class TruncatedBptt {

    private final int k1;
    private final int k2;

    /** Receives each window's gradient: called after backward, before the next window. */
    @FunctionalInterface
    public interface WindowUpdate {
        void apply(int window, SequenceModel.Gradient gradient);
    }

    public TruncatedBptt(int k1, int k2) {
        if (k1 < 1) {
            throw new IllegalArgumentException("truncated BPTT: k1 (steps between updates) must be >= 1, got " + k1);
        }
        if (k2 < k1) {
            throw new IllegalArgumentException("truncated BPTT: k2 (steps back-propagated) = " + k2
                    + " is smaller than k1 (steps between updates) = " + k1
                    + "; the first k1 - k2 steps of every update would get no gradient. Use k2 >= k1.");
        }
        this.k1 = k1;
        this.k2 = k2;
    }

    public int k1() {
        return k1;
    }

    public int k2() {
        return k2;
    }

    /** The result of one long batch: summed loss over counted rows, their count, final states. */
    public record Result(double lossSum, int count, Map<String, RecurrentState> finalStates) {
    }

    /**
     * Runs all windows of one batch.
     *
     * @param initialStates carried-in recurrent states by layer name (detached), or empty
     * @param random        dropout source, or null for no dropout
     * @param update        called after each window's backward, e.g. to clip and step the optimizer
     */
    public Result run(SequenceModel model, Seq input, Targets targets, Loss loss,
                      Map<String, RecurrentState> initialStates, SplittableRandom random, WindowUpdate update) {
        return run(model, input, targets, loss, initialStates, random, update, () -> true);
    }

    /**
     * Runs the windows of one batch while {@code budgetLeft} allows another update; the windows
     * left out when it does not are not run, and the state returned is the one reached.
     */
    public Result run(SequenceModel model, Seq input, Targets targets, Loss loss,
                      Map<String, RecurrentState> initialStates, SplittableRandom random, WindowUpdate update,
                      BooleanSupplier budgetLeft) {
        for (Map.Entry<String, Layer> e : model.layers().entrySet()) {
            if (!e.getValue().keepsTimeSteps()) {
                throw new IllegalArgumentException("truncated BPTT needs one output per step, but layer '" + e.getKey()
                        + "' collapses the time steps; use full BPTT (k1 = 0) for sequence-level targets");
            }
        }
        int steps = input.steps;
        // The carried state is valid at time stateTime; windows only move it forward.
        Map<String, RecurrentState> state = initialStates == null ? new HashMap<>() : initialStates;
        int stateTime = 0;
        double lossSum = 0;
        int count = 0;
        int window = 0;
        for (int end = Math.min(k1, steps); end > stateTime; end = Math.min(end + k1, steps)) {
            if (!budgetLeft.getAsBoolean()) {
                break;
            }
            int from = Math.max(0, end - k2);
            if (from > stateTime) {
                SequenceModel.Pass advance = model.forward(slice(input, stateTime, from),
                        ForwardContext.inference(state));
                state = advance.finalStates();
                stateTime = from;
            }
            Seq in = slice(input, from, end);
            Targets t = sliceTargets(targets, input, from, end, Math.max(from, end - k1));
            SequenceModel.Gradient g = model.gradient(in, t, loss, new ForwardContext(random != null, random, state));
            lossSum += g.loss() * g.count();
            count += g.count();
            update.apply(window++, g);
            if (end == steps) {
                return new Result(lossSum, count, g.finalStates());
            }
            if (Math.min(end + k1, steps) - k2 >= end) {
                // The next window starts at or after this one's end: carry the final state.
                state = g.finalStates();
                stateTime = end;
            }
        }
        return new Result(lossSum, count, state);
    }

    /** Steps [from, to) of a batch, with lengths clipped to the slice. */
    static Seq slice(Seq s, int from, int to) {
        int n = to - from;
        int[] lengths = null;
        if (s.lengths != null) {
            lengths = new int[s.batch];
            for (int b = 0; b < s.batch; b++) {
                lengths[b] = Math.max(0, Math.min(s.lengths[b] - from, n));
            }
        }
        if (s.isTokens()) {
            int[] tok = new int[n * s.batch];
            System.arraycopy(s.tokens, from * s.batch, tok, 0, tok.length);
            return Seq.ofTokens(tok, n, s.batch, lengths);
        }
        int w = s.batch * s.features;
        float[] v = new float[n * w];
        System.arraycopy(s.values, from * w, v, 0, v.length);
        return Seq.ofValues(v, n, s.batch, s.features, lengths);
    }

    private static Targets sliceTargets(Targets t, Seq input, int from, int to, int lossFrom) {
        int b = input.batch;
        int rows = (to - from) * b;
        boolean[] mask = new boolean[rows];
        for (int r = 0; r < rows; r++) {
            int globalRow = from * b + r;
            mask[r] = from + r / b >= lossFrom && (t.rowMask == null || t.rowMask[globalRow]);
        }
        if (t.classes != null) {
            int[] c = new int[rows];
            System.arraycopy(t.classes, from * b, c, 0, rows);
            return Targets.classes(c).withRowMask(mask);
        }
        int f = t.values.length / (input.steps * b);
        float[] v = new float[rows * f];
        System.arraycopy(t.values, from * b * f, v, 0, v.length);
        return Targets.values(v).withRowMask(mask);
    }
}
