package io.rnn4j.loss;

import io.rnn4j.kernel.Activations;
import io.rnn4j.kernel.Parallel;
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
 *
 * <p>With class weights w (PyTorch's {@code weight}, for imbalanced classes) each row counts
 * with the weight of its target class: {@code loss = Σ_i w[y_i]·loss_i / Σ_i w[y_i]} and
 * {@code ∂loss/∂z_i = w[y_i]·(p − q) / Σ_i w[y_i]}.
 */
public final class SoftmaxCrossEntropy implements Loss {

    private final float smoothing;
    /** Weight per class, or null for all 1. */
    private final float[] classWeights;

    /** Plain cross-entropy. */
    public SoftmaxCrossEntropy() {
        this(0f);
    }

    /** Cross-entropy against targets smoothed by ε in [0, 1). */
    public SoftmaxCrossEntropy(float smoothing) {
        this(smoothing, null);
    }

    private SoftmaxCrossEntropy(float smoothing, float[] classWeights) {
        if (!(smoothing >= 0f && smoothing < 1f)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
        }
        if (classWeights != null) {
            for (int c = 0; c < classWeights.length; c++) {
                if (!(classWeights[c] > 0f) || Float.isInfinite(classWeights[c])) {
                    throw new IllegalArgumentException("class weight " + c + " must be positive and finite, got " + classWeights[c]);
                }
            }
        }
        this.smoothing = smoothing;
        this.classWeights = classWeights == null ? null : classWeights.clone();
    }

    /** Cross-entropy with a weight per class (see the class comment). */
    public static SoftmaxCrossEntropy weighted(float[] classWeights) {
        return new SoftmaxCrossEntropy(0f, classWeights);
    }

    /** The weight of each class, or null when all weigh 1. */
    public float[] classWeights() {
        return classWeights == null ? null : classWeights.clone();
    }

    public float smoothing() {
        return smoothing;
    }

    /** Rows per thread chunk. */
    private static final int ROW_GRAIN = 16;

    /** One row's loss; writes its gradient (scaled by {@code scale}) into {@code dOut[base..]}. */
    private double row(float[] z, int base, int v, int y, float scale, float[] dOut) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < v; j++) {
            max = Math.max(max, z[base + j]);
        }
        double sum = 0;
        double shiftedSum = 0;
        for (int j = 0; j < v; j++) {
            float e = Activations.exp(z[base + j] - max);
            dOut[base + j] = e;
            sum += e;
            shiftedSum += z[base + j] - max;
        }
        float inv = (float) (1.0 / sum);
        float uniform = smoothing / v;
        for (int j = 0; j < v; j++) {
            dOut[base + j] = (dOut[base + j] * inv - uniform) * scale;
        }
        dOut[base + y] -= (1f - smoothing) * scale;
        double logSum = Math.log(sum);
        double nll = logSum - (z[base + y] - max);
        // −Σ_j log p_j = V·log Σ − Σ_j (z_j − max)
        return smoothing == 0f ? nll : (1 - smoothing) * nll + smoothing / v * (v * logSum - shiftedSum);
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
        if (classWeights != null && classWeights.length != v) {
            throw new IllegalArgumentException(classWeights.length + " class weights for " + v + " classes");
        }
        double weightSum = 0;
        for (int r = 0; r < rows; r++) {
            if (targets.counts(out, r)) {
                if (targets.classes[r] >= v) {
                    throw new IllegalArgumentException("target class " + targets.classes[r] + " at row " + r + " is outside 0.."
                            + (v - 1));
                }
                weightSum += classWeights == null ? 1 : classWeights[targets.classes[r]];
            }
        }
        float scale = count == 0 ? 0f : classWeights == null ? 1f / count : (float) (1 / weightSum);
        // rows are independent: split them over the threads, then add their losses in row order,
        // so the total is the same for any number of threads
        double[] rowLoss = new double[rows];
        Parallel.forRange(rows, ROW_GRAIN, (r0, r1) -> {
            for (int r = r0; r < r1; r++) {
                float w = classWeights == null || !targets.counts(out, r) ? 1f : classWeights[targets.classes[r]];
                rowLoss[r] = targets.counts(out, r) ? w * row(out.values, r * v, v, targets.classes[r], w * scale, dOut) : 0.0;
                if (!targets.counts(out, r)) {
                    java.util.Arrays.fill(dOut, r * v, (r + 1) * v, 0f);
                }
            }
        });
        double total = 0;
        for (double l : rowLoss) {
            total += l;
        }
        return new Result(count == 0 ? 0 : total / weightSum, count);
    }
}
