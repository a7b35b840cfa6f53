package io.rnn4j.train;

import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.optim.LearningRateSchedule;
import io.rnn4j.optim.Optimizer;
import io.rnn4j.train.ekf.EkfConfig;
import io.rnn4j.train.ekf.ExtendedKalmanFilter;
import io.rnn4j.train.ekf.Measurement;
import io.rnn4j.train.rtrl.RtrlNetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Online training of a next-token model on one token stream, one update per token, with no
 * unrolling: by RTRL (the exact gradient of this step's cross-entropy, from the carried
 * sensitivities, applied by an optimizer) or by the global or decoupled extended Kalman filter
 * (the softmax output y = softmax(z) is the measurement, the next token's one-hot vector the
 * target; see {@link Measurement#softmax}).
 *
 * <p>The model is a {@link io.rnn4j.nn.OneHot} layer, one unidirectional recurrent layer (any
 * depth, no dropout) and a dense readout (see {@link RtrlNetwork#specOf}). The stream is read in
 * order, the state carried from token to token through an epoch and reset at its start. Each
 * step costs RTRL's Σ S²·P multiply-adds (O(n⁴) for n units), plus the filter's update for the
 * EKF, so this is for small networks; the weights are kept in double precision and copied to
 * the model for validation and at the end.
 *
 * <p>Validation (every {@code validateEvery} updates) runs the float model through
 * {@link Trainer#evaluate(SequenceModel, io.rnn4j.loss.Loss, BatchSource, boolean, long)} with the
 * state carried; the weights of the best validation are restored at the end.
 *
 * <p>As with {@link Trainer}, {@link #fit} holds the model's training claim: one thread trains a
 * model at a time, and a second concurrent run on the same model is refused.
 */
public final class OnlineTrainer {

    /**
     * @param algorithm     RTRL, EKF or DEKF
     * @param schedule      RTRL: the optimizer's rate per update (unused by the filters)
     * @param clipNorm      RTRL: clip the per-step gradient norm to this (0 = off)
     * @param ekf           EKF, DEKF: noise settings and their annealing
     * @param epochs        passes over the stream
     * @param maxSteps      stop after this many updates (0 = no limit)
     * @param maxSeconds    stop after this much wall time (0 = no limit)
     * @param validateEvery validate every this many updates (0 = at the end of each epoch)
     * @param reportEvery   hand listeners the mean training loss every this many updates
     */
    public record Settings(TrainingAlgorithm algorithm, LearningRateSchedule schedule, double clipNorm, EkfConfig ekf,
                           int epochs, long maxSteps, double maxSeconds, long validateEvery, long reportEvery) {
        public Settings {
            if (algorithm == null || !algorithm.online()) {
                throw new IllegalArgumentException("online training runs rtrl, ekf or dekf, not " + algorithm);
            }
            if (epochs < 1 || maxSteps < 0 || !(maxSeconds >= 0) || validateEvery < 0 || reportEvery < 1 || clipNorm < 0) {
                throw new IllegalArgumentException("epochs and reportEvery must be >= 1, maxSteps, maxSeconds, validateEvery"
                        + " and clipNorm >= 0");
            }
            if (algorithm == TrainingAlgorithm.RTRL && schedule == null) {
                throw new IllegalArgumentException("RTRL needs a learning-rate schedule");
            }
            if (algorithm != TrainingAlgorithm.RTRL && ekf == null) {
                throw new IllegalArgumentException(algorithm + " needs its noise settings (EkfConfig)");
            }
        }
    }

    private final SequenceModel model;
    /** RTRL's update step; null for the filters. */
    private final UpdateRule updateRule;
    private final Settings settings;
    private final RtrlNetwork net;
    private final ExtendedKalmanFilter filter;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private volatile boolean stopRequested;

    /**
     * @param optimizer RTRL: applies the gradient to {@code model}'s parameters; null for the filters
     * @throws IllegalArgumentException when the model is not one RTRL runs, or its sensitivities
     *                                  (or the global EKF's covariance) would not fit in memory
     */
    public OnlineTrainer(SequenceModel model, Optimizer optimizer, Settings settings) {
        if (settings.algorithm() == TrainingAlgorithm.RTRL && optimizer == null) {
            throw new IllegalArgumentException("RTRL needs an optimizer");
        }
        this.model = model;
        this.settings = settings;
        this.updateRule = optimizer == null ? null : new UpdateRule(optimizer, settings.schedule(), settings.clipNorm(), 0);
        this.net = RtrlNetwork.create(RtrlNetwork.specOf(model), 1);
        net.setParameters(model.parameters().values());
        int p = net.theta().length;
        this.filter = switch (settings.algorithm()) {
            case EKF -> ExtendedKalmanFilter.global(p, settings.ekf());
            case DEKF -> ExtendedKalmanFilter.decoupled(p, net.unitGroups(), settings.ekf());
            default -> null;
        };
    }

    /**
     * Every {@code steps} updates and every {@code seconds} of training (0 turns either off), hands
     * {@code sink} the model holding the weights trained so far: those of the best validation
     * when there was one, else the current ones. The sink typically saves it, so that a crash
     * loses at most one interval; the run's sensitivities and covariances are not saved, so it
     * cannot be resumed exactly.
     */
    public OnlineTrainer saving(long steps, double seconds, Consumer<SequenceModel> sink) {
        if (steps < 0 || !(seconds >= 0)) {
            throw new IllegalArgumentException("save intervals must be >= 0, got " + steps + " updates, " + seconds + " s");
        }
        this.saveSteps = steps;
        this.saveSeconds = seconds;
        this.saveSink = sink;
        return this;
    }

    private long saveSteps;
    private double saveSeconds;
    private Consumer<SequenceModel> saveSink;

    public OnlineTrainer addListener(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    /** Asks a running {@link #fit} to stop after the current token; safe from any thread. */
    public void requestStop() {
        stopRequested = true;
    }

    /**
     * Trains on {@code tokens} (ids below the model's vocabulary), validating on
     * {@code validation} when it is not null.
     */
    public TrainingResult fit(int[] tokens, BatchSource validation) {
        try (ParameterSet.TrainingClaim claim = model.parameters().claimForTraining()) {
            return fitClaimed(tokens, validation);
        }
    }

    private TrainingResult fitClaimed(int[] tokens, BatchSource validation) {
        int vocab = model.inputSize();
        if (tokens.length < 2) {
            throw new IllegalArgumentException("online training needs at least 2 tokens, got " + tokens.length);
        }
        int out = net.spec().outputs();
        int p = net.theta().length;
        double[] x = new double[vocab];
        double[] innovation = new double[out];
        double[] probs = new double[out];
        double[] mean = new double[p];
        double[] dz = new double[out];
        double[][] jacobian = filter == null ? null : new double[out][p];
        ParameterSet ps = model.parameters();
        long start = System.nanoTime();
        long steps = 0;
        long skipped = 0;
        double reportLoss = 0;
        long reportCount = 0;
        double epochLoss = 0;
        long epochCount = 0;
        double lastTrainLoss = Double.NaN;
        double lastLr = 0;
        double lastNorm = 0;
        double best = Double.NaN;
        long bestStep = 0;
        float[] bestValues = null;
        int epoch = 0;
        boolean stop = false;
        long lastSaveStep = 0;
        double lastSaveSeconds = 0;
        for (; epoch < settings.epochs() && !stop; epoch++) {
            net.reset();
            epochLoss = 0;
            epochCount = 0;
            for (int t = 0; t + 1 < tokens.length; t++) {
                int in = tokens[t];
                int target = tokens[t + 1];
                if (in < 0 || in >= vocab || target < 0 || target >= vocab) {
                    throw new IllegalArgumentException("token id " + (in < 0 || in >= vocab ? in : target) + " at position "
                            + (in < 0 || in >= vocab ? t : t + 1) + " is outside the vocabulary 0.." + (vocab - 1));
                }
                x[in] = 1;
                double[] z = net.step(x);
                x[in] = 0;
                double loss;
                if (filter != null) {
                    net.outputJacobian(0, jacobian);
                    loss = Measurement.softmax(z, target, jacobian, innovation, probs, mean);
                    filter.update(net.theta(), jacobian, innovation);
                } else {
                    loss = softmaxGradient(z, target, dz);
                    net.gradientInto(dz, ps);
                    UpdateRule.Outcome o = updateRule.apply(ps);
                    lastNorm = o.gradientNorm();
                    if (o.applied()) {
                        lastLr = o.learningRate();
                        net.setParameters(ps.values());
                    } else {
                        skipped++;
                    }
                }
                steps++;
                reportLoss += loss;
                reportCount++;
                epochLoss += loss;
                epochCount++;
                lastTrainLoss = epochLoss / epochCount;
                double elapsed = (System.nanoTime() - start) / 1e9;
                if (steps % settings.reportEvery() == 0) {
                    emit(new Metrics(steps, epoch, reportLoss / reportCount, Double.NaN, lastLr, lastNorm, steps / Math.max(elapsed, 1e-9), elapsed));
                    reportLoss = 0;
                    reportCount = 0;
                }
                boolean last = (settings.maxSteps() > 0 && steps >= settings.maxSteps())
                        || (settings.maxSeconds() > 0 && elapsed >= settings.maxSeconds()) || stopRequested;
                boolean validateNow = validation != null
                        && (settings.validateEvery() > 0 ? steps % settings.validateEvery() == 0 : t + 2 == tokens.length);
                if (validateNow || (last && validation != null && bestValues == null)) {
                    syncModel();
                    double v = Trainer.evaluate(model, new SoftmaxCrossEntropy(), validation, true, 0);
                    emit(new Metrics(steps, epoch, lastTrainLoss, v, lastLr, lastNorm, steps / Math.max(elapsed, 1e-9), elapsed));
                    if (Double.isNaN(best) || v < best) {
                        best = v;
                        bestStep = steps;
                        bestValues = ps.values().clone();
                    }
                }
                if (saveSink != null && !last && ((saveSteps > 0 && steps - lastSaveStep >= saveSteps)
                        || (saveSeconds > 0 && elapsed - lastSaveSeconds >= saveSeconds))) {
                    // RTRL's optimizer works on the model's values: lend them to the sink and put them back
                    float[] live = ps.values().clone();
                    if (bestValues != null) {
                        System.arraycopy(bestValues, 0, ps.values(), 0, bestValues.length);
                    } else {
                        syncModel();
                    }
                    saveSink.accept(model);
                    System.arraycopy(live, 0, ps.values(), 0, live.length);
                    lastSaveStep = steps;
                    lastSaveSeconds = elapsed;
                }
                if (last) {
                    stop = true;
                    break;
                }
            }
        }
        syncModel();
        if (bestValues != null) {
            System.arraycopy(bestValues, 0, ps.values(), 0, bestValues.length);
        }
        return new TrainingResult(steps, epoch, lastTrainLoss, best, bestStep, false, skipped,
                (System.nanoTime() - start) / 1e9, stopRequested);
    }

    /** Copies the double-precision weights into the model (the filters change them in place). */
    private void syncModel() {
        model.parameters().setValues(net.theta());
    }

    /** dz = softmax(z) − onehot(target); returns −log softmax(z)[target]. */
    static double softmaxGradient(double[] z, int target, double[] dz) {
        Measurement.softmax(z, dz);
        double p = dz[target];
        dz[target] -= 1;
        return -Math.log(Math.max(p, Double.MIN_NORMAL));
    }

    private void emit(Metrics m) {
        for (TrainingListener l : listeners) {
            l.onMetrics(m);
        }
    }
}
