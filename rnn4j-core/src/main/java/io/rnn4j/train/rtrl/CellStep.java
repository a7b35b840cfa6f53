package io.rnn4j.train.rtrl;

import io.rnn4j.kernel.Activations;
import java.util.Arrays;

/**
 * One time step of a recurrent cell in double precision, with the local derivatives that
 * real-time recurrent learning and the extended Kalman filter need. It is the per-step twin of
 * the fused whole-sequence cells in {@code io.rnn4j.nn.recurrent}, with the same equations,
 * gate order and parameter layout (PyTorch's).
 *
 * <p>With G gate blocks of H units and input size I, the pre-activations are split into the part
 * from the input and the part from the previous hidden state:
 * <pre>
 *   a_i = W_ih·x + b_ih      (G·H)
 *   a_h = W_hh·h + b_hh      (G·H)
 *   s'  = F(a_i, a_h, s)     the next state, S values: h (S = H) or [h; c] (S = 2H)
 * </pre>
 * After {@link #forward}, {@link #dAi} (S, G·H) holds ∂s'/∂a_i, {@link #dAh} (S, G·H) holds
 * ∂s'/∂a_h, and {@link #direct} (S, S) the part of ∂s'/∂s that does not pass through W_hh (the
 * cell path of an LSTM, the z·h term of a GRU). Everything else follows by the chain rule:
 * <pre>
 *   ∂s'/∂s        = dAh·W_hh (h columns) + direct
 *   ∂s'/∂x        = dAi·W_ih
 *   ∂s'/∂W_ih[r,j] = dAi[:, r]·x_j      ∂s'/∂b_ih[r] = dAi[:, r]
 *   ∂s'/∂W_hh[r,j] = dAh[:, r]·h_j      ∂s'/∂b_hh[r] = dAh[:, r]
 * </pre>
 * Parameters live in one flat vector θ at the cell's offset, in the order weight_ih (G·H, I),
 * weight_hh (G·H, H), bias_ih (G·H), bias_hh (G·H), then any cell-specific extras.
 */
abstract class CellStep {

    final int inputSize;
    final int hiddenSize;
    final int gateRows;
    final int stateSize;
    /** Offsets of the parameter tensors in θ. */
    final int weightIh;
    final int weightHh;
    final int biasIh;
    final int biasHh;
    /** One past this cell's last parameter in θ. */
    final int end;

    final double[] ai;
    final double[] ah;
    final double[][] dAi;
    final double[][] dAh;
    final double[][] direct;

    CellStep(int inputSize, int hiddenSize, int gates, int stateSize, int offset, int extraParameters) {
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.gateRows = gates * hiddenSize;
        this.stateSize = stateSize;
        this.weightIh = offset;
        this.weightHh = weightIh + gateRows * inputSize;
        this.biasIh = weightHh + gateRows * hiddenSize;
        this.biasHh = biasIh + gateRows;
        this.end = biasHh + gateRows + extraParameters;
        this.ai = new double[gateRows];
        this.ah = new double[gateRows];
        this.dAi = new double[stateSize][gateRows];
        this.dAh = new double[stateSize][gateRows];
        this.direct = new double[stateSize][stateSize];
    }

    /** Parameters of this cell. */
    int parameterCount() {
        return end - weightIh;
    }

    /**
     * Computes s' from input x (I) and state s (S) into {@code next} (S), and fills
     * {@link #dAi}, {@link #dAh} and {@link #direct}.
     */
    abstract void forward(double[] theta, double[] x, double[] s, double[] next);

    /** Adds ∂s'/∂θ of cell-specific extra parameters (e.g. peepholes) into m (S, ≥ end). */
    void addExtraParameterJacobian(double[][] m, double[] s, double[] next) {
    }

    /** a_i and a_h for input x and hidden state h (the first H entries of s). */
    final void preActivations(double[] theta, double[] x, double[] s) {
        int in = inputSize;
        int hs = hiddenSize;
        for (int r = 0; r < gateRows; r++) {
            double sum = theta[biasIh + r];
            int w = weightIh + r * in;
            for (int j = 0; j < in; j++) {
                sum += theta[w + j] * x[j];
            }
            ai[r] = sum;
            double sh = theta[biasHh + r];
            int u = weightHh + r * hs;
            for (int j = 0; j < hs; j++) {
                sh += theta[u + j] * s[j];
            }
            ah[r] = sh;
        }
    }

    /** Clears the derivative buffers before a forward step fills their non-zero entries. */
    final void clearDerivatives() {
        for (int k = 0; k < stateSize; k++) {
            Arrays.fill(dAi[k], 0);
            Arrays.fill(dAh[k], 0);
            Arrays.fill(direct[k], 0);
        }
    }

    /** js (S, S) = ∂s'/∂s = dAh·W_hh in the h columns, plus {@link #direct}. */
    final void stateJacobian(double[] theta, double[][] js) {
        int hs = hiddenSize;
        for (int k = 0; k < stateSize; k++) {
            double[] row = js[k];
            System.arraycopy(direct[k], 0, row, 0, stateSize);
            double[] d = dAh[k];
            for (int r = 0; r < gateRows; r++) {
                double g = d[r];
                if (g != 0) {
                    int u = weightHh + r * hs;
                    for (int j = 0; j < hs; j++) {
                        row[j] += g * theta[u + j];
                    }
                }
            }
        }
    }

    /** jx (S, I) = ∂s'/∂x = dAi·W_ih. */
    final void inputJacobian(double[] theta, double[][] jx) {
        int in = inputSize;
        for (int k = 0; k < stateSize; k++) {
            double[] row = jx[k];
            Arrays.fill(row, 0, in, 0);
            double[] d = dAi[k];
            for (int r = 0; r < gateRows; r++) {
                double g = d[r];
                if (g != 0) {
                    int w = weightIh + r * in;
                    for (int j = 0; j < in; j++) {
                        row[j] += g * theta[w + j];
                    }
                }
            }
        }
    }

    /** m (S, ≥ end) += ∂s'/∂θ for this cell's parameters; x and s are the step's input and previous state. */
    final void addParameterJacobian(double[][] m, double[] x, double[] s, double[] next) {
        int in = inputSize;
        int hs = hiddenSize;
        for (int k = 0; k < stateSize; k++) {
            double[] row = m[k];
            double[] di = dAi[k];
            double[] dh = dAh[k];
            for (int r = 0; r < gateRows; r++) {
                double gi = di[r];
                if (gi != 0) {
                    int w = weightIh + r * in;
                    for (int j = 0; j < in; j++) {
                        row[w + j] += gi * x[j];
                    }
                    row[biasIh + r] += gi;
                }
                double gh = dh[r];
                if (gh != 0) {
                    int u = weightHh + r * hs;
                    for (int j = 0; j < hs; j++) {
                        row[u + j] += gh * s[j];
                    }
                    row[biasHh + r] += gh;
                }
            }
        }
        addExtraParameterJacobian(m, s, next);
    }

    static double sigmoid(double a) {
        return Activations.sigmoid(a);
    }
}
