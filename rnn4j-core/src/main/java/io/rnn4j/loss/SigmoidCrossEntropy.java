package io.rnn4j.loss;

import io.rnn4j.kernel.Activations;

/**
 * Independent sigmoid outputs with binary cross-entropy, averaged over the values of valid rows
 * (PyTorch's {@code F.binary_cross_entropy_with_logits}, mean), for targets in [0, 1] such as the
 * several possible next symbols of a grammar:
 * <pre>
 *   p = σ(z),  loss = −Σ [y·log p + (1−y)·log(1−p)] / (N_valid·F),  ∂loss/∂z = (p − y) / (N_valid·F)
 * </pre>
 * Computed as max(z, 0) − z·y + log(1 + e^−|z|), which cannot overflow.
 */
public final class SigmoidCrossEntropy extends ElementwiseLoss {

    @Override
    double term(float output, float target) {
        double z = output;
        return Math.max(z, 0) - z * target + Math.log1p(Math.exp(-Math.abs(z)));
    }

    @Override
    double slope(float output, float target) {
        return Activations.sigmoid((double) output) - target;
    }

    @Override
    String needs() {
        return "sigmoid cross-entropy needs real-valued targets in [0, 1]";
    }
}
