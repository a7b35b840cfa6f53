package io.rnn4j.tasks;

import io.rnn4j.loss.Loss;
import io.rnn4j.loss.MeanSquaredError;
import io.rnn4j.loss.SigmoidCrossEntropy;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Adam;
import io.rnn4j.optim.LearningRateSchedule;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.TrainingAlgorithm;
import io.rnn4j.train.TruncatedBptt;
import io.rnn4j.train.UpdateRule;
import io.rnn4j.train.ekf.EkfConfig;
import io.rnn4j.train.ekf.ExtendedKalmanFilter;
import io.rnn4j.train.ekf.Measurement;
import io.rnn4j.train.ekf.TruncatedBpttJacobian;
import io.rnn4j.train.rtrl.RtrlNetwork;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Trains a recurrent network with a sigmoid or linear readout on a {@link SequenceTask} by one of
 * the {@link TrainingAlgorithm}s, checking the task's criterion on its test set every
 * {@code evalEvery} training sequences, and stops at the first pass or when the sequence or time
 * budget is spent. The number of training sequences seen at the first pass is the figure the
 * papers report.
 */
public final class TaskTrainer {

    /**
     * @param algorithm    training algorithm
     * @param cell         RNN, LSTM or GRU
     * @param hidden       units per layer
     * @param forgetBias   LSTM only: the initial forget-gate bias, or null for PyTorch's 0. A large value
     *                     (5: f ≈ 0.993) lets the cell keep its contents over long lags from the start, as
     *                     the original LSTM's constant error carousel did (it had no forget gate)
     * @param inputBias    LSTM only: the initial input-gate bias (b_ih of the i block; b_hh's set to 0), or
     *                     null for PyTorch's init. A negative value (−3: i ≈ 0.05) keeps the cell from
     *                     filling up with every input before it has learnt what to store, as the
     *                     negative input-gate biases of Hochreiter &amp; Schmidhuber (1997) did
     * @param peepholes    LSTM only: peephole connections (Gers &amp; Schmidhuber 2000), which the
     *                     counting-language papers use
     * @param lr           Adam learning rate (BPTT, TBPTT, RTRL)
     * @param cosine       whether the rate is cosine-annealed to 0 over {@code maxSequences} (otherwise constant)
     * @param batch        sequences per update (BPTT, TBPTT); the online algorithms use 1
     * @param window       k of TBPTT(k; k)
     * @param clip         gradient-norm clip (BPTT, TBPTT, RTRL)
     * @param ekf          filter noise settings (EKF, DEKF)
     * @param truncatedDerivatives EKF, DEKF: derivatives by truncated BPTT over {@code window} steps
     *                     instead of RTRL
     * @param maxSequences training-sequence budget
     * @param maxSeconds   wall-time budget
     * @param evalEvery    training sequences between test-set checks
     * @param seed         seed of the weights, the data and the test set
     */
    public record Settings(TrainingAlgorithm algorithm, RecurrentConfig.CellType cell, int hidden, Float forgetBias, Float inputBias, boolean peepholes, double lr, boolean cosine, int batch,
                           int window, double clip, EkfConfig ekf, boolean truncatedDerivatives, long maxSequences, double maxSeconds, int evalEvery,
                           long seed) {
        public Settings {
            if (hidden < 1 || batch < 1 || window < 1 || maxSequences < 1 || evalEvery < 1) {
                throw new IllegalArgumentException("hidden, batch, window, maxSequences and evalEvery must be >= 1");
            }
            if (!(lr > 0) || !(maxSeconds > 0)) {
                throw new IllegalArgumentException("lr and maxSeconds must be > 0, got " + lr + " and " + maxSeconds);
            }
        }

        public Settings withSeed(long s) {
            return new Settings(algorithm, cell, hidden, forgetBias, inputBias, peepholes, lr, cosine, batch, window, clip, ekf, truncatedDerivatives, maxSequences, maxSeconds, evalEvery, s);
        }
    }

    /**
     * The outcome of one trial.
     *
     * @param sequences      training sequences seen until the first pass, or in all when it failed
     * @param testErrors     wrong test sequences at the last check
     * @param generalisation for counting languages, the largest n with all strings 1..n right (−1 otherwise)
     */
    public record Result(String task, TrainingAlgorithm algorithm, RecurrentConfig.CellType cell, int hidden,
                         int weights, long seed, boolean pass, long sequences, int testErrors, int testSize,
                         double seconds, int generalisation) {
    }

    /** Receives (sequences seen, test errors, seconds) after every check. */
    @FunctionalInterface
    public interface Progress {
        void report(long sequences, int testErrors, double seconds);
    }

    private final SequenceTask task;
    private final Settings settings;
    private final SequenceModel model;
    private final List<SequenceTask.Example> test;
    private final List<SequenceTask.Example> train;
    private final SplittableRandom rng;

    public TaskTrainer(SequenceTask task, Settings settings) {
        this.task = task;
        this.settings = settings;
        RecurrentConfig config = RecurrentConfig.of(settings.cell(), task.inputSize(), settings.hidden());
        if (settings.forgetBias() != null && settings.cell() == RecurrentConfig.CellType.LSTM) {
            config = config.forgetBias(settings.forgetBias());
        }
        if (settings.peepholes() && settings.cell() == RecurrentConfig.CellType.LSTM) {
            config = config.peepholes(true);
        }
        this.model = new SequenceModel(task.inputSize())
                .add("rnn", new RecurrentLayer(config, RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(settings.hidden(), task.outputSize()))
                .initialize(Init.PYTORCH, settings.seed());
        if (settings.inputBias() != null && settings.cell() == RecurrentConfig.CellType.LSTM) {
            Parameter bih = model.parameters().get("rnn.bias_ih_l0");
            Parameter bhh = model.parameters().get("rnn.bias_hh_l0");
            for (int k = 0; k < settings.hidden(); k++) { // rows [0, H) are the i gate
                bih.set(k, settings.inputBias());
                bhh.set(k, 0f);
            }
        }
        this.test = task.testSet(settings.seed());
        this.train = task.trainingSet(settings.seed());
        this.rng = new SplittableRandom(settings.seed() * 0x9E3779B97F4A7C15L + 7);
    }

    /** The network (weights as trained so far). */
    public SequenceModel model() {
        return model;
    }

    /** Trains until the criterion passes or the budget is spent. */
    public Result run(Progress progress) {
        long start = System.nanoTime();
        Engine engine = settings.algorithm().online() ? new OnlineEngine() : new BpttEngine();
        seen = 0;
        long nextCheck = settings.evalEvery();
        int errors = Integer.MAX_VALUE;
        boolean pass = false;
        long firstPass = -1;
        while (seen < settings.maxSequences()) {
            seen += engine.trainOn(settings.algorithm().online() ? 1 : settings.batch());
            if (seen >= nextCheck || seen >= settings.maxSequences()) {
                nextCheck += settings.evalEvery();
                engine.syncModel();
                errors = errors(model, test, task);
                double seconds = (System.nanoTime() - start) / 1e9;
                if (progress != null) {
                    progress.report(seen, errors, seconds);
                }
                boolean passNow = errors <= task.allowedErrors() && (train == null || errors(model, train, task) == 0);
                if (passNow && !pass) {
                    pass = true;
                    firstPass = seen;
                }
                // counting languages train on after the first pass: what is measured is how far the
                // network generalises at the end of its budget, not just that it fits n <= 10
                boolean keepGoing = task instanceof CountingLanguage && pass;
                if ((pass && !keepGoing) || seconds > settings.maxSeconds()) {
                    break;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int generalisation = -1;
        if (task instanceof CountingLanguage && pass) {
            engine.syncModel();
            errors = errors(model, test, task);
            generalisation = errors == 0 ? generalisation((CountingLanguage) task, model, GENERALISATION_LIMIT) : 0;
        }
        return new Result(task.name(), settings.algorithm(), settings.cell(), settings.hidden(), model.parameters().size(),
                settings.seed(), pass, pass ? firstPass : seen, errors, test.size(), seconds, generalisation);
    }

    private long seen;

    /** The Adam rate after {@code seen} training sequences. */
    /**
     * The task runner's learning rate as a schedule for {@link UpdateRule}: it follows the
     * training sequences seen (cosine to 0 over {@code maxSequences} with {@code --schedule
     * cosine}), not the update count, whatever the update count is.
     */
    private LearningRateSchedule sequencesSeenRate() {
        return update -> rate();
    }

    private double rate() {
        if (!settings.cosine()) {
            return settings.lr();
        }
        double f = Math.min(1.0, (double) seen / settings.maxSequences());
        return settings.lr() * (1 + Math.cos(Math.PI * f)) / 2;
    }

    private SequenceTask.Example nextExample() {
        return train != null ? train.get(rng.nextInt(train.size())) : task.sample(rng);
    }

    private interface Engine {
        /** Trains on up to n sequences and returns how many it used. */
        int trainOn(int n);

        /** Makes {@link #model} hold the current weights. */
        void syncModel();
    }

    /** BPTT and TBPTT on the fused sequence engine, with Adam. */
    private final class BpttEngine implements Engine {
        private final UpdateRule update = new UpdateRule(Adam.adam(model.parameters()), sequencesSeenRate(), settings.clip(), 0);
        private final Loss loss = task.linearOutput() ? new MeanSquaredError() : new SigmoidCrossEntropy();

        @Override
        public int trainOn(int n) {
            List<SequenceTask.Example> batch = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                batch.add(nextExample());
            }
            TaskBatch p = TaskBatch.of(batch, task);
            ParameterSet ps = model.parameters();
            ps.zeroGrad();
            if (settings.algorithm() == TrainingAlgorithm.TBPTT) {
                new TruncatedBptt(settings.window(), settings.window()).run(model, p.input(), p.targets(), loss, Map.of(), null,
                        (w, g) -> update.apply(ps));
            } else {
                model.gradient(p.input(), p.targets(), loss, new ForwardContext(true, rng, Map.of()));
                update.apply(ps);
            }
            return n;
        }

        @Override
        public void syncModel() {
        }
    }

    /** RTRL (Adam at every scored step) and the global or decoupled EKF, one sequence at a time. */
    private final class OnlineEngine implements Engine {
        private final RtrlNetwork net;
        private final TruncatedBpttJacobian truncated;
        private final double[] theta;
        private final UpdateRule update;
        private final ExtendedKalmanFilter filter;
        private final double[][] jacobian;

        OnlineEngine() {
            boolean viaBptt = settings.truncatedDerivatives() && settings.algorithm() != TrainingAlgorithm.RTRL;
            RtrlNetwork.Spec spec = RtrlNetwork.specOf(model);
            net = viaBptt ? null : RtrlNetwork.create(spec, 1);
            truncated = viaBptt ? new TruncatedBpttJacobian(model, settings.window()) : null;
            theta = viaBptt ? new double[spec.parameterCount()] : net.theta();
            float[] values = model.parameters().values();
            for (int k = 0; k < theta.length; k++) {
                theta[k] = values[k];
            }
            int p = theta.length;
            jacobian = new double[task.outputSize()][p];
            switch (settings.algorithm()) {
                case RTRL:
                    update = new UpdateRule(Adam.adam(model.parameters()), sequencesSeenRate(), settings.clip(), 0);
                    filter = null;
                    break;
                case EKF:
                    update = null;
                    filter = ExtendedKalmanFilter.global(p, settings.ekf());
                    break;
                default:
                    update = null;
                    filter = ExtendedKalmanFilter.decoupled(p, RtrlNetwork.unitGroups(spec), settings.ekf());
            }
        }

        @Override
        public int trainOn(int n) {
            for (int i = 0; i < n; i++) {
                sequence(nextExample());
            }
            return n;
        }

        private void sequence(SequenceTask.Example e) {
            int in = task.inputSize();
            int out = task.outputSize();
            boolean linear = task.linearOutput();
            double[] x = new double[in];
            double[] dz = new double[out];
            double[] innovation = new double[out];
            if (truncated != null) {
                truncatedSequence(e);
                return;
            }
            net.reset();
            for (int t = 0; t < e.steps(); t++) {
                for (int j = 0; j < in; j++) {
                    x[j] = e.inputs()[t * in + j];
                }
                double[] z = net.step(x);
                if (!e.scored()[t]) {
                    continue;
                }
                if (filter != null) {
                    net.outputJacobian(0, jacobian);
                    measure(z, e.targets(), t * out, innovation);
                    filter.update(net.theta(), jacobian, innovation);
                } else {
                    for (int q = 0; q < out; q++) {
                        double d = e.targets()[t * out + q];
                        dz[q] = linear ? 2 * (z[q] - d) : sigmoid(z[q]) - d;
                    }
                    ParameterSet ps = model.parameters();
                    net.gradientInto(dz, ps);
                    update.apply(ps);
                    net.setParameters(ps.values());
                }
            }
        }

        /** EKF steps with truncated-BPTT derivatives: the float model computes z and H from the weights θ. */
        private void truncatedSequence(SequenceTask.Example e) {
            int out = task.outputSize();
            double[] innovation = new double[out];
            for (int t = 0; t < e.steps(); t++) {
                if (!e.scored()[t]) {
                    continue;
                }
                syncModel();
                double[] z = truncated.jacobian(e.inputs(), t + 1, jacobian);
                measure(z, e.targets(), t * out, innovation);
                filter.update(theta, jacobian, innovation);
            }
        }

        /** The filter's innovation and H (in {@link #jacobian}) for the task's output kind. */
        private void measure(double[] z, float[] targets, int offset, double[] innovation) {
            if (task.linearOutput()) {
                Measurement.linear(z, targets, offset, innovation);
            } else {
                Measurement.sigmoid(z, targets, offset, jacobian, innovation);
            }
        }

        @Override
        public void syncModel() {
            if (filter != null) {
                model.parameters().setValues(theta);
            }
        }
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** Wrong sequences of {@code set} under the task's criterion, run in padded batches of 256. */
    public static int errors(SequenceModel model, List<SequenceTask.Example> set, SequenceTask task) {
        int wrong = 0;
        for (int from = 0; from < set.size(); from += 256) {
            List<SequenceTask.Example> chunk = set.subList(from, Math.min(set.size(), from + 256));
            float[][] outs = outputs(model, chunk, task);
            for (int b = 0; b < chunk.size(); b++) {
                if (!task.correct(chunk.get(b), outs[b])) {
                    wrong++;
                }
            }
        }
        return wrong;
    }

    /** The activated outputs (T, O) of each example. */
    static float[][] outputs(SequenceModel model, List<SequenceTask.Example> chunk, SequenceTask task) {
        TaskBatch p = TaskBatch.of(chunk, task);
        Seq y = model.forward(p.input(), ForwardContext.inference()).output();
        int o = task.outputSize();
        int b = chunk.size();
        float[][] outs = new float[b][];
        for (int i = 0; i < b; i++) {
            SequenceTask.Example e = chunk.get(i);
            float[] out = new float[e.steps() * o];
            for (int t = 0; t < e.steps(); t++) {
                for (int q = 0; q < o; q++) {
                    float z = y.values[(t * b + i) * o + q];
                    out[t * o + q] = task.linearOutput() ? z : (float) sigmoid(z);
                }
            }
            outs[i] = out;
        }
        return outs;
    }

    /** How far generalisation is checked: strings up to n = 1000 (3,002 steps for aⁿbⁿcⁿ). */
    public static final int GENERALISATION_LIMIT = 1000;

    /**
     * The largest n ≤ limit such that every string 1..n is right, checked in padded batches of 32
     * consecutive n so that the work stays Σ n.
     */
    public static int generalisation(CountingLanguage task, SequenceModel model, int limit) {
        for (int from = 1; from <= limit; from += 32) {
            List<SequenceTask.Example> batch = new ArrayList<>();
            for (int n = from; n < from + 32 && n <= limit; n++) {
                batch.add(task.string(n));
            }
            float[][] outs = outputs(model, batch, task);
            for (int i = 0; i < batch.size(); i++) {
                if (!task.correct(batch.get(i), outs[i])) {
                    return from + i - 1;
                }
            }
        }
        return limit;
    }
}
