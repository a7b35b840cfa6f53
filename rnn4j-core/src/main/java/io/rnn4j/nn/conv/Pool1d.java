package io.rnn4j.nn.conv;

import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Layer;
import io.rnn4j.tensor.Seq;

/**
 * Max or average pooling along time, feature by feature, as PyTorch's {@code nn.MaxPool1d} /
 * {@code nn.AvgPool1d} applied to each sequence on its own (input (T, B, F) read as B sequences of
 * F channels):
 *
 * <pre>  max: y_{t'}[f] = max_j x_{t'·s − p + j·d}[f]   (padding, and steps past the sequence's length, are −∞)
 *  avg: y_{t'}[f] = (1/k) Σ_j x_{t'·s − p + j}[f]   (they are 0)</pre>
 *
 * <p>Output (T', B, F), each sequence's length from {@link ConvAxis#outputLength}; steps past it
 * are zero. As in PyTorch, padding may be at most half the kernel and only max pooling is dilated.
 */
public final class Pool1d implements Layer {

    private final PoolKind kind;
    private final ConvAxis time;

    public Pool1d(PoolKind kind, ConvAxis time) {
        checkWindow(kind, time, "pool1d");
        this.kind = kind;
        this.time = time;
    }

    /** Refuses the windows PyTorch refuses: padding over half the kernel, 'same' padding, dilated averages. */
    static void checkWindow(PoolKind kind, ConvAxis axis, String what) {
        if (axis.same()) {
            throw new IllegalArgumentException(what + ": pooling takes explicit padding, not 'same'");
        }
        if (axis.padding() > axis.kernel() / 2) {
            throw new IllegalArgumentException(what + ": padding " + axis.padding() + " is more than half the kernel "
                    + axis.kernel() + " (PyTorch refuses it too: a window could hold nothing but padding)");
        }
        if (kind == PoolKind.AVG && axis.dilation() != 1) {
            throw new IllegalArgumentException(what + ": average pooling is not dilated (dilation " + axis.dilation() + ")");
        }
    }

    public PoolKind kind() {
        return kind;
    }

    public ConvAxis time() {
        return time;
    }

    @Override
    public int outputSize(int inputSize) {
        return inputSize;
    }

    @Override
    public boolean keepsTimeSteps() {
        return false;
    }

    @Override
    public Pass forward(Seq x, ForwardContext context) {
        int f = x.features;
        int outSteps = time.requireOutputLength(x.steps, "pool1d: a batch of sequences of length");
        int[] outLengths = null;
        if (x.lengths != null) {
            outLengths = new int[x.batch];
            for (int b = 0; b < x.batch; b++) {
                if (x.lengths[b] > 0) {
                    outLengths[b] = time.requireOutputLength(x.lengths[b], "pool1d: sequence " + b + ", of length");
                }
            }
        }
        int[] lengths = outLengths;
        float[] y = new float[outSteps * x.batch * f];
        int[] argmax = kind == PoolKind.MAX && context.gradients() ? new int[y.length] : null;
        float scale = 1f / time.kernel();
        Parallel.forRange(x.batch, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int len = x.lengths == null ? x.steps : x.lengths[b];
                int outLen = lengths == null ? outSteps : lengths[b];
                for (int t = 0; t < outLen; t++) {
                    int o = (t * x.batch + b) * f;
                    for (int c = 0; c < f; c++) {
                        float best = Float.NEGATIVE_INFINITY;
                        int at = -1;
                        float sum = 0f;
                        for (int j = 0; j < time.kernel(); j++) {
                            int src = t * time.stride() - time.padBefore() + j * time.dilation();
                            if (src < 0 || src >= len) {
                                continue;
                            }
                            float v = x.values[(src * x.batch + b) * f + c];
                            sum += v;
                            if (at < 0 || v > best) {
                                best = v;
                                at = src;
                            }
                        }
                        if (kind == PoolKind.MAX) {
                            y[o + c] = best;
                            if (argmax != null) {
                                argmax[o + c] = at;
                            }
                        } else {
                            y[o + c] = sum * scale;
                        }
                    }
                }
            }
        });
        return new Pass(x, Seq.ofValues(y, outSteps, x.batch, f, outLengths), argmax);
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        if (dIn == null) {
            return;
        }
        Seq x = pass.input();
        Seq y = pass.output();
        int[] argmax = (int[]) pass.cache();
        if (kind == PoolKind.MAX && argmax == null) {
            throw new IllegalStateException("pool1d: this forward pass ran for inference and cannot be back-propagated");
        }
        int f = x.features;
        float scale = 1f / time.kernel();
        Parallel.forRange(x.batch, 1, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int len = x.lengths == null ? x.steps : x.lengths[b];
                int outLen = y.lengths == null ? y.steps : y.lengths[b];
                for (int t = 0; t < outLen; t++) {
                    int o = (t * x.batch + b) * f;
                    for (int c = 0; c < f; c++) {
                        if (kind == PoolKind.MAX) {
                            dIn[(argmax[o + c] * x.batch + b) * f + c] += dOut[o + c];
                            continue;
                        }
                        float g = dOut[o + c] * scale;
                        for (int j = 0; j < time.kernel(); j++) {
                            int src = t * time.stride() - time.padBefore() + j;
                            if (src >= 0 && src < len) {
                                dIn[(src * x.batch + b) * f + c] += g;
                            }
                        }
                    }
                }
            }
        });
    }
}
