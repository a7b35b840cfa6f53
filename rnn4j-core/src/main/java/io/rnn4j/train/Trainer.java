package io.rnn4j.train;

import io.rnn4j.loss.Loss;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.nn.RecurrentState;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.tensor.Seq;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The one training loop: epochs over batches, a {@link TrainingStrategy} changing the weights on
 * each batch (full or truncated BPTT with an optimizer, RTRL, the global or decoupled EKF),
 * periodic validation, early stopping, budgets, listeners, checkpoints and exact resumption.
 *
 * <p>A strategy's weight changes go through its {@link UpdateRule} (clipping, the non-finite skip,
 * the schedule, the step); skipped updates are counted in the result.
 *
 * <p>Randomness (dropout) for batch n of the run comes from a generator seeded by the pair
 * (seed, n), so the whole random state of a run is its seed and its batch counter, which a
 * {@link TrainingState} carries.
 *
 * <p>A model is trained by one thread at a time: {@link #fit} holds the model's
 * {@link ParameterSet#claimForTraining() training claim}, so a second {@code fit} on the same
 * model from another thread, while the first runs, fails at once. Inference on the model from
 * other threads during training reads weights that are being updated, and is not supported.
 */
public final class Trainer {

    private final TrainingStrategy strategy;
    private final SequenceModel model;
    private final TrainingConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private long checkpointSteps;
    private double checkpointSeconds;
    private Consumer<TrainingState> checkpointSink;
    private volatile boolean stopRequested;

    public Trainer(TrainingStrategy strategy, TrainingConfig config) {
        if (strategy == null || config == null) {
            throw new IllegalArgumentException("a trainer needs a strategy and a configuration");
        }
        this.strategy = strategy;
        this.model = strategy.model();
        this.config = config;
    }

    /** The strategy this trainer runs. */
    public TrainingStrategy strategy() {
        return strategy;
    }

    public Trainer addListener(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    /**
     * Hands a {@link TrainingState} to {@code sink} every {@code steps} updates and every
     * {@code seconds} of training (0 turns either off; both are checked at batch boundaries), and
     * once more when {@link #requestStop()} ends the run.
     */
    public Trainer checkpointing(long steps, double seconds, Consumer<TrainingState> sink) {
        if (steps < 0 || !(seconds >= 0)) {
            throw new IllegalArgumentException("checkpoint intervals must be >= 0, got " + steps + " steps, " + seconds + " s");
        }
        this.checkpointSteps = steps;
        this.checkpointSeconds = seconds;
        this.checkpointSink = sink;
        return this;
    }

    /**
     * Asks a running {@link #fit} to stop at the end of the current batch, hand a final
     * checkpoint to the sink and return; safe to call from any thread (e.g. a signal handler).
     */
    public void requestStop() {
        stopRequested = true;
    }

    /** Trains on {@code train}, validating by the strategy's loss on {@code validation} when it is not null. */
    public TrainingResult fit(BatchSource train, BatchSource validation) {
        return fit(train, validation, null);
    }

    /**
     * Trains, continuing from {@code resume} when it is not null (a state from a checkpoint of a
     * run with the same model, strategy, data and configuration).
     */
    public TrainingResult fit(BatchSource train, BatchSource validation, TrainingState resume) {
        return fit(train, validation == null ? null
                : Validation.loss(strategy.objective(), validation, config.carryState(), config.seed()), resume);
    }

    /** Trains, validating by {@code validation} when it is not null, continuing from {@code resume} when that is not null. */
    public TrainingResult fit(BatchSource train, Validation validation, TrainingState resume) {
        try (ParameterSet.TrainingClaim claim = model.parameters().claimForTraining()) {
            return fitClaimed(train, validation, resume);
        }
    }

    private TrainingResult fitClaimed(BatchSource train, Validation validation, TrainingState resume) {
        ParameterSet ps = model.parameters();
        Run run = resume == null ? new Run() : restore(resume);
        run.start = System.nanoTime() - (long) (run.elapsedAtStart * 1e9);
        run.lastCheckpointStep = run.updatesAtStart;
        run.lastCheckpointSeconds = run.elapsedAtStart;
        run.lastValidationStep = run.updatesAtStart;
        boolean stop = false;
        ps.zeroGrad();
        for (; run.epoch < config.epochs() && !stop; run.epoch++) {
            if (stopRequested) { // asked for between epochs, e.g. by a validation: draw no more batches
                stopNow(run);
                break;
            }
            List<Batch> batches = train.epoch(run.epoch, config.seed());
            for (; run.batchInEpoch < batches.size(); ) {
                if (stopRequested) {
                    stopNow(run);
                    stop = true;
                    break;
                }
                Batch batch = batches.get(run.batchInEpoch);
                if (!config.carryState()) {
                    run.carried = new HashMap<>();
                }
                TrainingStrategy.BatchOutcome r = strategy.train(batch, new RunContext(run, batchRandom(config.seed(), run.batchesSeen)));
                run.carried = r.finalStates();
                run.batchInEpoch++;
                run.batchesSeen++;
                run.epochLoss += r.lossSum();
                run.epochRows += r.count();
                run.rows += r.count();
                double elapsed = run.elapsed();
                long updates = strategy.updates();
                run.lastTrainLoss = run.epochRows == 0 ? Double.NaN : run.epochLoss / run.epochRows;
                emit(new Metrics(updates, run.epoch, r.count() == 0 ? Double.NaN : r.lossSum() / r.count(), Double.NaN,
                        run.lastLr, run.lastNorm, run.rows / Math.max(elapsed, 1e-9), elapsed));
                boolean validateNow = validation != null && config.validateEvery() > 0
                        && updates / config.validateEvery() > run.lastValidationStep / config.validateEvery();
                if (validateNow && validate(run, validation)) {
                    stop = true;
                    break;
                }
                if ((config.maxSteps() > 0 && updates >= config.maxSteps())
                        || (config.maxSeconds() > 0 && elapsed >= config.maxSeconds())) {
                    stop = true;
                    break;
                }
                boolean checkpointDue = checkpointSink != null
                        && ((checkpointSteps > 0 && updates - run.lastCheckpointStep >= checkpointSteps)
                        || (checkpointSeconds > 0 && elapsed - run.lastCheckpointSeconds >= checkpointSeconds));
                if (checkpointDue && !stopRequested) {
                    checkpoint(run);
                }
            }
            if (stop) {
                if (run.batchInEpoch > 0) {
                    run.epoch++; // the epoch counts as started
                }
                break;
            }
            if (validation != null && config.validateEvery() == 0 && validate(run, validation)) {
                stop = true;
            }
            run.batchInEpoch = 0;
            run.epochLoss = 0;
            run.epochRows = 0;
            if (config.carryState()) {
                run.carried = new HashMap<>(); // a new pass over the text starts each stream afresh
            }
        }
        strategy.syncModel();
        // the run's last weights are validated too: a run that ended before its first validation
        // still reports one, and one whose schedule annealed to its end is judged on where it
        // ended, not only where the last periodic check happened to fall
        boolean lastUnchecked = config.validateEvery() > 0 && strategy.updates() > run.lastValidationStep;
        if (validation != null && !run.interrupted && (run.validations == 0 || lastUnchecked)) {
            validate(run, validation);
        }
        if (config.restoreBest() && run.bestValues != null) {
            System.arraycopy(run.bestValues, 0, ps.values(), 0, run.bestValues.length);
        }
        return new TrainingResult(strategy.updates(), run.epoch, run.lastTrainLoss, run.best,
                run.bestStep, run.stoppedEarly, run.skipped, run.elapsed(), run.interrupted);
    }

    /** Ends the run on {@link #requestStop()}: a last checkpoint to the sink, if there is one. */
    private void stopNow(Run run) {
        if (checkpointSink != null) {
            checkpoint(run);
        }
        run.interrupted = true;
    }

    private void checkpoint(Run run) {
        strategy.syncModel();
        checkpointSink.accept(snapshot(run, run.elapsed()));
        run.lastCheckpointStep = strategy.updates();
        run.lastCheckpointSeconds = run.elapsed();
    }

    /** What the strategy sees of the run for one batch. */
    private final class RunContext implements StepContext {
        private final Run run;
        private final SplittableRandom random;

        RunContext(Run run, SplittableRandom random) {
            this.run = run;
            this.random = random;
        }

        @Override
        public Map<String, RecurrentState> carried() {
            return run.carried;
        }

        @Override
        public SplittableRandom random() {
            return random;
        }

        @Override
        public boolean budgetLeft() {
            return config.maxSteps() == 0 || strategy.updates() < config.maxSteps();
        }

        @Override
        public boolean stopRequested() {
            return stopRequested;
        }

        @Override
        public void updated(UpdateRule.Outcome o) {
            run.lastNorm = o.gradientNorm();
            if (o.applied()) {
                run.lastLr = o.learningRate();
            } else {
                run.skipped++;
            }
        }
    }

    /** The generator for batch {@code n} of a run: a pure function of (seed, n). */
    static SplittableRandom batchRandom(long seed, long n) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + n * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL);
    }

    /** The mutable bookkeeping of one run, which {@link TrainingState} snapshots. */
    private static final class Run {
        int epoch;
        int batchInEpoch;
        long batchesSeen;
        double epochLoss;
        long epochRows;
        long rows;
        long skipped;
        double lastTrainLoss = Double.NaN;
        double lastNorm;
        double lastLr;
        double best = Double.NaN;
        long bestStep;
        float[] bestValues;
        int badValidations;
        boolean stoppedEarly;
        boolean interrupted;
        Map<String, RecurrentState> carried = new HashMap<>();
        double elapsedAtStart;
        long updatesAtStart;
        long start;
        long lastCheckpointStep;
        double lastCheckpointSeconds;
        long lastValidationStep;
        int validations;

        double elapsed() {
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private TrainingState snapshot(Run run, double elapsed) {
        Map<String, float[]> strategyState = new HashMap<>();
        Map<String, float[]> live = strategy.state();
        if (live != null) {
            live.forEach((k, v) -> strategyState.put(k, v.clone()));
        }
        Map<String, RecurrentState> carried = new HashMap<>();
        run.carried.forEach((k, v) -> carried.put(k, v == null ? null : v.copy()));
        return new TrainingState(
                new TrainingState.Position(run.epoch, run.batchInEpoch, run.batchesSeen),
                new TrainingState.Totals(strategy.updates(), run.rows, run.skipped, elapsed),
                new TrainingState.EpochSoFar(run.epochLoss, run.epochRows),
                new TrainingState.LastUpdate(run.lastTrainLoss, run.lastNorm, run.lastLr),
                new TrainingState.Best(run.best, run.bestStep, run.badValidations,
                        run.bestValues == null ? null : run.bestValues.clone()),
                model.parameters().values().clone(), strategyState, carried);
    }

    private Run restore(TrainingState s) {
        ParameterSet ps = model.parameters();
        if (s.parameters().length != ps.values().length) {
            throw new IllegalArgumentException("the saved training state has " + s.parameters().length
                    + " parameter values, the model has " + ps.values().length);
        }
        strategy.restore(s.updates(), s.optimizerState());
        System.arraycopy(s.parameters(), 0, ps.values(), 0, s.parameters().length);
        Run run = new Run();
        run.epoch = s.position().epoch();
        run.batchInEpoch = s.position().batchInEpoch();
        run.batchesSeen = s.position().batchesSeen();
        run.epochLoss = s.epochSoFar().lossSum();
        run.epochRows = s.epochSoFar().rows();
        run.rows = s.totals().rows();
        run.skipped = s.totals().skippedUpdates();
        run.lastTrainLoss = s.lastUpdate().trainLoss();
        run.lastNorm = s.lastUpdate().gradientNorm();
        run.lastLr = s.lastUpdate().learningRate();
        run.best = s.best().validationLoss();
        run.bestStep = s.best().step();
        run.bestValues = s.best().parameters() == null ? null : s.best().parameters().clone();
        run.badValidations = s.best().badValidations();
        run.validations = Double.isNaN(s.best().validationLoss()) ? 0 : 1;
        run.carried = new HashMap<>();
        s.carriedStates().forEach((k, v) -> run.carried.put(k, v == null ? null : v.copy()));
        run.elapsedAtStart = s.totals().elapsedSeconds();
        run.updatesAtStart = s.updates();
        return run;
    }

    /** Validates, reports, tracks the best weights, and returns true when early stopping says stop. */
    private boolean validate(Run run, Validation validation) {
        strategy.syncModel();
        double v = validation.score(model);
        double elapsed = run.elapsed();
        long updates = strategy.updates();
        run.validations++;
        run.lastValidationStep = updates;
        emit(new Metrics(updates, run.epoch, run.lastTrainLoss, v, run.lastLr, run.lastNorm,
                run.rows / Math.max(elapsed, 1e-9), elapsed));
        if (Double.isNaN(run.best) || v < run.best - config.minDelta()) {
            run.best = v;
            run.bestStep = updates;
            run.bestValues = model.parameters().values().clone();
            run.badValidations = 0;
        } else if (config.patience() > 0 && ++run.badValidations >= config.patience()) {
            run.stoppedEarly = true;
        }
        return run.stoppedEarly;
    }

    /**
     * Mean loss of the strategy's loss over all counted rows of the batches (no dropout), carrying
     * state between batches when the configuration does.
     */
    public double evaluate(BatchSource source) {
        return evaluate(model, strategy.objective(), source, config.carryState(), config.seed());
    }

    /**
     * Mean {@code loss} of {@code model} over all counted rows of the batches of {@code source}'s
     * epoch 0 (no dropout), the recurrent state carried from batch to batch when {@code carryState}.
     */
    public static double evaluate(SequenceModel model, Loss loss, BatchSource source, boolean carryState, long seed) {
        return evaluate(model, Objective.of(loss), source, carryState, seed);
    }

    /**
     * The objective of {@code model} on {@code source}'s epoch 0 (no dropout): each term's loss
     * averaged over all its counted rows, weighted and summed; the recurrent state carried from
     * batch to batch when {@code carryState}.
     */
    public static double evaluate(SequenceModel model, Objective objective, BatchSource source, boolean carryState,
                                  long seed) {
        List<Objective.Term> terms = objective.terms();
        double[] sums = new double[terms.size()];
        long[] counts = new long[terms.size()];
        Map<String, RecurrentState> carried = new HashMap<>();
        for (Batch b : source.epoch(0, seed)) {
            if (!carryState) {
                carried = new HashMap<>();
            }
            SequenceModel.Pass pass = model.forward(b.inputsFor(model), ForwardContext.inference(carried));
            for (int i = 0; i < terms.size(); i++) {
                Objective.Term term = terms.get(i);
                Seq out = term.output() == null ? pass.output() : pass.output(term.output());
                Loss.Result r = term.loss().compute(out, b.targetsFor(term.output()), new float[out.values.length]);
                sums[i] += r.loss() * r.count();
                counts[i] += r.count();
            }
            carried = pass.finalStates();
        }
        double total = 0;
        for (int i = 0; i < terms.size(); i++) {
            if (counts[i] == 0) {
                return Double.NaN;
            }
            total += terms.get(i).weight() * sums[i] / counts[i];
        }
        return total;
    }

    private void emit(Metrics m) {
        for (TrainingListener l : listeners) {
            l.onMetrics(m);
        }
    }
}
