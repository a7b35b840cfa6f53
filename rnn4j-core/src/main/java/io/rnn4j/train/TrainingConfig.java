package io.rnn4j.train;

/**
 * Immutable settings of the {@link Trainer} loop, validated up front; how the weights change (the
 * optimizer, its rate and clipping, truncation, a filter) is the {@link TrainingStrategy}'s.
 * Build one with {@link #builder()}: every setting has a default.
 *
 * @param epochs        passes over the training batches (≥ 1; default 1)
 * @param maxSteps      stop after this many updates (0 = no limit, the default)
 * @param maxSeconds    stop after this much wall time (0 = no limit, the default)
 * @param carryState    carry recurrent state from one batch to the next (language-model streams; default off)
 * @param validateEvery validate every this many updates (0 = at the end of each epoch, the default)
 * @param patience      early stopping: stop after this many validations without improvement (0 = off, the default)
 * @param minDelta      an improvement must lower the validation score by more than this (default 0)
 * @param restoreBest   at the end, restore the parameters of the best validation (default on)
 * @param seed          seed of all training randomness (dropout, shuffling; default 1)
 */
public record TrainingConfig(int epochs, long maxSteps, double maxSeconds, boolean carryState,
                             long validateEvery, int patience, double minDelta, boolean restoreBest, long seed) {

    public TrainingConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (maxSteps < 0 || !(maxSeconds >= 0) || validateEvery < 0 || patience < 0 || !(minDelta >= 0)) {
            throw new IllegalArgumentException("maxSteps, maxSeconds, validateEvery, patience and minDelta must be >= 0, got "
                    + maxSteps + ", " + maxSeconds + ", " + validateEvery + ", " + patience + ", " + minDelta);
        }
    }

    /** All defaults: one epoch, no limits, validation at each epoch's end, the best weights restored, seed 1. */
    public static TrainingConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named settings of a {@link TrainingConfig}; see the record's parameters for their meaning and defaults. */
    public static final class Builder {
        private int epochs = 1;
        private long maxSteps;
        private double maxSeconds;
        private boolean carryState;
        private long validateEvery;
        private int patience;
        private double minDelta;
        private boolean restoreBest = true;
        private long seed = 1;

        private Builder() {
        }

        public Builder epochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder maxSteps(long maxSteps) {
            this.maxSteps = maxSteps;
            return this;
        }

        public Builder maxSeconds(double maxSeconds) {
            this.maxSeconds = maxSeconds;
            return this;
        }

        public Builder carryState(boolean carryState) {
            this.carryState = carryState;
            return this;
        }

        public Builder validateEvery(long validateEvery) {
            this.validateEvery = validateEvery;
            return this;
        }

        /** Stop after {@code patience} validations that do not improve on the best by more than {@code minDelta}. */
        public Builder earlyStopping(int patience, double minDelta) {
            this.patience = patience;
            this.minDelta = minDelta;
            return this;
        }

        public Builder restoreBest(boolean restoreBest) {
            this.restoreBest = restoreBest;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(epochs, maxSteps, maxSeconds, carryState, validateEvery, patience, minDelta,
                    restoreBest, seed);
        }
    }
}
