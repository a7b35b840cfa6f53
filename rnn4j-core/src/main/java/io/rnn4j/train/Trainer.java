package io.rnn4j.train;

import io.rnn4j.loss.Loss;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.TruncatedBptt;
import io.rnn4j.optim.GradientClipping;
import io.rnn4j.optim.Optimizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The training loop: full or truncated BPTT over the batches of each epoch, gradient clipping,
 * a learning-rate schedule, periodic validation, early stopping and listeners.
 *
 * <p>A non-finite gradient norm skips the update (and is counted in the result) rather than
 * corrupting the weights; with clipping on, large but finite gradients are scaled down.
 */
public final class Trainer {

    private final SequenceModel model;
    private final Loss loss;
    private final Optimizer optimizer;
    private final TrainingConfig config;
    private final List<TrainingListener> listeners = new ArrayList<>();

    public Trainer(SequenceModel model, Loss loss, Optimizer optimizer, TrainingConfig config) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.config = config;
    }

    public Trainer addListener(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    /** Trains on {@code train}, validating on {@code validation} when it is not null. */
    public TrainingResult fit(BatchSource train, BatchSource validation) {
        ParameterSet ps = model.parameters();
        SplittableRandom random = new SplittableRandom(config.seed());
        TruncatedBptt tbptt = config.k1() > 0 ? new TruncatedBptt(config.k1(), config.k2()) : null;
        long start = System.nanoTime();
        BestTracker tracker = new BestTracker();
        boolean stop = false;
        ps.zeroGrad();
        long[] skipped = {0};
        double lastTrainLoss = Double.NaN;
        long rows = 0;
        int epoch = 0;
        double[] lastNorm = {0};
        double[] lastLr = {0};
        for (; epoch < config.epochs() && !stop; epoch++) {
            Map<String, float[][][]> carried = new HashMap<>();
            double epochLoss = 0;
            long epochRows = 0;
            for (Batch batch : train.epoch(epoch, config.seed())) {
                if (!config.carryState()) {
                    carried = new HashMap<>();
                }
                double batchLoss;
                int count;
                if (tbptt != null) {
                    TruncatedBptt.Result r = tbptt.run(model, batch.input(), batch.targets(), loss, carried, random,
                            (w, g) -> update(ps, skipped, lastNorm, lastLr));
                    batchLoss = r.lossSum();
                    count = r.count();
                    carried = r.finalStates();
                } else {
                    ps.zeroGrad();
                    SequenceModel.Gradient g = model.gradient(batch.input(), batch.targets(), loss,
                            new ForwardContext(true, random, carried));
                    update(ps, skipped, lastNorm, lastLr);
                    batchLoss = g.loss() * g.count();
                    count = g.count();
                    carried = g.finalStates();
                }
                epochLoss += batchLoss;
                epochRows += count;
                rows += count;
                double elapsed = (System.nanoTime() - start) / 1e9;
                lastTrainLoss = epochRows == 0 ? Double.NaN : epochLoss / epochRows;
                emit(new Metrics(optimizer.steps(), epoch, count == 0 ? Double.NaN : batchLoss / count, Double.NaN,
                        lastLr[0], lastNorm[0], rows / Math.max(elapsed, 1e-9), elapsed));
                boolean validateNow = validation != null && config.validateEvery() > 0
                        && optimizer.steps() > 0 && optimizer.steps() % config.validateEvery() == 0;
                if (validateNow && tracker.validate(validation, epoch, lastTrainLoss, lastLr[0], lastNorm[0], rows, start)) {
                    stop = true;
                    break;
                }
                if ((config.maxSteps() > 0 && optimizer.steps() >= config.maxSteps())
                        || (config.maxSeconds() > 0 && elapsed >= config.maxSeconds())) {
                    stop = true;
                    break;
                }
            }
            if (validation != null && config.validateEvery() == 0 && !tracker.stoppedEarly
                    && tracker.validate(validation, epoch, lastTrainLoss, lastLr[0], lastNorm[0], rows, start)) {
                stop = true;
            }
        }
        if (config.restoreBest() && tracker.bestValues != null) {
            System.arraycopy(tracker.bestValues, 0, ps.values(), 0, tracker.bestValues.length);
        }
        return new TrainingResult(optimizer.steps(), epoch, lastTrainLoss, tracker.best, tracker.bestStep,
                tracker.stoppedEarly, skipped[0], (System.nanoTime() - start) / 1e9);
    }

    /** Validation bookkeeping: the best loss, its parameters, and early stopping. */
    private final class BestTracker {
        double best = Double.NaN;
        long bestStep;
        float[] bestValues;
        int badValidations;
        boolean stoppedEarly;

        /** Validates, reports, and returns true when early stopping says stop. */
        boolean validate(BatchSource validation, int epoch, double trainLoss, double lr, double norm, long rows, long start) {
            double v = evaluate(validation);
            double elapsed = (System.nanoTime() - start) / 1e9;
            emit(new Metrics(optimizer.steps(), epoch, trainLoss, v, lr, norm, rows / Math.max(elapsed, 1e-9), elapsed));
            if (Double.isNaN(best) || v < best - config.minDelta()) {
                best = v;
                bestStep = optimizer.steps();
                bestValues = model.parameters().values().clone();
                badValidations = 0;
            } else if (config.patience() > 0 && ++badValidations >= config.patience()) {
                stoppedEarly = true;
            }
            return stoppedEarly;
        }
    }

    /**
     * Mean loss over all counted rows of the batches (no dropout), carrying state between batches
     * when the configuration does.
     */
    public double evaluate(BatchSource source) {
        double sum = 0;
        long count = 0;
        Map<String, float[][][]> carried = new HashMap<>();
        for (Batch b : source.epoch(0, config.seed())) {
            if (!config.carryState()) {
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

    private void update(ParameterSet ps, long[] skipped, double[] lastNorm, double[] lastLr) {
        ps.maskFrozen();
        double norm = config.clipNorm() > 0 ? GradientClipping.clipGlobalNorm(ps, config.clipNorm()) : GradientClipping.globalNorm(ps);
        lastNorm[0] = norm;
        if (!Double.isFinite(norm)) {
            skipped[0]++;
            ps.zeroGrad();
            return;
        }
        if (config.clipValue() > 0) {
            GradientClipping.clipValue(ps, config.clipValue());
        }
        double lr = config.schedule().rate(optimizer.steps());
        lastLr[0] = lr;
        optimizer.step(lr);
        ps.zeroGrad();
    }

    private void emit(Metrics m) {
        for (TrainingListener l : listeners) {
            l.onMetrics(m);
        }
    }
}
