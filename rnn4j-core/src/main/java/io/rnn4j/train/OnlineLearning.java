package io.rnn4j.train;

import io.rnn4j.kernel.Activations;
import io.rnn4j.loss.Loss;
import io.rnn4j.loss.MeanSquaredError;
import io.rnn4j.loss.SigmoidCrossEntropy;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.loss.Targets;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.nn.RecurrentState;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.ekf.EkfConfig;
import io.rnn4j.train.ekf.ExtendedKalmanFilter;
import io.rnn4j.train.ekf.Measurement;
import io.rnn4j.train.ekf.TruncatedBpttJacobian;
import io.rnn4j.train.rtrl.RtrlNetwork;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Online training: a weight change at every scored step of a sequence, with no unrolling.
 * <ul>
 *   <li>RTRL: the exact gradient of this step's loss from the sensitivities carried forward
 *       ({@link RtrlNetwork}), applied by an {@link UpdateRule};</li>
 *   <li>EKF and DEKF: the global or decoupled extended Kalman filter, the readout as the
 *       measurement ({@link Measurement}) and H = ∂z/∂θ from RTRL or, optionally, from truncated
 *       BPTT over a window ({@link TruncatedBpttJacobian}, which scales to larger networks).</li>
 * </ul>
 * The output kind follows the loss: softmax cross-entropy (class targets), sigmoid cross-entropy
 * or mean squared error (a linear readout). The model is what {@link RtrlNetwork#specOf} accepts:
 * one unidirectional recurrent layer (any depth, no dropout) and a dense readout, on real-valued
 * inputs or behind a one-hot layer. Batches hold one sequence. Each RTRL step costs Σ S²·P
 * multiply-adds (O(n⁴) for n units), so this is for small networks.
 *
 * <p>State carries across batches when the loop hands back the state this strategy returned (a
 * token stream read in chunks); any other carried-in state starts the sequence afresh. The
 * sensitivities and covariances live only in memory: a run cannot be resumed exactly
 * ({@link #state()} is null). The filters keep the weights in double precision; {@link #syncModel}
 * copies them into the model.
 */
public final class OnlineLearning implements TrainingStrategy {

    /** How the readout z is turned into a prediction, from the loss. */
    private enum Output {
        SOFTMAX, SIGMOID, LINEAR
    }

    /** A filter step always changes the weights, and has neither a learning rate nor a gradient norm. */
    private static final UpdateRule.Outcome FILTER_UPDATE = new UpdateRule.Outcome(Double.NaN, Double.NaN, true);

    private final SequenceModel model;
    private final Loss loss;
    private final Output output;
    private final UpdateRule rule;
    private final ExtendedKalmanFilter filter;
    private final RtrlNetwork net;
    private final TruncatedBpttJacobian truncated;
    private final double[] theta;
    private final double[][] jacobian;
    private final double[] dz;
    private final double[] innovation;
    private final double[] probs;
    private final double[] mean;
    private Map<String, RecurrentState> handedOut;

    private OnlineLearning(SequenceModel model, Loss loss, UpdateRule rule, EkfConfig ekf, boolean decoupled,
                           int derivativeWindow) {
        this.model = model;
        this.loss = loss;
        this.output = outputOf(loss);
        this.rule = rule;
        RtrlNetwork.Spec spec = RtrlNetwork.specOf(model);
        if (derivativeWindow > 0) {
            this.truncated = new TruncatedBpttJacobian(model, derivativeWindow);
            this.net = null;
            this.theta = new double[spec.parameterCount()];
        } else {
            this.truncated = null;
            this.net = RtrlNetwork.create(spec, 1);
            this.theta = net.theta();
        }
        float[] values = model.parameters().values();
        for (int k = 0; k < theta.length; k++) {
            theta[k] = values[k];
        }
        int p = theta.length;
        int out = spec.outputs();
        this.filter = ekf == null ? null
                : decoupled ? ExtendedKalmanFilter.decoupled(p, RtrlNetwork.unitGroups(spec), ekf)
                : ExtendedKalmanFilter.global(p, ekf);
        this.jacobian = filter == null ? null : new double[out][p];
        this.dz = new double[out];
        this.innovation = new double[out];
        this.probs = new double[out];
        this.mean = new double[p];
    }

    /** RTRL: the exact gradient at every scored step, applied by {@code rule}. */
    public static OnlineLearning rtrl(SequenceModel model, Loss loss, UpdateRule rule) {
        if (rule == null) {
            throw new IllegalArgumentException("RTRL needs an update rule (an optimizer, its rate and clipping)");
        }
        return new OnlineLearning(model, loss, rule, null, false, 0);
    }

    /** The global extended Kalman filter, H by RTRL. */
    public static OnlineLearning ekf(SequenceModel model, Loss loss, EkfConfig config) {
        return filter(model, loss, config, false, 0);
    }

    /** The decoupled extended Kalman filter (one block per neuron or gate unit), H by RTRL. */
    public static OnlineLearning dekf(SequenceModel model, Loss loss, EkfConfig config) {
        return filter(model, loss, config, true, 0);
    }

    /**
     * A global or decoupled filter; H by RTRL when {@code derivativeWindow} is 0, else by
     * truncated BPTT over that many steps.
     */
    public static OnlineLearning filter(SequenceModel model, Loss loss, EkfConfig config, boolean decoupled,
                                        int derivativeWindow) {
        if (config == null) {
            throw new IllegalArgumentException("the Kalman filter needs its noise settings (EkfConfig)");
        }
        if (derivativeWindow < 0) {
            throw new IllegalArgumentException("the derivative window must be >= 0 (0 = RTRL), got " + derivativeWindow);
        }
        return new OnlineLearning(model, loss, null, config, decoupled, derivativeWindow);
    }

    private static Output outputOf(Loss loss) {
        if (loss instanceof SoftmaxCrossEntropy) {
            return Output.SOFTMAX;
        }
        if (loss instanceof SigmoidCrossEntropy) {
            return Output.SIGMOID;
        }
        if (loss instanceof MeanSquaredError) {
            return Output.LINEAR;
        }
        throw new IllegalArgumentException("online training measures a softmax, sigmoid or linear readout"
                + " (SoftmaxCrossEntropy, SigmoidCrossEntropy or MeanSquaredError), not " + loss);
    }

    @Override
    public SequenceModel model() {
        return model;
    }

    @Override
    public Objective objective() {
        return Objective.of(loss);
    }

    @Override
    public BatchOutcome train(Batch batch, StepContext context) {
        Seq in = batch.input();
        if (in.batch != 1) {
            throw new IllegalArgumentException("online training reads one sequence at a time (batch 1), got a batch of "
                    + in.batch);
        }
        if (context.carried() != handedOut || handedOut == null) {
            if (!context.carried().isEmpty()) {
                throw new IllegalArgumentException("online training cannot continue from a saved recurrent state;"
                        + " only BPTT resumes exactly");
            }
            if (net != null) {
                net.reset();
            }
        }
        if (truncated != null && in.isTokens()) {
            throw new IllegalArgumentException("derivatives by truncated BPTT need real-valued inputs, not token ids");
        }
        Targets targets = batch.targets();
        int features = model.inputSize();
        int out = dz.length;
        int steps = in.lengths == null ? in.steps : in.lengths[0];
        double[] x = new double[features];
        double lossSum = 0;
        long count = 0;
        for (int t = 0; t < steps; t++) {
            if (!context.budgetLeft() || context.stopRequested()) {
                break;
            }
            boolean scored = targets.rowMask == null || targets.rowMask[t];
            int target = targets.classes == null ? -1 : targets.classes[t];
            scored &= targets.classes == null || target >= 0;
            double[] z;
            if (truncated != null) {
                if (!scored) {
                    continue;
                }
                syncModel();
                z = truncated.jacobian(in.values, t + 1, jacobian);
            } else {
                readInput(in, t, x);
                z = net.step(x);
                if (!scored) {
                    continue;
                }
            }
            count++;
            if (filter != null) {
                if (truncated == null) {
                    net.outputJacobian(0, jacobian);
                }
                lossSum += measure(z, targets, t, target);
                filter.update(theta, jacobian, innovation);
                context.updated(FILTER_UPDATE);
            } else {
                lossSum += gradient(z, targets, t * out, target);
                ParameterSet ps = model.parameters();
                net.gradientInto(dz, ps);
                UpdateRule.Outcome o = rule.apply(ps);
                if (o.applied()) {
                    net.setParameters(ps.values());
                }
                context.updated(o);
            }
        }
        handedOut = new HashMap<>();
        return new BatchOutcome(lossSum, count, handedOut);
    }

    /** x = the input at step t: a one-hot vector for a token id, else the values. */
    private void readInput(Seq in, int t, double[] x) {
        int features = x.length;
        if (in.isTokens()) {
            int id = in.tokens[t];
            if (id < 0 || id >= features) {
                throw new IllegalArgumentException("token id " + id + " at step " + t + " is outside the vocabulary 0.."
                        + (features - 1));
            }
            Arrays.fill(x, 0);
            x[id] = 1;
        } else {
            for (int j = 0; j < features; j++) {
                x[j] = in.values[t * features + j];
            }
        }
    }

    /** The filter's innovation and H (in {@link #jacobian}); returns this step's loss. */
    private double measure(double[] z, Targets targets, int t, int target) {
        int out = z.length;
        switch (output) {
            case SOFTMAX:
                return Measurement.softmax(z, target, jacobian, innovation, probs, mean);
            case SIGMOID:
                Measurement.sigmoid(z, targets.values, t * out, jacobian, innovation);
                return sigmoidCrossEntropy(z, targets.values, t * out);
            default:
                Measurement.linear(z, targets.values, t * out, innovation);
                return squaredError(z, targets.values, t * out);
        }
    }

    /**
     * dz = ∂loss/∂z of this step: softmax(z) − onehot(target), σ(z) − d, or 2(z − d); returns the loss.
     */
    private double gradient(double[] z, Targets targets, int offset, int target) {
        switch (output) {
            case SOFTMAX:
                return softmaxGradient(z, target, dz);
            case SIGMOID:
                for (int q = 0; q < z.length; q++) {
                    dz[q] = Activations.sigmoid(z[q]) - targets.values[offset + q];
                }
                return sigmoidCrossEntropy(z, targets.values, offset);
            default:
                for (int q = 0; q < z.length; q++) {
                    dz[q] = 2 * (z[q] - targets.values[offset + q]);
                }
                return squaredError(z, targets.values, offset);
        }
    }

    /** dz = softmax(z) − onehot(target); returns −log softmax(z)[target]. */
    static double softmaxGradient(double[] z, int target, double[] dz) {
        Activations.softmax(z, dz.length, 1.0, dz);
        double p = dz[target];
        dz[target] -= 1;
        return -Math.log(Math.max(p, Double.MIN_NORMAL));
    }

    /** Mean binary cross-entropy of σ(z) against d, as {@link SigmoidCrossEntropy} averages it. */
    private static double sigmoidCrossEntropy(double[] z, float[] d, int offset) {
        double sum = 0;
        for (int q = 0; q < z.length; q++) {
            sum += Math.max(z[q], 0) - z[q] * d[offset + q] + Math.log1p(Math.exp(-Math.abs(z[q])));
        }
        return sum / z.length;
    }

    /** Mean squared error of z against d, as {@link MeanSquaredError} averages it. */
    private static double squaredError(double[] z, float[] d, int offset) {
        double sum = 0;
        for (int q = 0; q < z.length; q++) {
            double e = z[q] - d[offset + q];
            sum += e * e;
        }
        return sum / z.length;
    }

    @Override
    public long updates() {
        return filter != null ? filter.updates() : rule.optimizer().steps();
    }

    @Override
    public void syncModel() {
        if (filter != null) {
            model.parameters().setValues(theta);
        }
    }

    @Override
    public Map<String, float[]> state() {
        return null;
    }

    @Override
    public void restore(long updates, Map<String, float[]> state) {
        throw new IllegalArgumentException("an online run (RTRL, EKF, DEKF) cannot be resumed: its sensitivities"
                + " and covariances are not saved");
    }
}
