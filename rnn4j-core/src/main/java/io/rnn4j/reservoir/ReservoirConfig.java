package io.rnn4j.reservoir;

/**
 * Immutable settings of a {@link Reservoir} (Jaeger 2001; the names follow Lukoševičius 2012,
 * "A practical guide to applying echo state networks"), validated up front.
 *
 * @param units           N, reservoir neurons (≥ 1)
 * @param inputSize       K, input features per step (≥ 0; 0 for a purely generative reservoir)
 * @param outputSize      L, readout outputs (≥ 1); the width of the optional output feedback
 * @param spectralRadius  ρ(W) after scaling, the largest absolute eigenvalue of the recurrent matrix (&gt; 0)
 * @param inputScaling    W_in is uniform in [−inputScaling, inputScaling] (≥ 0)
 * @param biasScaling     the bias column of W_in is uniform in [−biasScaling, biasScaling] (≥ 0)
 * @param connectivity    fraction of non-zero entries of W, in (0, 1]
 * @param leakRate        a in (0, 1]: x(n) = (1 − a)·x(n−1) + a·tanh(...); 1 is no leak
 * @param feedbackScaling W_fb (N, L) is uniform in [−feedbackScaling, feedbackScaling]; 0 = no output feedback
 * @param seed            seed of every random weight
 */
public record ReservoirConfig(int units, int inputSize, int outputSize, double spectralRadius, double inputScaling,
                              double biasScaling, double connectivity, double leakRate, double feedbackScaling, long seed) {

    public ReservoirConfig {
        if (units < 1) {
            throw new IllegalArgumentException("units must be >= 1, got " + units);
        }
        if (inputSize < 0 || outputSize < 1) {
            throw new IllegalArgumentException("inputSize must be >= 0 and outputSize >= 1, got " + inputSize + ", " + outputSize);
        }
        if (!(spectralRadius > 0) || Double.isInfinite(spectralRadius)) {
            throw new IllegalArgumentException("spectralRadius must be a finite number > 0, got " + spectralRadius);
        }
        if (!(inputScaling >= 0) || !(biasScaling >= 0) || !(feedbackScaling >= 0)) {
            throw new IllegalArgumentException("inputScaling, biasScaling and feedbackScaling must be >= 0");
        }
        if (!(connectivity > 0 && connectivity <= 1)) {
            throw new IllegalArgumentException("connectivity must be in (0, 1], got " + connectivity);
        }
        if (!(leakRate > 0 && leakRate <= 1)) {
            throw new IllegalArgumentException("leakRate must be in (0, 1], got " + leakRate);
        }
    }

    /**
     * Defaults from the practical guide: ρ = 0.9, input scaling 1, bias scaling 0.2, about 10
     * connections per neuron, no leak, no feedback, seed 1.
     */
    public static ReservoirConfig of(int units, int inputSize, int outputSize) {
        return builder(units, inputSize, outputSize).build();
    }

    /** The {@link #of} defaults, each settable by name. */
    public static Builder builder(int units, int inputSize, int outputSize) {
        return new Builder(units, inputSize, outputSize);
    }

    /** Named settings of a {@link ReservoirConfig}; see the record's parameters for their meaning. */
    public static final class Builder {
        private final int units;
        private final int inputSize;
        private final int outputSize;
        private double spectralRadius = 0.9;
        private double inputScaling = 1.0;
        private double biasScaling = 0.2;
        private double connectivity;
        private double leakRate = 1.0;
        private double feedbackScaling;
        private long seed = 1;

        private Builder(int units, int inputSize, int outputSize) {
            this.units = units;
            this.inputSize = inputSize;
            this.outputSize = outputSize;
            this.connectivity = Math.min(1.0, 10.0 / Math.max(1, units));
        }

        public Builder spectralRadius(double r) {
            this.spectralRadius = r;
            return this;
        }

        public Builder inputScaling(double s) {
            this.inputScaling = s;
            return this;
        }

        public Builder biasScaling(double s) {
            this.biasScaling = s;
            return this;
        }

        public Builder connectivity(double c) {
            this.connectivity = c;
            return this;
        }

        public Builder leakRate(double a) {
            this.leakRate = a;
            return this;
        }

        public Builder feedbackScaling(double s) {
            this.feedbackScaling = s;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public ReservoirConfig build() {
            return new ReservoirConfig(units, inputSize, outputSize, spectralRadius, inputScaling, biasScaling, connectivity,
                    leakRate, feedbackScaling, seed);
        }
    }

    /** Width of the extended state [1; u; x] a readout sees: 1 + K + N. */
    public int extendedSize() {
        return 1 + inputSize + units;
    }
}
