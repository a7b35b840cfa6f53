package io.rnn4j.nn;

import io.rnn4j.kernel.Activations;
import io.rnn4j.tensor.Seq;

/** An element-wise non-linearity: tanh, relu or sigmoid, with its exact derivative. */
public final class Activation implements Layer {

    /** The function. */
    public enum Kind { TANH, RELU, SIGMOID }

    private final Kind kind;

    public Activation(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public int outputSize(int inputSize) {
        return inputSize;
    }

    @Override
    public Pass forward(Seq x, ForwardContext context) {
        float[] y = new float[x.values.length];
        for (int i = 0; i < y.length; i++) {
            float v = x.values[i];
            switch (kind) {
                case TANH:
                    y[i] = Activations.tanh(v);
                    break;
                case RELU:
                    y[i] = Math.max(0f, v);
                    break;
                default:
                    y[i] = Activations.sigmoid(v);
            }
        }
        return new Pass(x, x.withValues(y, x.features), null);
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        if (dIn == null) {
            return;
        }
        float[] y = pass.output().values;
        for (int i = 0; i < y.length; i++) {
            float d;
            switch (kind) {
                case TANH:
                    d = 1f - y[i] * y[i];
                    break;
                case RELU:
                    d = y[i] > 0f ? 1f : 0f;
                    break;
                default:
                    d = y[i] * (1f - y[i]);
            }
            dIn[i] += dOut[i] * d;
        }
    }
}
