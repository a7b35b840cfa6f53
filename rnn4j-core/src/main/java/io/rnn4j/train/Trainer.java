package io.rnn4j.train;

import io.rnn4j.loss.Loss;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.optim.Optimizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The training loop: full or truncated BPTT over the batches of each epoch, gradient clipping,
 * a learning-rate schedule, periodic validation, early stopping, listeners, checkpoints and exact
 * resumption.
 *
 * <p>A non-finite gradient norm skips the update (and is counted in the result) rather than
 * corrupting the weights; with clipping on, large but finite gradients are scaled down.
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

    private final SequenceModel model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final TrainingConfig config;
    private final UpdateRule updateRule;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private long checkpointSteps;
    private double checkpointSeconds;
    private Consumer<TrainingState> checkpointSink;
    private volatile boolean stopRequested;

    public Trainer(SequenceModel model, Loss loss, Optimizer optimizer, TrainingConfig config) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.config = config;
        this.updateRule = new UpdateRule(optimizer, config.schedule(), config.clipNorm(), config.clipValue());
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

    /** Trains on {@code train}, validating on {@code validation} when it is not null. */
    public TrainingResult fit(BatchSource train, BatchSource validation) {
        return fit(train, validation, null);
    }

    /**
     * Trains, continuing from {@code resume} when it is not null (a state from a checkpoint of a
     * run with the same model, optimizer, data and configuration).
     */
    public TrainingResult fit(BatchSource train, BatchSource validation, TrainingState resume) {
        try (ParameterSet.TrainingClaim claim = model.parameters().claimForTraining()) {
            return fitClaimed(train, validation, resume);
        }
    }

    private TrainingResult fitClaimed(BatchSource train, BatchSource validation, TrainingState resume) {
        ParameterSet ps = model.parameters();
        TruncatedBptt tbptt = config.k1() > 0 ? new TruncatedBptt(config.k1(), config.k2()) : null;
        Run run = resume == null ? new Run() : restore(resume);
        long start = System.nanoTime() - (long) (run.elapsedAtStart * 1e9);
        long lastCheckpointStep = run.updatesAtStart;
        double lastCheckpointSeconds = run.elapsedAtStart;
        boolean stop = false;
        ps.zeroGrad();
        for (; run.epoch < config.epochs() && !stop; run.epoch++) {
            List<Batch> batches = train.epoch(run.epoch, config.seed());
            for (; run.batchInEpoch < batches.size(); ) {
                Batch batch = batches.get(run.batchInEpoch);
                if (!config.carryState()) {
                    run.carried = new HashMap<>();
                }
                SplittableRandom random = batchRandom(config.seed(), run.batchesSeen);
                double batchLoss;
                int count;
                if (tbptt != null) {
                    TruncatedBptt.Result r = tbptt.run(model, batch.input(), batch.targets(), loss, run.carried, random,
                            (w, g) -> update(ps, run));
                    batchLoss = r.lossSum();
                    count = r.count();
                    run.carried = r.finalStates();
                } else {
                    ps.zeroGrad();
                    SequenceModel.Gradient g = model.gradient(batch.input(), batch.targets(), loss,
                            new ForwardContext(true, random, run.carried));
                    update(ps, run);
                    batchLoss = g.loss() * g.count();
                    count = g.count();
                    run.carried = g.finalStates();
                }
                run.batchInEpoch++;
                run.batchesSeen++;
                run.epochLoss += batchLoss;
                run.epochRows += count;
                run.rows += count;
                double elapsed = (System.nanoTime() - start) / 1e9;
                run.lastTrainLoss = run.epochRows == 0 ? Double.NaN : run.epochLoss / run.epochRows;
                emit(new Metrics(optimizer.steps(), run.epoch, count == 0 ? Double.NaN : batchLoss / count, Double.NaN,
                        run.lastLr, run.lastNorm, run.rows / Math.max(elapsed, 1e-9), elapsed));
                boolean validateNow = validation != null && config.validateEvery() > 0
                        && optimizer.steps() > 0 && optimizer.steps() % config.validateEvery() == 0;
                if (validateNow && validate(run, validation, start)) {
                    stop = true;
                    break;
                }
                if ((config.maxSteps() > 0 && optimizer.steps() >= config.maxSteps())
                        || (config.maxSeconds() > 0 && elapsed >= config.maxSeconds())) {
                    stop = true;
                    break;
                }
                boolean checkpointDue = checkpointSink != null
                        && ((checkpointSteps > 0 && optimizer.steps() - lastCheckpointStep >= checkpointSteps)
                        || (checkpointSeconds > 0 && elapsed - lastCheckpointSeconds >= checkpointSeconds));
                if (checkpointDue || (stopRequested && checkpointSink != null)) {
                    checkpointSink.accept(snapshot(run, (System.nanoTime() - start) / 1e9));
                    lastCheckpointStep = optimizer.steps();
                    lastCheckpointSeconds = elapsed;
                }
                if (stopRequested) {
                    run.interrupted = true;
                    stop = true;
                    break;
                }
            }
            if (stop) {
                run.epoch++; // the epoch counts as started
                break;
            }
            if (validation != null && config.validateEvery() == 0 && validate(run, validation, start)) {
                stop = true;
            }
            run.batchInEpoch = 0;
            run.epochLoss = 0;
            run.epochRows = 0;
            if (config.carryState()) {
                run.carried = new HashMap<>(); // a new pass over the text starts each stream afresh
            }
        }
        if (config.restoreBest() && run.bestValues != null) {
            System.arraycopy(run.bestValues, 0, ps.values(), 0, run.bestValues.length);
        }
        return new TrainingResult(optimizer.steps(), run.epoch, run.lastTrainLoss, run.best,
                run.bestStep, run.stoppedEarly, run.skipped, (System.nanoTime() - start) / 1e9, run.interrupted);
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
        Map<String, float[][][]> carried = new HashMap<>();
        double elapsedAtStart;
        long updatesAtStart;
    }

    private TrainingState snapshot(Run run, double elapsed) {
        Map<String, float[]> optState = new HashMap<>();
        optimizer.state().forEach((k, v) -> optState.put(k, v.clone()));
        Map<String, float[][][]> carried = new HashMap<>();
        run.carried.forEach((k, v) -> carried.put(k, deepCopy(v)));
        return new TrainingState(optimizer.steps(), run.epoch, run.batchInEpoch, run.batchesSeen, run.epochLoss,
                run.epochRows, run.rows, elapsed, run.skipped, run.lastTrainLoss, run.lastNorm, run.lastLr, run.best,
                run.bestStep, run.badValidations, model.parameters().values().clone(),
                run.bestValues == null ? null : run.bestValues.clone(), optState, carried);
    }

    private Run restore(TrainingState s) {
        ParameterSet ps = model.parameters();
        if (s.parameters().length != ps.values().length) {
            throw new IllegalArgumentException("the saved training state has " + s.parameters().length
                    + " parameter values, the model has " + ps.values().length);
        }
        Map<String, float[]> live = optimizer.state();
        if (!live.keySet().equals(s.optimizerState().keySet())) {
            throw new IllegalArgumentException("the saved optimizer state has buffers " + s.optimizerState().keySet()
                    + ", this optimizer has " + live.keySet() + " (was the run trained with another optimizer?)");
        }
        for (Map.Entry<String, float[]> e : live.entrySet()) {
            float[] saved = s.optimizerState().get(e.getKey());
            if (saved.length != e.getValue().length) {
                throw new IllegalArgumentException("optimizer buffer '" + e.getKey() + "' has " + saved.length
                        + " values, expected " + e.getValue().length);
            }
            System.arraycopy(saved, 0, e.getValue(), 0, saved.length);
        }
        System.arraycopy(s.parameters(), 0, ps.values(), 0, s.parameters().length);
        optimizer.setSteps(s.updates());
        Run run = new Run();
        run.epoch = s.epoch();
        run.batchInEpoch = s.batchInEpoch();
        run.batchesSeen = s.batchesSeen();
        run.epochLoss = s.epochLossSum();
        run.epochRows = s.epochRows();
        run.rows = s.rows();
        run.skipped = s.skippedUpdates();
        run.lastTrainLoss = s.lastTrainLoss();
        run.lastNorm = s.lastGradientNorm();
        run.lastLr = s.lastLearningRate();
        run.best = s.bestValidationLoss();
        run.bestStep = s.bestStep();
        run.bestValues = s.bestParameters() == null ? null : s.bestParameters().clone();
        run.badValidations = s.badValidations();
        run.carried = new HashMap<>();
        s.carriedStates().forEach((k, v) -> run.carried.put(k, deepCopy(v)));
        run.elapsedAtStart = s.elapsedSeconds();
        run.updatesAtStart = s.updates();
        return run;
    }

    private static float[][][] deepCopy(float[][][] a) {
        if (a == null) {
            return null;
        }
        float[][][] c = new float[a.length][][];
        for (int i = 0; i < a.length; i++) {
            if (a[i] != null) {
                c[i] = new float[a[i].length][];
                for (int j = 0; j < a[i].length; j++) {
                    c[i][j] = a[i][j] == null ? null : a[i][j].clone();
                }
            }
        }
        return c;
    }

    /** Validates, reports, tracks the best weights, and returns true when early stopping says stop. */
    private boolean validate(Run run, BatchSource validation, long start) {
        double v = evaluate(validation);
        double elapsed = (System.nanoTime() - start) / 1e9;
        emit(new Metrics(optimizer.steps(), run.epoch, run.lastTrainLoss, v, run.lastLr, run.lastNorm,
                run.rows / Math.max(elapsed, 1e-9), elapsed));
        if (Double.isNaN(run.best) || v < run.best - config.minDelta()) {
            run.best = v;
            run.bestStep = optimizer.steps();
            run.bestValues = model.parameters().values().clone();
            run.badValidations = 0;
        } else if (config.patience() > 0 && ++run.badValidations >= config.patience()) {
            run.stoppedEarly = true;
        }
        return run.stoppedEarly;
    }

    /**
     * Mean loss over all counted rows of the batches (no dropout), carrying state between batches
     * when the configuration does.
     */
    public double evaluate(BatchSource source) {
        return evaluate(model, loss, source, config.carryState(), config.seed());
    }

    /**
     * Mean {@code loss} of {@code model} over all counted rows of the batches of {@code source}'s
     * epoch 0 (no dropout), the recurrent state carried from batch to batch when {@code carryState}.
     */
    public static double evaluate(SequenceModel model, Loss loss, BatchSource source, boolean carryState, long seed) {
        double sum = 0;
        long count = 0;
        Map<String, float[][][]> carried = new HashMap<>();
        for (Batch b : source.epoch(0, seed)) {
            if (!carryState) {
                carried = new HashMap<>();
            }
            SequenceModel.Pass pass = model.forward(b.input(), ForwardContext.inference(carried));
            Loss.Result r = loss.compute(pass.output(), b.targets(), new float[pass.output().values.length]);
            sum += r.loss() * r.count();
            count += r.count();
            carried = pass.finalStates();
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    private void update(ParameterSet ps, Run run) {
        UpdateRule.Outcome o = updateRule.apply(ps);
        run.lastNorm = o.gradientNorm();
        if (o.applied()) {
            run.lastLr = o.learningRate();
        } else {
            run.skipped++;
        }
    }

    private void emit(Metrics m) {
        for (TrainingListener l : listeners) {
            l.onMetrics(m);
        }
    }
}
