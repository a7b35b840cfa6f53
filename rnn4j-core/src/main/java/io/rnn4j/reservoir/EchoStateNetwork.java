package io.rnn4j.reservoir;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * An echo state network: a fixed random {@link Reservoir} and a trained linear readout
 * <pre>
 *   y(n) = W_out·[1; u(n); x(n)]
 * </pre>
 * with W_out (L, 1+K+N). In the spirit of ReservoirPy: build, {@link #fit} on a driven run (ridge
 * regression, closed form) or {@link #fitOnline} (recursive least squares), then {@link #run}
 * driven by inputs or {@link #generate} in closed loop, where each output becomes the next input.
 *
 * <p>Sequences are {@code double[T][features]}. The reservoir state carries over between calls;
 * {@link #reset()} zeroes it. With output feedback, training uses teacher forcing: the target of
 * the previous step stands in for the previous output.
 */
public final class EchoStateNetwork {

    private final Reservoir reservoir;
    private double[] readout;
    private final double[] previousOutput;
    private final double[] extended;

    public EchoStateNetwork(ReservoirConfig config) {
        this(new Reservoir(config), null);
    }

    /** A network from its parts, e.g. loaded from a file; {@code readout} (L, 1+K+N) may be null (untrained). */
    public EchoStateNetwork(Reservoir reservoir, double[] readout) {
        this.reservoir = reservoir;
        ReservoirConfig c = reservoir.config();
        if (readout != null && readout.length != c.outputSize() * c.extendedSize()) {
            throw new IllegalArgumentException("readout needs L x (1+K+N) = " + c.outputSize() * c.extendedSize()
                    + " weights, got " + readout.length);
        }
        this.readout = readout == null ? null : readout.clone();
        this.previousOutput = new double[c.outputSize()];
        this.extended = new double[c.extendedSize()];
    }

    public Reservoir reservoir() {
        return reservoir;
    }

    public ReservoirConfig config() {
        return reservoir.config();
    }

    /** W_out (L, 1+K+N), row-major, or null before training; a copy. */
    public double[] readout() {
        return readout == null ? null : readout.clone();
    }

    /** Zeroes the reservoir state and the remembered previous output. */
    public void reset() {
        reservoir.reset();
        Arrays.fill(previousOutput, 0);
    }

    /** A copy of the running state: reservoir x (N) followed by the previous output (L). */
    public double[] snapshot() {
        double[] x = reservoir.state();
        double[] s = Arrays.copyOf(x, x.length + previousOutput.length);
        System.arraycopy(previousOutput, 0, s, x.length, previousOutput.length);
        return s;
    }

    /** Restores a state taken by {@link #snapshot()}. */
    public void restore(double[] snapshot) {
        double[] x = reservoir.state();
        if (snapshot.length != x.length + previousOutput.length) {
            throw new IllegalArgumentException("a snapshot of this network has " + (x.length + previousOutput.length)
                    + " values, got " + snapshot.length);
        }
        System.arraycopy(snapshot, 0, x, 0, x.length);
        System.arraycopy(snapshot, x.length, previousOutput, 0, previousOutput.length);
    }

    /**
     * Drives the reservoir through {@code inputs} (T, K) with teacher forcing from {@code targets}
     * (T, L), drops the first {@code warmup} steps (the initial transient), and fits W_out by
     * ridge regression with regularisation {@code ridge}.
     */
    public EchoStateNetwork fit(double[][] inputs, double[][] targets, int warmup, double ridge) {
        return fit(inputs, targets, warmup, ridge, 0, 0);
    }

    /**
     * As {@link #fit(double[][], double[][], int, double)}, with uniform noise in
     * [−inputNoise, inputNoise] added to every input while the states are harvested; the targets
     * stay clean. In closed-loop generation the input is the network's own
     * output, so training on slightly perturbed inputs teaches the readout to damp its own errors
     * instead of amplifying them (Jaeger 2001 adds noise for the same reason); {@code noiseSeed}
     * makes it reproducible.
     */
    public EchoStateNetwork fit(double[][] inputs, double[][] targets, int warmup, double ridge, double inputNoise,
                                long noiseSeed) {
        if (!(inputNoise >= 0) || Double.isInfinite(inputNoise)) {
            throw new IllegalArgumentException("inputNoise must be a finite number >= 0, got " + inputNoise);
        }
        int steps = checkPairs(inputs, targets, warmup);
        SplittableRandom noise = new SplittableRandom(noiseSeed);
        double[] noisy = new double[config().inputSize()];
        RidgeRegression ridgeFit = new RidgeRegression(config().extendedSize(), config().outputSize());
        for (int n = 0; n < steps; n++) {
            double[] u = input(inputs, n);
            if (u != null && inputNoise > 0) {
                for (int j = 0; j < noisy.length; j++) {
                    noisy[j] = u[j] + inputNoise * (2 * noise.nextDouble() - 1);
                }
                advance(noisy);
            } else {
                advance(u);
            }
            if (n >= warmup) {
                ridgeFit.add(extended, targets[n]);
            }
            System.arraycopy(targets[n], 0, previousOutput, 0, previousOutput.length);
        }
        readout = ridgeFit.solve(ridge);
        return this;
    }

    /**
     * As {@link #fit}, but online: after the warm-up, every step updates W_out by recursive least
     * squares with forgetting factor λ and initial P = I/δ.
     */
    public EchoStateNetwork fitOnline(double[][] inputs, double[][] targets, int warmup, double forgetting, double delta) {
        int steps = checkPairs(inputs, targets, warmup);
        RlsReadout rls = new RlsReadout(config().extendedSize(), config().outputSize(), forgetting, delta);
        for (int n = 0; n < steps; n++) {
            advance(input(inputs, n));
            if (n >= warmup) {
                rls.update(extended, targets[n]);
            }
            System.arraycopy(targets[n], 0, previousOutput, 0, previousOutput.length);
        }
        readout = rls.weights();
        return this;
    }

    /**
     * Updates the state through {@code inputs} (T, K) with the given outputs as the previous
     * output (teacher forcing), without reading out: a warm-up before {@link #generate}.
     */
    public void drive(double[][] inputs, double[][] teacherOutputs) {
        int steps = checkPairs(inputs, teacherOutputs, 0);
        for (int n = 0; n < steps; n++) {
            advance(input(inputs, n));
            System.arraycopy(teacherOutputs[n], 0, previousOutput, 0, previousOutput.length);
        }
    }

    /** Runs driven by {@code inputs} (T, K) and returns the outputs (T, L); feedback uses its own outputs. */
    public double[][] run(double[][] inputs) {
        requireTrained();
        double[][] out = new double[inputs.length][];
        for (int n = 0; n < inputs.length; n++) {
            out[n] = step(inputs[n]);
        }
        return out;
    }

    /** One driven step: input u (K) → output y (L). */
    public double[] step(double[] u) {
        requireTrained();
        advance(config().inputSize() == 0 ? null : u);
        double[] y = readOut();
        System.arraycopy(y, 0, previousOutput, 0, y.length);
        return y;
    }

    /**
     * Closed loop for {@code steps} steps: each output is the next input (K = L), or, with K = 0,
     * the network runs on its output feedback alone. Starts from the current state and previous
     * output (after {@link #fit} or {@link #drive}, the last teacher value).
     */
    public double[][] generate(int steps) {
        requireTrained();
        int k = config().inputSize();
        if (k != 0 && k != config().outputSize()) {
            throw new IllegalStateException("closed-loop generation feeds the output back as input and needs inputSize == outputSize"
                    + " (or inputSize 0), got " + k + " and " + config().outputSize());
        }
        double[][] out = new double[steps][];
        for (int n = 0; n < steps; n++) {
            out[n] = step(k == 0 ? null : previousOutput.clone());
        }
        return out;
    }

    private void advance(double[] u) {
        ReservoirConfig c = config();
        double[] x = reservoir.step(u, c.feedbackScaling() > 0 ? previousOutput : null);
        extended[0] = 1;
        if (c.inputSize() > 0) {
            System.arraycopy(u, 0, extended, 1, c.inputSize());
        }
        System.arraycopy(x, 0, extended, 1 + c.inputSize(), c.units());
    }

    private double[] readOut() {
        int d = extended.length;
        double[] y = new double[config().outputSize()];
        for (int o = 0; o < y.length; o++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += readout[o * d + j] * extended[j];
            }
            y[o] = s;
        }
        return y;
    }

    private double[] input(double[][] inputs, int n) {
        return config().inputSize() == 0 ? null : inputs[n];
    }

    private int checkPairs(double[][] inputs, double[][] targets, int warmup) {
        ReservoirConfig c = config();
        int steps = targets.length;
        if (c.inputSize() > 0 && (inputs == null || inputs.length != steps)) {
            throw new IllegalArgumentException("inputs and targets must have the same number of steps, got "
                    + (inputs == null ? 0 : inputs.length) + " and " + steps);
        }
        if (warmup < 0 || (warmup > 0 && warmup >= steps)) {
            throw new IllegalArgumentException("warm-up must be in [0, " + steps + "), got " + warmup);
        }
        for (int n = 0; n < steps; n++) {
            if (targets[n].length != c.outputSize() || (c.inputSize() > 0 && inputs[n].length != c.inputSize())) {
                throw new IllegalArgumentException("step " + n + ": expected " + c.inputSize() + " inputs and " + c.outputSize()
                        + " targets, got " + (c.inputSize() > 0 ? inputs[n].length : 0) + " and " + targets[n].length);
            }
        }
        return steps;
    }

    private void requireTrained() {
        if (readout == null) {
            throw new IllegalStateException("the readout is not trained: call fit or fitOnline first");
        }
    }
}
