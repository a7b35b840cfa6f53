package io.rnn4j.train;

import io.rnn4j.optim.LearningRateSchedule;

/**
 * Immutable settings of a {@link Trainer} run, validated up front.
 *
 * @param epochs            passes over the training batches (≥ 1)
 * @param maxSteps          stop after this many updates (0 = no limit)
 * @param maxSeconds        stop after this much wall time (0 = no limit)
 * @param schedule          learning rate per update
 * @param clipNorm          clip the global gradient norm to this (0 = off)
 * @param clipValue         clamp each gradient to ±this (0 = off)
 * @param k1                truncated BPTT: steps between updates (0 = full BPTT, one update per batch)
 * @param k2                truncated BPTT: steps back-propagated (≥ k1 when k1 &gt; 0)
 * @param carryState        carry recurrent state from one batch to the next (language-model streams)
 * @param validateEvery     validate every this many updates (0 = at the end of each epoch)
 * @param patience          early stopping: stop after this many validations without improvement (0 = off)
 * @param minDelta          an improvement must lower the validation loss by more than this
 * @param restoreBest       at the end, restore the parameters of the best validation
 * @param seed              seed of all training randomness (dropout, shuffling)
 */
public record TrainingConfig(int epochs, long maxSteps, double maxSeconds, LearningRateSchedule schedule,
                             double clipNorm, double clipValue, int k1, int k2, boolean carryState,
                             long validateEvery, int patience, double minDelta, boolean restoreBest, long seed) {

    public TrainingConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (maxSteps < 0 || maxSeconds < 0 || clipNorm < 0 || clipValue < 0 || validateEvery < 0 || patience < 0 || minDelta < 0) {
            throw new IllegalArgumentException("maxSteps, maxSeconds, clipNorm, clipValue, validateEvery, patience and minDelta must be >= 0");
        }
        if (schedule == null) {
            throw new IllegalArgumentException("a learning-rate schedule is required");
        }
        if (k1 < 0 || (k1 == 0 && k2 != 0)) {
            throw new IllegalArgumentException("truncated BPTT needs k1 >= 1 when k2 is set; got k1=" + k1 + ", k2=" + k2);
        }
        if (k1 > 0) {
            new io.rnn4j.train.TruncatedBptt(k1, k2); // validates k2 >= k1 with a clear message
        }
    }

    /** Defaults: 1 epoch, Adam-friendly lr 2e-3, clip norm 5, full BPTT, validation each epoch. */
    public static TrainingConfig defaults() {
        return new TrainingConfig(1, 0, 0, LearningRateSchedule.constant(2e-3), 5.0, 0, 0, 0, false,
                0, 0, 0, true, 1);
    }

    public TrainingConfig withEpochs(int e) {
        return new TrainingConfig(e, maxSteps, maxSeconds, schedule, clipNorm, clipValue, k1, k2, carryState, validateEvery, patience, minDelta, restoreBest, seed);
    }

    public TrainingConfig withMaxSteps(long s) {
        return new TrainingConfig(epochs, s, maxSeconds, schedule, clipNorm, clipValue, k1, k2, carryState, validateEvery, patience, minDelta, restoreBest, seed);
    }

    public TrainingConfig withMaxSeconds(double s) {
        return new TrainingConfig(epochs, maxSteps, s, schedule, clipNorm, clipValue, k1, k2, carryState, validateEvery, patience, minDelta, restoreBest, seed);
    }

    public TrainingConfig withSchedule(LearningRateSchedule s) {
        return new TrainingConfig(epochs, maxSteps, maxSeconds, s, clipNorm, clipValue, k1, k2, carryState, validateEvery, patience, minDelta, restoreBest, seed);
    }

    public TrainingConfig withClipNorm(double c) {
        return new TrainingConfig(epochs, maxSteps, maxSeconds, schedule, c, clipValue, k1, k2, carryState, validateEvery, patience, minDelta, restoreBest, seed);
    }

    public TrainingConfig withClipValue(double c) {
        return new TrainingConfig(epochs, maxSteps, maxSeconds, schedule, clipNorm, c, k1, k2, carryState, validateEvery, patience, minDelta, restoreBest, seed);
    }

    public TrainingConfig withTruncation(int k1, int k2) {
        return new TrainingConfig(epochs, maxSteps, maxSeconds, schedule, clipNorm, clipValue, k1, k2, carryState, validateEvery, patience, minDelta, restoreBest, seed);
    }

    public TrainingConfig withCarryState(boolean c) {
        return new TrainingConfig(epochs, maxSteps, maxSeconds, schedule, clipNorm, clipValue, k1, k2, c, validateEvery, patience, minDelta, restoreBest, seed);
    }

    public TrainingConfig withValidateEvery(long v) {
        return new TrainingConfig(epochs, maxSteps, maxSeconds, schedule, clipNorm, clipValue, k1, k2, carryState, v, patience, minDelta, restoreBest, seed);
    }

    public TrainingConfig withEarlyStopping(int patience, double minDelta) {
        return new TrainingConfig(epochs, maxSteps, maxSeconds, schedule, clipNorm, clipValue, k1, k2, carryState, validateEvery, patience, minDelta, restoreBest, seed);
    }

    public TrainingConfig withRestoreBest(boolean r) {
        return new TrainingConfig(epochs, maxSteps, maxSeconds, schedule, clipNorm, clipValue, k1, k2, carryState, validateEvery, patience, minDelta, r, seed);
    }

    public TrainingConfig withSeed(long s) {
        return new TrainingConfig(epochs, maxSteps, maxSeconds, schedule, clipNorm, clipValue, k1, k2, carryState, validateEvery, patience, minDelta, restoreBest, s);
    }
}
