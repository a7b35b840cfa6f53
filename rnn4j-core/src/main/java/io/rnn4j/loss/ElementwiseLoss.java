package io.rnn4j.loss;

import io.rnn4j.tensor.Seq;

/**
 * A loss that is a sum of one term per output value over the valid rows, averaged over those
 * values: {@code loss = Σ ℓ(ŷ, y) / (N_valid·F)}, {@code ∂loss/∂ŷ = ℓ'(ŷ, y) / (N_valid·F)}.
 * The returned count is N_valid rows.
 */
abstract class ElementwiseLoss implements Loss {

    /** ℓ(ŷ, y). */
    abstract double term(float output, float target);

    /** ∂ℓ/∂ŷ. */
    abstract double slope(float output, float target);

    /** What the loss needs, for the error message: e.g. "mean squared error needs real-valued targets". */
    abstract String needs();

    @Override
    public final Result compute(Seq out, Targets targets, float[] dOut) {
        if (targets.values == null) {
            throw new IllegalArgumentException(needs());
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
                total += term(out.values[i], targets.values[i]);
                dOut[i] = (float) (slope(out.values[i], targets.values[i]) / n);
            }
        }
        return new Result(count == 0 ? 0 : total / n, count);
    }
}
