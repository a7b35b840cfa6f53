package io.rnn4j.nn.recurrent;

import io.rnn4j.kernel.PackedOperand;

import io.rnn4j.nn.BufferPool;

import java.util.Arrays;

/**
 * What a {@link RecurrentCell}'s forward pass keeps for its backward pass: the input, the lengths,
 * the state trajectories and the output, in buffers the cell recycles. Cells extend it with their
 * own buffers (gate activations, the LSTM's cell trajectory).
 */
public class CellCache {

    /** Input (T, B, I); referenced, not copied. */
    public final float[] x;
    public final int steps;
    public final int batch;
    /** Valid length per sample, never null here (all T when none were given). */
    public final int[] lengths;
    /** Hidden state trajectory ((T+1), B, H); slot 0 is h₀, slot t+1 the state after step t. */
    public final float[] h;
    /** Output (T, B, H): the hidden state at valid steps, zero at padded ones. */
    public final float[] y;
    /** H. */
    public final int hidden;
    /** W_hhᵀ prepared once for every step's product h·W_hhᵀ of this pass (see {@link RecurrentCell#forward}). */
    PackedOperand recurrentWeights;
    private boolean consumed;
    private String consumedBy = "was already back-propagated and its buffers recycled";

    protected CellCache(float[] x, int steps, int batch, int[] lengths, int hidden, BufferPool pool) {
        this.x = x;
        this.steps = steps;
        this.batch = batch;
        this.lengths = lengths;
        this.hidden = hidden;
        // Recycled buffers are only cleared where nothing else writes: the initial-state slot
        // of h, and the outputs at padded steps.
        this.h = pool.take((steps + 1) * batch * hidden, false);
        Arrays.fill(h, 0, batch * hidden, 0f);
        this.padded = anyPadding(lengths, steps);
        this.y = pool.take(steps * batch * hidden, padded);
    }

    /** Whether some sample is shorter than T, so some rows are padding. */
    public final boolean padded;

    private static boolean anyPadding(int[] lengths, int steps) {
        for (int len : lengths) {
            if (len < steps) {
                return true;
            }
        }
        return false;
    }

    public boolean valid(int t, int b) {
        return t < lengths[b];
    }

    /**
     * The state trajectories ((T+1), B, H) that padded steps carry and whose slot T is the final
     * state: h, then any other the cell has (LSTM's c), in state order.
     */
    protected float[][] trajectories() {
        return new float[][] {h};
    }

    /** Offset of sample b in slot t of a state trajectory, which is also its offset in y at step t. */
    public final int stateOffset(int t, int b) {
        return (t * batch + b) * hidden;
    }

    /** Offset of sample b's row at step t in a (T·B, width) matrix such as the pre-activations. */
    public final int gateOffset(int t, int b, int width) {
        return (t * batch + b) * width;
    }

    /**
     * Copies the states of the rows of [b0, b1) padded at step t from slot t to slot t+1;
     * {@code trajectories} is {@link #trajectories()}, fetched once per pass.
     */
    final void carryPaddedRows(float[][] trajectories, int t, int b0, int b1) {
        for (int b = b0; b < b1; b++) {
            if (!valid(t, b)) {
                int from = stateOffset(t, b);
                for (float[] s : trajectories) {
                    System.arraycopy(s, from, s, from + batch * hidden, hidden);
                }
            }
        }
    }

    /**
     * Marks this pass as back-propagated; its buffers (including {@link #y}) go back to the
     * cell's pool for the next forward pass. A second backward is refused.
     */
    void consume() {
        if (consumed) {
            throw new IllegalStateException("this forward pass " + consumedBy + "; run forward again"
                    + " (with a gradient-keeping context) to back-propagate");
        }
        consumed = true;
    }

    void markInference() {
        consumed = true;
        consumedBy = "ran for inference and kept no activations";
    }
}
