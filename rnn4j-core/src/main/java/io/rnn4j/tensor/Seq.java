package io.rnn4j.tensor;

/**
 * A batch of sequences, time-major: values (T, B, F) row-major, or token ids (T, B), with an
 * optional valid length per sample. Step t of sample b is valid when {@code t < lengths[b]};
 * padded steps never influence any output or gradient that a masked loss sees.
 */
public final class Seq {

    public final float[] values;
    public final int[] tokens;
    public final int steps;
    public final int batch;
    public final int features;
    public final int[] lengths;

    private Seq(float[] values, int[] tokens, int steps, int batch, int features, int[] lengths) {
        if (steps < 0 || batch < 1) {
            throw new IllegalArgumentException("need T >= 0 and B >= 1, got T=" + steps + ", B=" + batch);
        }
        if (lengths != null) {
            checkLengths(lengths, steps, batch);
        }
        this.values = values;
        this.tokens = tokens;
        this.steps = steps;
        this.batch = batch;
        this.features = features;
        this.lengths = lengths;
    }

    /** Refuses per-sample lengths that are not B values in 0..T, naming the first wrong one. */
    public static void checkLengths(int[] lengths, int steps, int batch) {
        if (lengths.length != batch) {
            throw new IllegalArgumentException("lengths has " + lengths.length + " entries for batch size " + batch);
        }
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 0 || lengths[b] > steps) {
                throw new IllegalArgumentException("lengths[" + b + "] = " + lengths[b] + " is outside 0.." + steps);
            }
        }
    }

    /** Real-valued input (T, B, F). */
    public static Seq ofValues(float[] values, int steps, int batch, int features, int[] lengths) {
        if (values.length != steps * batch * features) {
            throw new IllegalArgumentException("values has " + values.length + " entries, expected T*B*F = "
                    + steps + "*" + batch + "*" + features);
        }
        return new Seq(values, null, steps, batch, features, lengths);
    }

    /** Token ids (T, B). */
    public static Seq ofTokens(int[] tokens, int steps, int batch, int[] lengths) {
        if (tokens.length != steps * batch) {
            throw new IllegalArgumentException("tokens has " + tokens.length + " entries, expected T*B = " + steps + "*" + batch);
        }
        return new Seq(null, tokens, steps, batch, 1, lengths);
    }

    /**
     * Lengths from a validity mask (T, B): {@code mask[t·B + b]} says whether step t of sample b is
     * real. A recurrent mask must be a prefix (valid steps first, then padding); anything else is
     * refused with the first offending position.
     */
    public static int[] lengthsFromMask(boolean[] mask, int steps, int batch) {
        if (mask.length != steps * batch) {
            throw new IllegalArgumentException("mask has " + mask.length + " entries, expected T*B = " + steps + "*" + batch);
        }
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            int len = 0;
            while (len < steps && mask[len * batch + b]) {
                len++;
            }
            for (int t = len; t < steps; t++) {
                if (mask[t * batch + b]) {
                    throw new IllegalArgumentException("mask of sample " + b + " has a valid step " + t
                            + " after padding at step " + len + "; padding must come after all valid steps");
                }
            }
            lengths[b] = len;
        }
        return lengths;
    }

    public boolean isTokens() {
        return tokens != null;
    }

    public boolean valid(int t, int b) {
        return lengths == null || t < lengths[b];
    }

    /** Same shape and lengths, new values with F features. */
    public Seq withValues(float[] newValues, int newFeatures) {
        return ofValues(newValues, steps, batch, newFeatures, lengths);
    }
}
