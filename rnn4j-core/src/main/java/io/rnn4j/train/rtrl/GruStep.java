package io.rnn4j.train.rtrl;

import io.rnn4j.nn.recurrent.RecurrentConfig.CellType;

/**
 * One step of the GRU in PyTorch's reset-after form, as {@code io.rnn4j.nn.recurrent.Gru}
 * (gate order r, z, n):
 * <pre>
 *   r = σ(a_ir + a_hr)   z = σ(a_iz + a_hz)   n = tanh(a_in + r⊙a_hn)
 *   h' = (1−z)⊙n + z⊙h
 * </pre>
 * With dn = (1−z)(1−n²), the local derivatives of unit k are
 * <pre>
 *   ∂h'/∂a_in = dn      ∂h'/∂a_hn = dn·r
 *   ∂h'/∂a_ir = ∂h'/∂a_hr = dn·a_hn·r(1−r)
 *   ∂h'/∂a_iz = ∂h'/∂a_hz = (h − n)·z(1−z)
 *   direct ∂h'/∂h = z (diagonal)
 * </pre>
 */
final class GruStep extends CellStep {

    GruStep(int inputSize, int hiddenSize, int offset) {
        super(inputSize, hiddenSize, CellType.GRU.gates(), hiddenSize, offset, 0);
    }

    @Override
    void forward(double[] theta, double[] x, double[] s, double[] next) {
        preActivations(theta, x, s);
        clearDerivatives();
        int hs = hiddenSize;
        for (int k = 0; k < hs; k++) {
            double r = sigmoid(ai[k] + ah[k]);
            double z = sigmoid(ai[hs + k] + ah[hs + k]);
            double hn = ah[2 * hs + k];
            double n = Math.tanh(ai[2 * hs + k] + r * hn);
            double h = s[k];
            next[k] = (1 - z) * n + z * h;

            double dn = (1 - z) * (1 - n * n);
            double dr = dn * hn * r * (1 - r);
            double dz = (h - n) * z * (1 - z);
            dAi[k][k] = dr;
            dAh[k][k] = dr;
            dAi[k][hs + k] = dz;
            dAh[k][hs + k] = dz;
            dAi[k][2 * hs + k] = dn;
            dAh[k][2 * hs + k] = dn * r;
            direct[k][k] = z;
        }
    }
}
