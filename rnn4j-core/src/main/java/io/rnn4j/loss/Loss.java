package io.rnn4j.loss;

import io.rnn4j.tensor.Seq;

/**
 * A loss over the valid rows of a model output. Rows are the (T·B) steps of the output sequence
 * (or B rows when the output has T = 1); a row is valid when its step is within the sample's length
 * and, for class targets, its target is not negative (PyTorch's {@code ignore_index} style).
 */
public interface Loss {

    /**
     * Computes the mean loss over valid rows and writes ∂loss/∂output into {@code dOut}
     * (overwritten, zero at invalid rows).
     *
     * @return the loss and the number of valid rows
     */
    Result compute(Seq output, Targets targets, float[] dOut);

    /** A loss value and the count it is averaged over. */
    record Result(double loss, int count) {
    }
}
