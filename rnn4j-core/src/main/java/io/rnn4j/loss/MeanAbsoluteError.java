package io.rnn4j.loss;

/**
 * Mean absolute error over the values of valid rows (PyTorch's {@code F.l1_loss}, mean):
 * {@code loss = Σ |ŷ − y| / (N_valid·F)}, {@code ∂loss/∂ŷ = sign(ŷ − y) / (N_valid·F)}, with
 * sign(0) = 0 as in PyTorch. The returned count is N_valid rows.
 */
public final class MeanAbsoluteError extends ElementwiseLoss {

    @Override
    double term(float output, float target) {
        return Math.abs((double) output - target);
    }

    @Override
    double slope(float output, float target) {
        return Math.signum((double) output - target);
    }

    @Override
    String needs() {
        return "mean absolute error needs real-valued targets";
    }
}
