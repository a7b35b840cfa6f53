package io.rnn4j.loss;

import io.rnn4j.kernel.Activations;
import io.rnn4j.tensor.Seq;

/**
 * Softmax with cross-entropy per row, averaged over valid rows (PyTorch's
 * {@code F.cross_entropy} with {@code reduction='mean'}, {@code ignore_index=-1}):
 * <pre>
 *   p = softmax(z),  loss = −log p[y],  ∂loss/∂z = (p − onehot(y)) / N_valid
 * </pre>
 * Computed with the max subtracted, so large logits do not overflow.
 *
 * <p>With label smoothing ε (PyTorch's {@code label_smoothing}) the target is the distribution
 * {@code q = (1 − ε)·onehot(y) + ε/V} over the V classes: {@code loss = −Σ_j q_j log p_j} and
 * {@code ∂loss/∂z = (p − q) / N_valid}. ε = 0 is plain cross-entropy.
 */
public final class SoftmaxCrossEntropy implements Loss {

    private final float smoothing;

    /** Plain cross-entropy. */
    public SoftmaxCrossEntropy() {
        this(0f);
    }

    /** Cross-entropy against targets smoothed by ε in [0, 1). */
    public SoftmaxCrossEntropy(float smoothing) {
        if (!(smoothing >= 0f && smoothing < 1f)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
        }
        this.smoothing = smoothing;
    }

    public float smoothing() {
        return smoothing;
    }

    @Override
    public Result compute(Seq out, Targets targets, float[] dOut) {
        if (targets.classes == null) {
            throw new IllegalArgumentException("cross-entropy needs class targets");
        }
        int v = out.features;
        int rows = out.steps * out.batch;
        if (targets.classes.length != rows) {
            throw new IllegalArgumentException("got " + targets.classes.length + " targets for " + rows + " output rows");
        }
        int count = targets.countValid(out);
        double total = 0;
        float scale = count == 0 ? 0f : 1f / count;
        for (int r = 0; r < rows; r++) {
            int base = r * v;
            int y = targets.classes[r];
            if (!targets.counts(out, r)) {
                for (int j = 0; j < v; j++) {
                    dOut[base + j] = 0f;
                }
                continue;
            }
            if (y >= v) {
                throw new IllegalArgumentException("target class " + y + " at row " + r + " is outside 0.." + (v - 1));
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < v; j++) {
                max = Math.max(max, out.values[base + j]);
            }
            double sum = 0;
            double shiftedSum = 0;
            for (int j = 0; j < v; j++) {
                float e = Activations.exp(out.values[base + j] - max);
                dOut[base + j] = e;
                sum += e;
                shiftedSum += out.values[base + j] - max;
            }
            float inv = (float) (1.0 / sum);
            float uniform = smoothing / v;
            for (int j = 0; j < v; j++) {
                dOut[base + j] = (dOut[base + j] * inv - uniform) * scale;
            }
            dOut[base + y] -= (1f - smoothing) * scale;
            double logSum = Math.log(sum);
            double nll = logSum - (out.values[base + y] - max);
            // −Σ_j log p_j = V·log Σ − Σ_j (z_j − max)
            total += smoothing == 0f ? nll : (1 - smoothing) * nll + smoothing / v * (v * logSum - shiftedSum);
        }
        return new Result(count == 0 ? 0 : total / count, count);
    }
}
