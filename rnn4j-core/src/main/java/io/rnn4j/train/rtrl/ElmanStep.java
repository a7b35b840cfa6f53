package io.rnn4j.train.rtrl;

import io.rnn4j.nn.recurrent.RecurrentConfig.CellType;

/**
 * One step of the Elman RNN, as {@code io.rnn4j.nn.recurrent.SimpleRnn}:
 * <pre>
 *   h' = f(W_ih·x + b_ih + W_hh·h + b_hh),   f = tanh or ReLU
 *   ∂h'_k/∂a_k = f'(a_k)   (for both a_i and a_h)
 * </pre>
 * State h (H); G = 1.
 */
final class ElmanStep extends CellStep {

    private final boolean relu;

    ElmanStep(int inputSize, int hiddenSize, boolean relu, int offset) {
        super(inputSize, hiddenSize, CellType.RNN.gates(), hiddenSize, offset, 0);
        this.relu = relu;
    }

    @Override
    void forward(double[] theta, double[] x, double[] s, double[] next) {
        preActivations(theta, x, s);
        clearDerivatives();
        for (int k = 0; k < hiddenSize; k++) {
            double a = ai[k] + ah[k];
            double h;
            double d;
            if (relu) {
                h = Math.max(a, 0);
                d = a > 0 ? 1 : 0;
            } else {
                h = Math.tanh(a);
                d = 1 - h * h;
            }
            next[k] = h;
            dAi[k][k] = d;
            dAh[k][k] = d;
        }
    }
}
