package io.rnn4j.train.ekf;

import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.train.rtrl.RtrlNetwork;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Truncated-BPTT output Jacobians: a window covering the whole sequence gives RTRL's exact one. */
class TruncatedBpttJacobianTest {

    @Test
    void aFullWindowEqualsRtrlAndAShortOneDropsTheOlderTerms() {
        SequenceModel model = new SequenceModel(3)
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(3, 4).peepholes(true), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(4, 2))
                .initialize(Init.PYTORCH, 3);
        int steps = 7;
        float[] x = new float[steps * 3];
        SplittableRandom rng = new SplittableRandom(2);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextDouble(-1, 1);
        }
        int p = model.parameters().size();
        RtrlNetwork net = RtrlNetwork.create(RtrlNetwork.specOf(model), 1);
        net.setParameters(model.parameters().values());
        double[] z = null;
        for (int t = 0; t < steps; t++) {
            double[] xt = new double[3];
            for (int j = 0; j < 3; j++) {
                xt[j] = x[t * 3 + j];
            }
            z = net.step(xt).clone();
        }
        double[][] exact = new double[2][p];
        net.outputJacobian(0, exact);

        double[][] full = new double[2][p];
        double[] zFull = new TruncatedBpttJacobian(model, steps).jacobian(x, steps, full);
        double[][] shortWindow = new double[2][p];
        new TruncatedBpttJacobian(model, 2).jacobian(x, steps, shortWindow);
        double scale = 0;
        double maxShortDiff = 0;
        for (int q = 0; q < 2; q++) {
            assertEquals(z[q], zFull[q], 1e-5, "readout");
            for (int k = 0; k < p; k++) {
                scale = Math.max(scale, Math.abs(exact[q][k]));
            }
        }
        for (int q = 0; q < 2; q++) {
            for (int k = 0; k < p; k++) {
                assertEquals(exact[q][k], full[q][k], 1e-5 * scale, "output " + q + ", parameter " + k);
                maxShortDiff = Math.max(maxShortDiff, Math.abs(exact[q][k] - shortWindow[q][k]));
            }
        }
        assertTrue(maxShortDiff > 1e-4 * scale, "a 2-step window must miss the older terms: " + maxShortDiff);

        // walking one Jacobian along the sequence (the start state carried) gives what a fresh one gives at the end
        TruncatedBpttJacobian walking = new TruncatedBpttJacobian(model, 2);
        double[][] walked = new double[2][p];
        for (int t = 1; t <= steps; t++) {
            walking.jacobian(x, t, walked);
        }
        for (int q = 0; q < 2; q++) {
            for (int k = 0; k < p; k++) {
                assertEquals(shortWindow[q][k], walked[q][k], 1e-5 * scale, "carried start state, output " + q);
            }
        }
    }
}
