package io.rnn4j.nn.conv;

import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Layer;
import io.rnn4j.tensor.Seq;

/**
 * Folds time into the features: (T, B, F) → (1, B, F·T), feature-major ({@code f·T + t}), which is
 * what PyTorch's {@code nn.Flatten()} gives for a (B, F, T) tensor, as after a {@code Conv1d}.
 * T is fixed when the layer is built, so the layers after it know their input size, and every
 * sequence must be T steps long. With T = 1, as for a batch of images, the values pass unchanged:
 * an image's (C, H, W) values are already flat in PyTorch's order.
 */
public final class Flatten implements Layer {

    private final int steps;

    /** Folds sequences of exactly {@code steps} steps. */
    public Flatten(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("flatten needs steps >= 1, got " + steps);
        }
        this.steps = steps;
    }

    /** Flattens a batch of images (one step per sample): a no-op that documents the model. */
    public Flatten() {
        this(1);
    }

    public int steps() {
        return steps;
    }

    @Override
    public int outputSize(int inputSize) {
        return Math.multiplyExact(steps, inputSize);
    }

    @Override
    public boolean keepsTimeSteps() {
        return false;
    }

    @Override
    public Pass forward(Seq x, ForwardContext context) {
        if (x.steps != steps) {
            throw new IllegalArgumentException("flatten was built for sequences of " + steps + " steps, got " + x.steps);
        }
        if (x.lengths != null) {
            for (int b = 0; b < x.batch; b++) {
                if (x.lengths[b] != x.steps) {
                    throw new IllegalArgumentException("flatten needs every sequence " + x.steps + " steps long; sequence " + b
                            + " has " + x.lengths[b]);
                }
            }
        }
        if (x.steps == 1) {
            return new Pass(x, Seq.ofValues(x.values, 1, x.batch, x.features, null), null);
        }
        int f = x.features;
        int flat = outputSize(f);
        float[] y = new float[x.batch * flat];
        for (int t = 0; t < x.steps; t++) {
            for (int b = 0; b < x.batch; b++) {
                for (int c = 0; c < f; c++) {
                    y[b * flat + c * x.steps + t] = x.values[(t * x.batch + b) * f + c];
                }
            }
        }
        return new Pass(x, Seq.ofValues(y, 1, x.batch, flat, null), null);
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        if (dIn == null) {
            return;
        }
        Seq x = pass.input();
        int f = x.features;
        int flat = f * x.steps;
        for (int t = 0; t < x.steps; t++) {
            for (int b = 0; b < x.batch; b++) {
                for (int c = 0; c < f; c++) {
                    dIn[(t * x.batch + b) * f + c] += dOut[b * flat + c * x.steps + t];
                }
            }
        }
    }
}
