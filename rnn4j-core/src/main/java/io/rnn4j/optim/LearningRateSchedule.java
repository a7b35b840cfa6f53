package io.rnn4j.optim;

/**
 * The learning rate as a function of the update number (0-based). Schedules compose:
 * {@code warmup(100, cosine(0.002, 10_000, 0))}.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    double rate(long step);

    static LearningRateSchedule constant(double lr) {
        return s -> lr;
    }

    /** {@code lr·γ^⌊step/every⌋}, as PyTorch's StepLR. */
    static LearningRateSchedule stepDecay(double lr, long every, double gamma) {
        if (every < 1) {
            throw new IllegalArgumentException("step decay period must be >= 1, got " + every);
        }
        return s -> lr * Math.pow(gamma, Math.floorDiv(s, every));
    }

    /**
     * {@code lr} for the first {@code hold} steps, then {@code lr·γ^(⌊(step − hold)/every⌋ + 1)}:
     * SegRNN's and PatchTST's "type3" schedule is {@code holdThenStepDecay(lr, 4·E, E, 0.8)} for
     * E updates per epoch (the rate kept for four epochs, then × 0.8 after each).
     */
    static LearningRateSchedule holdThenStepDecay(double lr, long hold, long every, double gamma) {
        if (hold < 0 || every < 1) {
            throw new IllegalArgumentException("need hold >= 0 and a decay period >= 1, got " + hold + " and " + every);
        }
        return s -> s < hold ? lr : lr * Math.pow(gamma, Math.floorDiv(s - hold, every) + 1);
    }

    /**
     * Cosine annealing from {@code lr} to {@code minLr} over {@code total} steps, then flat:
     * {@code minLr + (lr − minLr)·(1 + cos(π·s/total))/2}, as PyTorch's CosineAnnealingLR.
     */
    static LearningRateSchedule cosine(double lr, long total, double minLr) {
        if (total < 1) {
            throw new IllegalArgumentException("cosine schedule length must be >= 1, got " + total);
        }
        return s -> s >= total ? minLr : minLr + (lr - minLr) * (1 + Math.cos(Math.PI * s / total)) / 2;
    }

    /**
     * Cosine annealing over a run's progress rather than a fixed number of steps:
     * {@code minLr + (lr − minLr)·(1 + cos(π·p))/2} with {@code p = progress(step)} clamped to
     * [0, 1]. A run that ends on a time budget passes the share of the budget spent, so the rate
     * reaches {@code minLr} as the time runs out on any machine, however many updates fit.
     */
    static LearningRateSchedule cosineOverProgress(double lr, double minLr, java.util.function.LongToDoubleFunction progress) {
        return s -> {
            double p = Math.max(0, Math.min(1, progress.applyAsDouble(s)));
            return minLr + (lr - minLr) * (1 + Math.cos(Math.PI * p)) / 2;
        };
    }

    /** Linear warm-up from lr/warmup to the inner schedule's rate over the first {@code warmup} steps. */
    static LearningRateSchedule warmup(long warmup, LearningRateSchedule inner) {
        if (warmup < 0) {
            throw new IllegalArgumentException("warm-up steps must be >= 0, got " + warmup);
        }
        return s -> s < warmup ? inner.rate(s) * (s + 1) / warmup : inner.rate(s);
    }
}
