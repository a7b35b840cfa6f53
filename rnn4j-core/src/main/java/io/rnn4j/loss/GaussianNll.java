package io.rnn4j.loss;

import io.rnn4j.tensor.Seq;

/**
 * Gaussian negative log-likelihood of real targets under a predicted mean and variance, for
 * forecasts with uncertainty. A row of the output holds 2F values: F means μ, then F raw scales
 * s, with σ² = softplus(s) + ε (positive and smooth, as DeepAR's likelihood heads keep it):
 * <pre>
 *   loss = Σ ½ (ln σ² + (y − μ)² / σ²) / (N_valid·F)          (PyTorch's GaussianNLLLoss, full = false)
 *   ∂/∂μ = (μ − y) / σ² / (N_valid·F)
 *   ∂/∂s = ½ (1/σ² − (y − μ)²/σ⁴) · sigmoid(s) / (N_valid·F)
 * </pre>
 * Targets are (rows, F). The returned count is N_valid rows.
 */
public final class GaussianNll implements Loss {

    /** The variance floor ε, as PyTorch's default {@code eps}. */
    public static final double EPS = 1e-6;

    /** σ² from the raw scale s: softplus(s) + ε. */
    public static double variance(double s) {
        return (s > 20 ? s : Math.log1p(Math.exp(s))) + EPS;
    }

    @Override
    public Result compute(Seq out, Targets targets, float[] dOut) {
        if (targets.values == null) {
            throw new IllegalArgumentException("Gaussian negative log-likelihood needs real-valued targets");
        }
        if (out.features % 2 != 0) {
            throw new IllegalArgumentException("a Gaussian head outputs a mean and a scale per target: 2F features, got "
                    + out.features);
        }
        int f = out.features / 2;
        int rows = out.steps * out.batch;
        if (targets.values.length != rows * f) {
            throw new IllegalArgumentException("got " + targets.values.length + " target values for " + rows + " rows of " + f
                    + " targets");
        }
        int count = targets.countValid(out);
        double n = (double) count * f;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            boolean valid = targets.counts(out, r);
            for (int j = 0; j < f; j++) {
                int mu = r * 2 * f + j;
                int s = mu + f;
                if (!valid) {
                    dOut[mu] = 0f;
                    dOut[s] = 0f;
                    continue;
                }
                double var = variance(out.values[s]);
                double diff = out.values[mu] - targets.values[r * f + j];
                total += 0.5 * (Math.log(var) + diff * diff / var);
                dOut[mu] = (float) (diff / var / n);
                double sig = 1 / (1 + Math.exp(-out.values[s]));
                dOut[s] = (float) (0.5 * (1 / var - diff * diff / (var * var)) * sig / n);
            }
        }
        return new Result(count == 0 ? 0 : total / n, count);
    }
}
