package io.rnn4j.loss;

import io.rnn4j.tensor.Seq;

/**
 * Targets for the rows of a model output: class ids (one per row, −1 to ignore a row) or real
 * values (F per row), and optionally a row mask ({@code false} rows are left out of the loss,
 * as truncated BPTT does for the steps it only re-reads for context); or, for a loss that
 * aligns them itself (CTC), one label sequence per sample, of any length.
 */
public final class Targets {

    public final int[] classes;
    public final float[] values;
    public final boolean[] rowMask;
    /** Per sample, its label sequence (null unless made by {@link #sequences}). */
    public final int[][] sequences;

    private Targets(int[] classes, float[] values, boolean[] rowMask, int[][] sequences) {
        this.classes = classes;
        this.values = values;
        this.rowMask = rowMask;
        this.sequences = sequences;
    }

    private Targets(int[] classes, float[] values, boolean[] rowMask) {
        this(classes, values, rowMask, null);
    }

    /** One label sequence per sample of the batch (sample b's is {@code labels[b]}), not tied to steps. */
    public static Targets sequences(int[][] labels) {
        return new Targets(null, null, null, labels.clone());
    }

    public static Targets classes(int[] classes) {
        return new Targets(classes, null, null);
    }

    public static Targets values(float[] values) {
        return new Targets(null, values, null);
    }

    /** These targets with only the rows where {@code mask[r]} is true counted. */
    public Targets withRowMask(boolean[] mask) {
        return new Targets(classes, values, mask, sequences);
    }

    /** Whether row r of {@code out} takes part in the loss: its step is valid and its target counts. */
    public boolean counts(Seq out, int r) {
        return out.valid(r / out.batch, r % out.batch) && counts(r);
    }

    /** Rows of {@code out} that take part in the loss. */
    public int countValid(Seq out) {
        int rows = out.steps * out.batch;
        int count = 0;
        for (int r = 0; r < rows; r++) {
            if (counts(out, r)) {
                count++;
            }
        }
        return count;
    }

    /** Whether row r takes part in the loss (ignoring sequence lengths). */
    public boolean counts(int r) {
        return (rowMask == null || rowMask[r]) && (classes == null || classes[r] >= 0);
    }
}
