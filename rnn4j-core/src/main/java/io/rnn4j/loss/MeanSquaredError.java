package io.rnn4j.loss;

/**
 * Mean squared error over the values of valid rows (PyTorch's {@code F.mse_loss}, mean):
 * {@code loss = Σ (ŷ − y)² / (N_valid·F)}, {@code ∂loss/∂ŷ = 2(ŷ − y) / (N_valid·F)}.
 * The returned count is N_valid rows.
 */
public final class MeanSquaredError extends ElementwiseLoss {

    @Override
    double term(float output, float target) {
        float diff = output - target;
        return (double) diff * diff;
    }

    @Override
    double slope(float output, float target) {
        float diff = output - target;
        return 2.0 * diff;
    }

    @Override
    String needs() {
        return "mean squared error needs real-valued targets";
    }
}
