package io.rnn4j.loss;

import io.rnn4j.nn.Seq;

/**
 * Mean squared error over the values of valid rows (PyTorch's {@code F.mse_loss}, mean):
 * {@code loss = Σ (ŷ − y)² / (N_valid·F)}, {@code ∂loss/∂ŷ = 2(ŷ − y) / (N_valid·F)}.
 * The returned count is N_valid rows.
 */
public final class MeanSquaredError implements Loss {

    @Override
    public Result compute(Seq out, Targets targets, float[] dOut) {
        if (targets.values == null) {
            throw new IllegalArgumentException("mean squared error needs real-valued targets");
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
                float diff = out.values[i] - targets.values[i];
                total += (double) diff * diff;
                dOut[i] = (float) (2.0 * diff / n);
            }
        }
        return new Result(count == 0 ? 0 : total / n, count);
    }
}
