package io.rnn4j.nn;

import io.rnn4j.tensor.Seq;

/**
 * The features of each sample at its last valid step, as one step: (T, B, F) → (1, B, F). Over
 * the output of a recurrent layer this is the final hidden state of its top layer, which is what
 * an encoder hands a decoder, or a classifier its head.
 *
 * <p>{@link #bidirectional()} reads a concatenated bidirectional output ([forward; reverse], F
 * even): the forward half at the last valid step, the reverse half at step 0, where the reverse
 * direction ends. A sample of length 0 gets zeros. No parameters.
 */
public final class LastValidStep implements Layer {

    private final boolean bidirectional;

    private LastValidStep(boolean bidirectional) {
        this.bidirectional = bidirectional;
    }

    /** The last valid step of every feature. */
    public static LastValidStep of() {
        return new LastValidStep(false);
    }

    /** Forward half at the last valid step, reverse half at step 0. */
    public static LastValidStep bidirectional() {
        return new LastValidStep(true);
    }

    public boolean isBidirectional() {
        return bidirectional;
    }

    @Override
    public int outputSize(int inputSize) {
        if (bidirectional && inputSize % 2 != 0) {
            throw new IllegalArgumentException("a bidirectional last step needs an even number of features "
                    + "([forward; reverse]), got " + inputSize);
        }
        return inputSize;
    }

    @Override
    public boolean keepsTimeSteps() {
        return false;
    }

    @Override
    public Pass forward(Seq in, ForwardContext context) {
        if (in.isTokens()) {
            throw new IllegalArgumentException("last valid step reads features, got token ids");
        }
        outputSize(in.features);
        int f = in.features;
        float[] out = new float[in.batch * f];
        for (int b = 0; b < in.batch; b++) {
            int len = in.lengths == null ? in.steps : in.lengths[b];
            if (len > 0) {
                copy(in.values, out, in.batch, f, b, len - 1, true);
                if (bidirectional) {
                    copy(in.values, out, in.batch, f, b, 0, false);
                }
            }
        }
        return new Pass(in, Seq.ofValues(out, 1, in.batch, f, null), null);
    }

    /** Copies the forward half (or all, when not bidirectional) or the reverse half of row (t, b). */
    private void copy(float[] from, float[] to, int batch, int f, int b, int t, boolean forwardHalf) {
        int width = bidirectional ? f / 2 : f;
        int start = forwardHalf ? 0 : f / 2;
        System.arraycopy(from, (t * batch + b) * f + start, to, b * f + start, width);
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        if (dIn == null) {
            return;
        }
        Seq in = pass.input();
        int f = in.features;
        int width = bidirectional ? f / 2 : f;
        for (int b = 0; b < in.batch; b++) {
            int len = in.lengths == null ? in.steps : in.lengths[b];
            if (len > 0) {
                add(dOut, b * f, dIn, ((len - 1) * in.batch + b) * f, width);
                if (bidirectional) {
                    add(dOut, b * f + width, dIn, b * f + width, width);
                }
            }
        }
    }

    private static void add(float[] from, int fromOff, float[] to, int toOff, int n) {
        for (int j = 0; j < n; j++) {
            to[toOff + j] += from[fromOff + j];
        }
    }
}
