package io.rnn4j.nn;

import io.rnn4j.kernel.Activations;
import io.rnn4j.tensor.Seq;

/**
 * An element-wise non-linearity with its exact derivative: tanh, sigmoid, ReLU {@code max(0, x)},
 * or leaky ReLU {@code x > 0 ? x : a·x} (Maas et al. 2013; PyTorch's default slope a = 0.01).
 */
public final class Activation implements Layer {

    /** The function. */
    public enum Kind { TANH, RELU, SIGMOID, LEAKY_RELU }

    /** PyTorch's {@code nn.LeakyReLU} default slope. */
    public static final float DEFAULT_NEGATIVE_SLOPE = 0.01f;

    private final Kind kind;
    private final float negativeSlope;

    public Activation(Kind kind) {
        this(kind, kind == Kind.LEAKY_RELU ? DEFAULT_NEGATIVE_SLOPE : 0f);
    }

    private Activation(Kind kind, float negativeSlope) {
        if (kind == Kind.LEAKY_RELU && !(negativeSlope > 0f && negativeSlope < 1f)) {
            throw new IllegalArgumentException("leaky relu needs a negative slope in (0, 1), got " + negativeSlope);
        }
        this.kind = kind;
        this.negativeSlope = negativeSlope;
    }

    /** Leaky ReLU with slope {@code a} in (0, 1) for negative inputs. */
    public static Activation leakyRelu(float a) {
        return new Activation(Kind.LEAKY_RELU, a);
    }

    public Kind kind() {
        return kind;
    }

    /** The slope for negative inputs of a leaky ReLU; 0 for the other kinds. */
    public float negativeSlope() {
        return negativeSlope;
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
                case LEAKY_RELU:
                    y[i] = v > 0f ? v : negativeSlope * v;
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
                case LEAKY_RELU:
                    // y has x's sign because 0 < a
                    d = y[i] > 0f ? 1f : negativeSlope;
                    break;
                default:
                    d = y[i] * (1f - y[i]);
            }
            dIn[i] += dOut[i] * d;
        }
    }
}
