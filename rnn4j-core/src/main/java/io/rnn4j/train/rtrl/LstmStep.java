package io.rnn4j.train.rtrl;

import io.rnn4j.nn.recurrent.RecurrentConfig.CellType;

/**
 * One step of the LSTM, as {@code io.rnn4j.nn.recurrent.Lstm} (gate order i, f, g, o; optional
 * peepholes p_i, p_f on c and p_o on c'):
 * <pre>
 *   i = σ(a_i + p_i⊙c)   f = σ(a_f + p_f⊙c)   g = tanh(a_g)
 *   c' = f⊙c + i⊙g
 *   o = σ(a_o + p_o⊙c')  h' = o⊙tanh(c')
 * </pre>
 * State [h; c] (2H). With di = i(1−i), df = f(1−f), dg = 1−g², do = o(1−o), t = tanh(c') and
 * ∂h'/∂c' = o(1−t²) + t·do·p_o, the local derivatives of unit k are
 * <pre>
 *   ∂c'/∂a_i = g·di    ∂c'/∂a_f = c·df    ∂c'/∂a_g = i·dg    ∂h'/∂a_o = do·t
 *   ∂h'/∂a_{i,f,g} = ∂h'/∂c' · ∂c'/∂a_{i,f,g}
 *   ∂c'/∂c = f + g·di·p_i + c·df·p_f      ∂h'/∂c = ∂h'/∂c' · ∂c'/∂c
 * </pre>
 * This is the cell Pérez-Ortiz, Gers, Eck &amp; Schmidhuber (2003) train with the decoupled EKF,
 * with exact rather than truncated derivatives.
 */
final class LstmStep extends CellStep {

    private final boolean peepholes;
    private final int peepI;
    private final int peepF;
    private final int peepO;

    LstmStep(int inputSize, int hiddenSize, boolean peepholes, int offset) {
        super(inputSize, hiddenSize, CellType.LSTM.gates(), 2 * hiddenSize, offset, peepholes ? 3 * hiddenSize : 0);
        this.peepholes = peepholes;
        this.peepI = biasHh + gateRows;
        this.peepF = peepI + hiddenSize;
        this.peepO = peepF + hiddenSize;
    }

    @Override
    void forward(double[] theta, double[] x, double[] s, double[] next) {
        preActivations(theta, x, s);
        clearDerivatives();
        int hs = hiddenSize;
        for (int k = 0; k < hs; k++) {
            double c = s[hs + k];
            double pi = peepholes ? theta[peepI + k] : 0;
            double pf = peepholes ? theta[peepF + k] : 0;
            double po = peepholes ? theta[peepO + k] : 0;
            double i = sigmoid(ai[k] + ah[k] + pi * c);
            double f = sigmoid(ai[hs + k] + ah[hs + k] + pf * c);
            double g = Math.tanh(ai[2 * hs + k] + ah[2 * hs + k]);
            double cNext = f * c + i * g;
            double o = sigmoid(ai[3 * hs + k] + ah[3 * hs + k] + po * cNext);
            double t = Math.tanh(cNext);
            next[k] = o * t;
            next[hs + k] = cNext;

            double di = i * (1 - i);
            double df = f * (1 - f);
            double dg = 1 - g * g;
            double dO = o * (1 - o);
            double dhdc = o * (1 - t * t) + t * dO * po;
            double cI = g * di;
            double cF = c * df;
            double cG = i * dg;
            setBoth(k, k, dhdc * cI);
            setBoth(k, hs + k, dhdc * cF);
            setBoth(k, 2 * hs + k, dhdc * cG);
            setBoth(k, 3 * hs + k, dO * t);
            setBoth(hs + k, k, cI);
            setBoth(hs + k, hs + k, cF);
            setBoth(hs + k, 2 * hs + k, cG);
            double dcdc = f + cI * pi + cF * pf;
            direct[hs + k][hs + k] = dcdc;
            direct[k][hs + k] = dhdc * dcdc;
        }
    }

    private void setBoth(int row, int gate, double v) {
        dAi[row][gate] = v;
        dAh[row][gate] = v;
    }

    @Override
    void addExtraParameterJacobian(double[][] m, double[] s, double[] next) {
        if (!peepholes) {
            return;
        }
        int hs = hiddenSize;
        for (int k = 0; k < hs; k++) {
            double c = s[hs + k];
            // i and f see c through p_i, p_f exactly as they see their bias, scaled by c
            m[k][peepI + k] += dAi[k][k] * c;
            m[hs + k][peepI + k] += dAi[hs + k][k] * c;
            m[k][peepF + k] += dAi[k][hs + k] * c;
            m[hs + k][peepF + k] += dAi[hs + k][hs + k] * c;
            // o sees c', and only h' depends on o
            m[k][peepO + k] += dAi[k][3 * hs + k] * next[hs + k];
        }
    }
}
