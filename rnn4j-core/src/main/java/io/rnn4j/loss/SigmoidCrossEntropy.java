package io.rnn4j.loss;

import io.rnn4j.nn.Seq;

/**
 * Independent sigmoid outputs with binary cross-entropy, averaged over the values of valid rows
 * (PyTorch's {@code F.binary_cross_entropy_with_logits}, mean), for targets in [0, 1] such as the
 * several possible next symbols of a grammar:
 * <pre>
 *   p = σ(z),  loss = −Σ [y·log p + (1−y)·log(1−p)] / (N_valid·F),  ∂loss/∂z = (p − y) / (N_valid·F)
 * </pre>
 * Computed as max(z, 0) − z·y + log(1 + e^−|z|), which cannot overflow.
 */
public final class SigmoidCrossEntropy implements Loss {

    @Override
    public Result compute(Seq out, Targets targets, float[] dOut) {
        if (targets.values == null) {
            throw new IllegalArgumentException("sigmoid cross-entropy needs real-valued targets in [0, 1]");
        }
        int f = out.features;
        int rows = out.steps * out.batch;
        if (targets.values.length != rows * f) {
            throw new IllegalArgumentException("got " + targets.values.length + " target values for "
                    + rows + " rows of " + f + " features");
        }
        int count = targets.countValid(out);
        double n = (double) count * f;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            boolean valid = targets.counts(out, r);
            for (int j = 0; j < f; j++) {
                int i = r * f + j;
                if (!valid) {
                    dOut[i] = 0f;
                    continue;
                }
                double z = out.values[i];
                double y = targets.values[i];
                total += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
                double p = 1 / (1 + Math.exp(-z));
                dOut[i] = (float) ((p - y) / n);
            }
        }
        return new Result(count == 0 ? 0 : total / n, count);
    }
}
