package io.rnn4j.tasks;

import io.rnn4j.kernel.Activations;
import io.rnn4j.loss.Loss;
import io.rnn4j.loss.MeanSquaredError;
import io.rnn4j.loss.SigmoidCrossEntropy;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Adam;
import io.rnn4j.optim.LearningRateSchedule;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.OnlineLearning;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingAlgorithm;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.TrainingStrategy;
import io.rnn4j.train.UpdateRule;
import io.rnn4j.train.Validation;
import io.rnn4j.train.ekf.EkfConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains a recurrent network with a sigmoid or linear readout on a {@link SequenceTask} by one of
 * the {@link TrainingAlgorithm}s, checking the task's criterion on its test set every
 * {@code evalEvery} training sequences, and stops at the first pass or when the sequence or time
 * budget is spent. The number of training sequences seen at the first pass is the figure the
 * papers report.
 *
 * <p>The training itself is the one {@link Trainer} loop: an epoch is the sequences between two
 * criterion checks, the check is the trainer's validation, and the algorithm is its
 * {@link TrainingStrategy} ({@link Bptt} or {@link OnlineLearning}).
 */
public final class TaskTrainer {

    /**
     * What a trial runs; build it with {@link #builder()}.
     *
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
     * @param cosine       BPTT only: the rate is cosine-annealed to lr/20 over the run's updates
     *                     (maxSequences / batch), as {@code rnn4j train --schedule cosine} anneals
     *                     over its own; otherwise constant
     * @param batch        sequences per update (BPTT, TBPTT); the online algorithms use 1
     * @param window       k of TBPTT(k; k), and the derivative window of the filters with truncated derivatives
     * @param clip         gradient-norm clip (BPTT, TBPTT, RTRL)
     * @param ekf          filter noise settings (EKF, DEKF)
     * @param truncatedDerivatives EKF, DEKF: derivatives by truncated BPTT over {@code window} steps
     *                     instead of RTRL
     * @param maxSequences training-sequence budget
     * @param maxSeconds   wall-time budget
     * @param evalEvery    training sequences between test-set checks
     * @param seed         seed of the weights, the data and the test set
     */
    public record Settings(TrainingAlgorithm algorithm, RecurrentConfig.CellType cell, int hidden, Float forgetBias,
                           Float inputBias, boolean peepholes, double lr, boolean cosine, int batch, int window, double clip,
                           EkfConfig ekf, boolean truncatedDerivatives, long maxSequences, double maxSeconds, int evalEvery,
                           long seed) {
        public Settings {
            if (algorithm == null || cell == null) {
                throw new IllegalArgumentException("a task run needs an algorithm and a cell type");
            }
            if (hidden < 1 || batch < 1 || window < 1 || maxSequences < 1 || evalEvery < 1) {
                throw new IllegalArgumentException("hidden, batch, window, maxSequences and evalEvery must be >= 1");
            }
            if (!(lr > 0) || !(maxSeconds > 0)) {
                throw new IllegalArgumentException("lr and maxSeconds must be > 0, got " + lr + " and " + maxSeconds);
            }
            if (cosine && (algorithm == TrainingAlgorithm.TBPTT || algorithm == TrainingAlgorithm.RTRL)) {
                throw new IllegalArgumentException("the cosine schedule anneals over the run's updates, which a task run"
                        + " knows only for BPTT (one per batch); use a constant rate with " + algorithm);
            }
            if (algorithm.online() && algorithm != TrainingAlgorithm.RTRL && ekf == null) {
                throw new IllegalArgumentException(algorithm + " needs its noise settings (EkfConfig)");
            }
        }

        /**
         * Defaults: BPTT, an LSTM of 8 units, PyTorch's initialisation, Adam at 0.01 (constant),
         * batch 1, window 20, clip 1, the default filter settings, 100,000 sequences or 600 s,
         * a check every 256 sequences, seed 1.
         */
        public static Builder builder() {
            return new Builder();
        }

        /** The same settings with another seed (the next trial). */
        public Settings nextTrial(long s) {
            return new Settings(algorithm, cell, hidden, forgetBias, inputBias, peepholes, lr, cosine, batch, window, clip, ekf,
                    truncatedDerivatives, maxSequences, maxSeconds, evalEvery, s);
        }
    }

    /** Named settings of a task run, each with the default {@link Settings#builder()} names. */
    public static final class Builder {
        private TrainingAlgorithm algorithm = TrainingAlgorithm.BPTT;
        private RecurrentConfig.CellType cell = RecurrentConfig.CellType.LSTM;
        private int hidden = 8;
        private Float forgetBias;
        private Float inputBias;
        private boolean peepholes;
        private double lr = 0.01;
        private boolean cosine;
        private int batch = 1;
        private int window = 20;
        private double clip = 1.0;
        private EkfConfig ekf = EkfConfig.defaults();
        private boolean truncatedDerivatives;
        private long maxSequences = 100_000;
        private double maxSeconds = 600;
        private int evalEvery = 256;
        private long seed = 1;

        private Builder() {
        }

        public Builder algorithm(TrainingAlgorithm algorithm) {
            this.algorithm = algorithm;
            return this;
        }

        public Builder cell(RecurrentConfig.CellType cell) {
            this.cell = cell;
            return this;
        }

        public Builder hidden(int hidden) {
            this.hidden = hidden;
            return this;
        }

        /** LSTM: the initial forget-gate bias (null = PyTorch's initialisation). */
        public Builder forgetBias(Float forgetBias) {
            this.forgetBias = forgetBias;
            return this;
        }

        /** LSTM: the initial input-gate bias (null = PyTorch's initialisation). */
        public Builder inputBias(Float inputBias) {
            this.inputBias = inputBias;
            return this;
        }

        public Builder peepholes(boolean peepholes) {
            this.peepholes = peepholes;
            return this;
        }

        public Builder learningRate(double lr) {
            this.lr = lr;
            return this;
        }

        /** BPTT: anneal the rate to lr/20 over the run's updates. */
        public Builder cosine(boolean cosine) {
            this.cosine = cosine;
            return this;
        }

        public Builder batch(int batch) {
            this.batch = batch;
            return this;
        }

        public Builder window(int window) {
            this.window = window;
            return this;
        }

        public Builder clip(double clip) {
            this.clip = clip;
            return this;
        }

        public Builder ekf(EkfConfig ekf) {
            this.ekf = ekf;
            return this;
        }

        /** EKF, DEKF: derivatives by truncated BPTT over {@code window} steps instead of RTRL. */
        public Builder truncatedDerivatives(boolean truncatedDerivatives) {
            this.truncatedDerivatives = truncatedDerivatives;
            return this;
        }

        public Builder maxSequences(long maxSequences) {
            this.maxSequences = maxSequences;
            return this;
        }

        public Builder maxSeconds(double maxSeconds) {
            this.maxSeconds = maxSeconds;
            return this;
        }

        public Builder evalEvery(int evalEvery) {
            this.evalEvery = evalEvery;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Settings build() {
            return new Settings(algorithm, cell, hidden, forgetBias, inputBias, peepholes, lr, cosine, batch, window, clip, ekf,
                    truncatedDerivatives, maxSequences, maxSeconds, evalEvery, seed);
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
        TrainingStrategy strategy = strategy();
        Checks checks = new Checks(progress);
        Trainer trainer = new Trainer(strategy, TrainingConfig.builder().epochs(Integer.MAX_VALUE).restoreBest(false)
                .seed(settings.seed()).build());
        checks.trainer = trainer;
        trainer.fit(checks, (Validation) checks, null);
        double seconds = (System.nanoTime() - checks.start) / 1e9;
        int errors = checks.errors;
        int generalisation = -1;
        if (task instanceof CountingLanguage counting && checks.pass) {
            errors = errors(model, test, task);
            generalisation = errors == 0 ? generalisation(counting, model, GENERALISATION_LIMIT) : 0;
        }
        return new Result(task.name(), settings.algorithm(), settings.cell(), settings.hidden(), model.parameters().size(),
                settings.seed(), checks.pass, checks.pass ? checks.firstPass : checks.seen, errors, test.size(), seconds,
                generalisation);
    }

    /** The algorithm as the trainer's strategy, on the task's loss. */
    private TrainingStrategy strategy() {
        Loss loss = task.linearOutput() ? new MeanSquaredError() : new SigmoidCrossEntropy();
        TrainingAlgorithm a = settings.algorithm();
        if (a == TrainingAlgorithm.EKF || a == TrainingAlgorithm.DEKF) {
            return OnlineLearning.filter(model, loss, settings.ekf(), a == TrainingAlgorithm.DEKF,
                    settings.truncatedDerivatives() ? settings.window() : 0);
        }
        long updates = (settings.maxSequences() + settings.batch() - 1) / settings.batch();
        UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters()))
                .schedule(settings.cosine() ? LearningRateSchedule.cosine(settings.lr(), updates, settings.lr() / 20)
                        : LearningRateSchedule.constant(settings.lr()))
                .clipNorm(settings.clip()).build();
        return switch (a) {
            case BPTT -> Bptt.full(model, loss, rule);
            case TBPTT -> Bptt.truncated(model, loss, rule, settings.window(), settings.window());
            default -> OnlineLearning.rtrl(model, loss, rule);
        };
    }

    /**
     * The training sequences cut at the criterion checks (an epoch is what lies between two), and
     * the check itself as the trainer's validation: it reports, notes the first pass and stops the
     * run at it (a counting language trains on to the end of its budget, since what is measured
     * there is how far the network generalises), or when the sequences or the time are spent.
     */
    private final class Checks implements BatchSource, Validation {
        private final Progress progress;
        private final long start = System.nanoTime();
        private final int perBatch = settings.algorithm().online() ? 1 : settings.batch();
        private Trainer trainer;
        private long seen;
        private long nextCheck = settings.evalEvery();
        private int errors = Integer.MAX_VALUE;
        private boolean pass;
        private long firstPass = -1;

        Checks(Progress progress) {
            this.progress = progress;
        }

        @Override
        public List<Batch> epoch(int epoch, long seed) {
            List<Batch> batches = new ArrayList<>();
            while (seen < settings.maxSequences()) {
                List<SequenceTask.Example> examples = new ArrayList<>(perBatch);
                for (int i = 0; i < perBatch; i++) {
                    examples.add(train != null ? train.get(rng.nextInt(train.size())) : task.sample(rng));
                }
                TaskBatch b = TaskBatch.of(examples, task);
                batches.add(new Batch(b.input(), b.targets()));
                seen += perBatch;
                if (seen >= nextCheck || seen >= settings.maxSequences()) {
                    nextCheck += settings.evalEvery();
                    break;
                }
            }
            return batches;
        }

        @Override
        public double score(SequenceModel trained) {
            errors = errors(trained, test, task);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (progress != null) {
                progress.report(seen, errors, seconds);
            }
            boolean passNow = errors <= task.allowedErrors() && (train == null || errors(trained, train, task) == 0);
            if (passNow && !pass) {
                pass = true;
                firstPass = seen;
            }
            boolean keepGoing = task instanceof CountingLanguage && pass;
            if ((pass && !keepGoing) || seconds > settings.maxSeconds() || seen >= settings.maxSequences()) {
                trainer.requestStop();
            }
            return errors;
        }
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
                    out[t * o + q] = task.linearOutput() ? z : (float) Activations.sigmoid(z);
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
