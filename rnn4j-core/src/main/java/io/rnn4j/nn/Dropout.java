package io.rnn4j.nn;

import io.rnn4j.tensor.Seq;

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
        float scale = 1f / (1f - p);
        float[] mask = new float[x.values.length];
        float[] y = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = context.random().nextDouble() < p ? 0f : scale;
            y[i] = x.values[i] * mask[i];
        }
        return new Pass(x, x.withValues(y, x.features), mask);
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
