package io.rnn4j.train.ekf;

import io.rnn4j.kernel.Activations;
import java.util.Arrays;

/**
 * Turns a network's pre-activation readout z (O) and its Jacobian J = ∂z/∂θ (O, P) into the
 * extended Kalman filter's measurement: the innovation ξ = d − y(z) and H = ∂y/∂θ, for the three
 * output kinds the library trains with (the filter then sees y, not z):
 * <pre>
 *   linear:   y = z,           H = J
 *   sigmoid:  y = σ(z),        H_q = y_q(1 − y_q)·J_q
 *   softmax:  y = softmax(z),  H_q = y_q·(J_q − Σ_r y_r·J_r)
 * </pre>
 * J is overwritten with H in place.
 */
public final class Measurement {

    private Measurement() {
    }

    /** Identity output: ξ_q = d_q − z_q; J is H already. */
    public static void linear(double[] z, float[] targets, int targetOffset, double[] innovation) {
        for (int q = 0; q < innovation.length; q++) {
            innovation[q] = targets[targetOffset + q] - z[q];
        }
    }

    /** Independent sigmoid outputs with targets d (0/1 or in between). */
    public static void sigmoid(double[] z, float[] targets, int targetOffset, double[][] jacobian, double[] innovation) {
        for (int q = 0; q < innovation.length; q++) {
            double y = Activations.sigmoid(z[q]);
            innovation[q] = targets[targetOffset + q] - y;
            double slope = y * (1 - y);
            double[] row = jacobian[q];
            for (int k = 0; k < row.length; k++) {
                row[k] *= slope;
            }
        }
    }

    /**
     * One softmax over the O outputs with a one-hot target (class {@code target}); {@code probs}
     * (O) receives y and {@code mean} (P) is scratch.
     *
     * @return −log y_target, the cross-entropy of this step
     */
    public static double softmax(double[] z, int target, double[][] jacobian, double[] innovation, double[] probs, double[] mean) {
        int o = innovation.length;
        if (target < 0 || target >= o) {
            throw new IllegalArgumentException("target class " + target + " is outside 0.." + (o - 1));
        }
        Activations.softmax(z, probs.length, 1.0, probs);
        for (int q = 0; q < o; q++) {
            innovation[q] = (q == target ? 1 : 0) - probs[q];
        }
        int p = jacobian[0].length;
        Arrays.fill(mean, 0, p, 0);
        for (int r = 0; r < o; r++) {
            double w = probs[r];
            double[] row = jacobian[r];
            for (int k = 0; k < p; k++) {
                mean[k] += w * row[k];
            }
        }
        for (int q = 0; q < o; q++) {
            double w = probs[q];
            double[] row = jacobian[q];
            for (int k = 0; k < p; k++) {
                row[k] = w * (row[k] - mean[k]);
            }
        }
        return -Math.log(Math.max(probs[target], Double.MIN_NORMAL));
    }
}
