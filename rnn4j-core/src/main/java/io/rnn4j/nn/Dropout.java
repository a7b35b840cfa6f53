package io.rnn4j.nn;

import io.rnn4j.tensor.Seq;

import java.util.SplittableRandom;

/**
 * Inverted dropout: in training each value is kept with probability 1−p and scaled by 1/(1−p);
 * at inference it is the identity. The mask comes from the context's seeded random source.
 */
public final class Dropout implements Layer {

    private final float p;

    public Dropout(float p) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        this.p = p;
    }

    public float p() {
        return p;
    }

    @Override
    public int outputSize(int inputSize) {
        return inputSize;
    }

    @Override
    public Pass forward(Seq x, ForwardContext context) {
        if (!context.training() || p == 0f) {
            return new Pass(x, x, null);
        }
        float[] mask = mask(x.values.length, p, context.random());
        float[] y = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
            y[i] = x.values[i] * mask[i];
        }
        return new Pass(x, x.withValues(y, x.features), mask);
    }

    /**
     * An inverted-dropout mask of n values: each is 0 with probability p (one {@code nextDouble()}
     * per value, in order) and 1/(1−p) otherwise. The one mask every dropout in rnn4j uses, the
     * layer here and the dropout between the layers of a recurrent stack.
     */
    public static float[] mask(int n, float p, SplittableRandom random) {
        float scale = 1f / (1f - p);
        float[] mask = new float[n];
        for (int i = 0; i < n; i++) {
            mask[i] = random.nextDouble() < p ? 0f : scale;
        }
        return mask;
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        if (dIn == null) {
            return;
        }
        float[] mask = (float[]) pass.cache();
        for (int i = 0; i < dOut.length; i++) {
            dIn[i] += mask == null ? dOut[i] : dOut[i] * mask[i];
        }
    }
}
