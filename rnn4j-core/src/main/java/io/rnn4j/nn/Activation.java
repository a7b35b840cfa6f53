package io.rnn4j.nn;

import io.rnn4j.kernel.Activations;
import io.rnn4j.kernel.Parallel;
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

    /** Elements per parallel chunk: below this the pool's hand-off costs more than it saves. */
    private static final int GRAIN = 1 << 15;

    @Override
    public Pass forward(Seq x, ForwardContext context) {
        float[] v = x.values;
        float[] y = new float[v.length];
        Parallel.forRange(v.length, GRAIN, (from, to) -> {
            switch (kind) {
                case TANH:
                    for (int i = from; i < to; i++) {
                        y[i] = Activations.tanh(v[i]);
                    }
                    break;
                case RELU:
                    for (int i = from; i < to; i++) {
                        y[i] = Math.max(0f, v[i]);
                    }
                    break;
                case LEAKY_RELU:
                    for (int i = from; i < to; i++) {
                        // max(v, a·v) is v for v > 0 and a·v below, as 0 < a < 1
                        y[i] = Math.max(v[i], negativeSlope * v[i]);
                    }
                    break;
                default:
                    for (int i = from; i < to; i++) {
                        y[i] = Activations.sigmoid(v[i]);
                    }
            }
        });
        return new Pass(x, x.withValues(y, x.features), null);
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        if (dIn == null) {
            return;
        }
        float[] y = pass.output().values;
        Parallel.forRange(y.length, GRAIN, (from, to) -> {
            switch (kind) {
                case TANH:
                    for (int i = from; i < to; i++) {
                        dIn[i] += dOut[i] * (1f - y[i] * y[i]);
                    }
                    break;
                case RELU:
                    Activations.reluBackward(y, dOut, dIn, from, to);
                    break;
                case LEAKY_RELU:
                    Activations.leakyReluBackward(y, dOut, dIn, from, to, negativeSlope);
                    break;
                default:
                    for (int i = from; i < to; i++) {
                        dIn[i] += dOut[i] * y[i] * (1f - y[i]);
                    }
            }
        });
    }
}
