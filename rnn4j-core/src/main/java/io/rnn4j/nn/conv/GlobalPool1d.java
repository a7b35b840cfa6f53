package io.rnn4j.nn.conv;

import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Layer;
import io.rnn4j.tensor.Seq;

/**
 * Pools each feature over all valid steps of its sequence: (T, B, F) → (1, B, F).
 *
 * <pre>  max: y[b, f] = max_{t &lt; L_b} x_t[b, f]      (max-over-time pooling, Collobert et al. 2011; Kim 2014)
 *  avg: y[b, f] = (1/L_b) Σ_{t &lt; L_b} x_t[b, f]</pre>
 *
 * <p>Padded steps never count. A sequence of length 0 gives zeros and an output of length 0.
 */
public final class GlobalPool1d implements Layer {

    private final PoolKind kind;

    public GlobalPool1d(PoolKind kind) {
        this.kind = kind;
    }

    public PoolKind kind() {
        return kind;
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
        float[] y = new float[x.batch * f];
        int[] argmax = kind == PoolKind.MAX ? new int[x.batch * f] : null;
        int[] outLengths = x.lengths == null ? null : new int[x.batch];
        for (int b = 0; b < x.batch; b++) {
            int len = x.lengths == null ? x.steps : x.lengths[b];
            if (outLengths != null) {
                outLengths[b] = len > 0 ? 1 : 0;
            }
            if (len == 0) {
                continue;
            }
            for (int c = 0; c < f; c++) {
                if (kind == PoolKind.MAX) {
                    int at = 0;
                    float best = x.values[b * f + c];
                    for (int t = 1; t < len; t++) {
                        float v = x.values[(t * x.batch + b) * f + c];
                        if (v > best) {
                            best = v;
                            at = t;
                        }
                    }
                    y[b * f + c] = best;
                    argmax[b * f + c] = at;
                } else {
                    float s = 0f;
                    for (int t = 0; t < len; t++) {
                        s += x.values[(t * x.batch + b) * f + c];
                    }
                    y[b * f + c] = s / len;
                }
            }
        }
        return new Pass(x, Seq.ofValues(y, 1, x.batch, f, outLengths), argmax);
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        if (dIn == null) {
            return;
        }
        Seq x = pass.input();
        int f = x.features;
        int[] argmax = (int[]) pass.cache();
        for (int b = 0; b < x.batch; b++) {
            int len = x.lengths == null ? x.steps : x.lengths[b];
            for (int c = 0; c < f && len > 0; c++) {
                float g = dOut[b * f + c];
                if (kind == PoolKind.MAX) {
                    dIn[(argmax[b * f + c] * x.batch + b) * f + c] += g;
                } else {
                    for (int t = 0; t < len; t++) {
                        dIn[(t * x.batch + b) * f + c] += g / len;
                    }
                }
            }
        }
    }
}
