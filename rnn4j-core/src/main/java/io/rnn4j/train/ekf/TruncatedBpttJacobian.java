package io.rnn4j.train.ekf;

import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.nn.RecurrentState;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.tensor.Seq;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Jacobian H = ∂z_t/∂θ (O, P) of a model's readout at the last step t of a sequence, by
 * truncated back-propagation through time: each output unit's derivative is propagated back
 * through at most h steps, treating the state at t − h as a constant (Puskorius &amp; Feldkamp
 * 1994 train their EKF with such derivatives). With h ≥ t + 1 it is the exact Jacobian that RTRL
 * carries forward; unlike RTRL it costs O·h steps of BPTT per update instead of O(n⁴) per step,
 * so it scales to larger networks.
 *
 * <p>It runs the model's own (float) forward and backward: the state at the window's start is
 * carried from call to call along one sequence (an inference pass over only the steps the window
 * moved by), then, for each output unit q, a pass over the window with a unit gradient on z_t[q].
 * A call with another input array, or with an earlier window, starts again from step 0.
 */
public final class TruncatedBpttJacobian {

    private final SequenceModel model;
    private final int window;
    private final SplittableRandom unused = new SplittableRandom(0); // no dropout in these models
    private float[] sequence; // the input array the carried state belongs to
    private Map<String, RecurrentState> start = Map.of(); // the state after startTime steps of it
    private int startTime;

    /** @param window h, the steps each derivative is propagated back (≥ 1) */
    public TruncatedBpttJacobian(SequenceModel model, int window) {
        if (window < 1) {
            throw new IllegalArgumentException("the truncation window must be >= 1 step, got " + window);
        }
        this.model = model;
        this.window = window;
    }

    /**
     * Fills {@code jac} (O, P) with ∂z/∂θ at the last of {@code steps} steps of {@code inputs}
     * ((steps, I) row-major, one sequence), and returns z at that step (O).
     */
    public double[] jacobian(float[] inputs, int steps, double[][] jac) {
        int features = model.inputSize();
        if (steps < 1 || inputs.length < steps * features) {
            throw new IllegalArgumentException("need at least one step of " + features + " inputs, got " + inputs.length
                    + " values for " + steps + " steps");
        }
        int from = Math.max(0, steps - window);
        if (inputs != sequence || from < startTime) {
            sequence = inputs;
            start = Map.of();
            startTime = 0;
        }
        if (from > startTime) {
            float[] moved = Arrays.copyOfRange(inputs, startTime * features, from * features);
            start = model.forward(Seq.ofValues(moved, from - startTime, 1, features, null), ForwardContext.inference(start))
                    .finalStates();
            startTime = from;
        }
        int len = steps - from;
        float[] x = Arrays.copyOfRange(inputs, from * features, steps * features);
        Seq in = Seq.ofValues(x, len, 1, features, null);
        ParameterSet ps = model.parameters();
        int outputs = jac.length;
        double[] z = new double[outputs];
        for (int q = 0; q < outputs; q++) {
            ps.zeroGrad();
            SequenceModel.Pass pass = model.forward(in, new ForwardContext(true, unused, start));
            float[] out = pass.output().values;
            if (q == 0) {
                for (int j = 0; j < outputs; j++) {
                    z[j] = out[(len - 1) * outputs + j];
                }
            }
            float[] dOut = new float[out.length];
            dOut[(len - 1) * outputs + q] = 1f;
            model.backward(pass, dOut, false); // parameter gradients only
            float[] g = ps.grads();
            double[] row = jac[q];
            for (int k = 0; k < g.length; k++) {
                row[k] = g[k];
            }
        }
        ps.zeroGrad();
        return z;
    }
}
