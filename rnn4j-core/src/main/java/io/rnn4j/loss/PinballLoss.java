package io.rnn4j.loss;

import io.rnn4j.tensor.Seq;

/**
 * The quantile (pinball) loss of K predicted quantiles per real target, for forecasts with
 * prediction intervals (Koenker &amp; Bassett 1978; the MQ-RNN and TFT forecasters). A row of the
 * output holds K·F values, quantile k of target j at {@code k·F + j}:
 * <pre>
 *   ρ_q(u) = max(q·u, (q − 1)·u),  u = y − ŷ_q
 *   loss = Σ_k Σ_j ρ_{q_k}(y_j − ŷ_{k,j}) / (N_valid·F·K)
 *   ∂/∂ŷ_q = (−q if u &gt; 0, 1 − q if u &lt; 0, 0 at u = 0) / (N_valid·F·K)
 * </pre>
 * At q = 0.5 it is half the absolute error. Targets are (rows, F). The returned count is N_valid rows.
 */
public final class PinballLoss implements Loss {

    private final double[] quantiles;

    /** @param quantiles the levels predicted, each in (0, 1), in the output's order */
    public PinballLoss(double... quantiles) {
        if (quantiles.length == 0) {
            throw new IllegalArgumentException("a pinball loss needs >= 1 quantile");
        }
        for (double q : quantiles) {
            if (!(q > 0 && q < 1)) {
                throw new IllegalArgumentException("quantiles must be in (0, 1), got " + q);
            }
        }
        this.quantiles = quantiles.clone();
    }

    public double[] quantiles() {
        return quantiles.clone();
    }

    @Override
    public Result compute(Seq out, Targets targets, float[] dOut) {
        if (targets.values == null) {
            throw new IllegalArgumentException("the pinball loss needs real-valued targets");
        }
        int k = quantiles.length;
        if (out.features % k != 0) {
            throw new IllegalArgumentException("a head of " + k + " quantiles outputs K·F features, got " + out.features);
        }
        int f = out.features / k;
        int rows = out.steps * out.batch;
        if (targets.values.length != rows * f) {
            throw new IllegalArgumentException("got " + targets.values.length + " target values for " + rows + " rows of " + f
                    + " targets");
        }
        int count = targets.countValid(out);
        double n = (double) count * f * k;
        double total = 0;
        for (int r = 0; r < rows; r++) {
            boolean valid = targets.counts(out, r);
            for (int q = 0; q < k; q++) {
                for (int j = 0; j < f; j++) {
                    int i = r * k * f + q * f + j;
                    if (!valid) {
                        dOut[i] = 0f;
                        continue;
                    }
                    double u = targets.values[r * f + j] - out.values[i];
                    double level = quantiles[q];
                    total += u > 0 ? level * u : (level - 1) * u;
                    dOut[i] = (float) ((u > 0 ? -level : u < 0 ? 1 - level : 0) / n);
                }
            }
        }
        return new Result(count == 0 ? 0 : total / n, count);
    }
}
