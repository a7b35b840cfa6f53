package io.rnn4j.nn;

import io.rnn4j.tensor.Seq;

import java.util.Arrays;

/**
 * Joins branches of a graph, step by step, at the same time steps and batch rows:
 * <ul>
 *   <li>{@link Kind#CONCAT}: {@code y_t = [x¹_t, x²_t, …]}, F = ΣFᵢ, in input order;</li>
 *   <li>{@link Kind#SUM}: {@code y_t = Σᵢ xⁱ_t}, all Fᵢ equal;</li>
 *   <li>{@link Kind#PRODUCT}: {@code y_t = ⊙ᵢ xⁱ_t} (element-wise), all Fᵢ equal.</li>
 * </ul>
 * An input with one step (T = 1, such as a sentence or image summary) is broadcast over the T
 * steps of the others, and its gradient is summed over them. Inputs (T, B, Fᵢ) must agree on B
 * and on T (or have T = 1); the output takes the valid lengths of the first input that has
 * them, and inputs with lengths must agree. No parameters.
 */
public final class Merge implements MultiInputLayer {

    /** How the inputs are combined. */
    public enum Kind { CONCAT, SUM, PRODUCT }

    private final Kind kind;

    public Merge(Kind kind) {
        this.kind = kind;
    }

    public static Merge concat() {
        return new Merge(Kind.CONCAT);
    }

    public static Merge sum() {
        return new Merge(Kind.SUM);
    }

    public static Merge product() {
        return new Merge(Kind.PRODUCT);
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public int outputSize(int[] inputSizes) {
        if (inputSizes.length < 2) {
            throw new IllegalArgumentException(kind.name().toLowerCase() + " merge needs at least 2 inputs, got "
                    + inputSizes.length);
        }
        int total = 0;
        for (int f : inputSizes) {
            if (kind != Kind.CONCAT && f != inputSizes[0]) {
                throw new IllegalArgumentException(kind.name().toLowerCase()
                        + " merge needs inputs of equal width, got " + Arrays.toString(inputSizes));
            }
            total += f;
        }
        return kind == Kind.CONCAT ? total : inputSizes[0];
    }

    @Override
    public Pass forward(Seq[] in, ForwardContext context) {
        int[] widths = new int[in.length];
        int steps = 1;
        int[] lengths = null;
        for (int i = 0; i < in.length; i++) {
            if (in[i].isTokens()) {
                throw new IllegalArgumentException("merge input " + i + " is token ids; embed it first");
            }
            if (in[i].batch != in[0].batch) {
                throw new IllegalArgumentException("merge inputs disagree on the batch: " + in[0].batch + " and " + in[i].batch);
            }
            widths[i] = in[i].features;
            if (in[i].steps != 1) {
                if (steps != 1 && in[i].steps != steps) {
                    throw new IllegalArgumentException("merge inputs disagree on the steps: " + steps + " and " + in[i].steps
                            + " (only a one-step input is broadcast over time)");
                }
                steps = in[i].steps;
            }
            if (in[i].lengths != null) {
                if (lengths != null && !Arrays.equals(lengths, in[i].lengths)) {
                    throw new IllegalArgumentException("merge inputs disagree on the valid lengths of their samples");
                }
                lengths = in[i].lengths;
            }
        }
        int out = outputSize(widths);
        int batch = in[0].batch;
        float[] y = new float[steps * batch * out];
        if (kind == Kind.PRODUCT) {
            Arrays.fill(y, 1f);
        }
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                int row = (t * batch + b) * out;
                int column = 0;
                for (Seq x : in) {
                    int f = x.features;
                    int src = ((x.steps == 1 ? 0 : t) * batch + b) * f;
                    switch (kind) {
                        case CONCAT -> System.arraycopy(x.values, src, y, row + column, f);
                        case SUM -> {
                            for (int j = 0; j < f; j++) {
                                y[row + j] += x.values[src + j];
                            }
                        }
                        case PRODUCT -> {
                            for (int j = 0; j < f; j++) {
                                y[row + j] *= x.values[src + j];
                            }
                        }
                    }
                    column += f;
                }
            }
        }
        return new Pass(in, Seq.ofValues(y, steps, batch, out, lengths), null);
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[][] dIns) {
        Seq[] in = pass.inputs();
        Seq y = pass.output();
        int out = y.features;
        int batch = y.batch;
        for (int t = 0; t < y.steps; t++) {
            for (int b = 0; b < batch; b++) {
                int row = (t * batch + b) * out;
                int column = 0;
                for (int i = 0; i < in.length; i++) {
                    Seq x = in[i];
                    int f = x.features;
                    float[] d = dIns[i];
                    if (d != null) {
                        int dst = ((x.steps == 1 ? 0 : t) * batch + b) * f;
                        switch (kind) {
                            case CONCAT -> {
                                for (int j = 0; j < f; j++) {
                                    d[dst + j] += dOut[row + column + j];
                                }
                            }
                            case SUM -> {
                                for (int j = 0; j < f; j++) {
                                    d[dst + j] += dOut[row + j];
                                }
                            }
                            case PRODUCT -> {
                                for (int j = 0; j < f; j++) {
                                    // ∂y/∂xⁱ = Π_{k≠i} xᵏ, recomputed rather than divided out so a zero factor is exact
                                    float others = 1f;
                                    for (int k = 0; k < in.length; k++) {
                                        if (k != i) {
                                            Seq xk = in[k];
                                            others *= xk.values[((xk.steps == 1 ? 0 : t) * batch + b) * f + j];
                                        }
                                    }
                                    d[dst + j] += dOut[row + j] * others;
                                }
                            }
                        }
                    }
                    column += f;
                }
            }
        }
    }
}
