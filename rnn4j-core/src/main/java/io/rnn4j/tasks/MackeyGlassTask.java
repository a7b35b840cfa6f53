package io.rnn4j.tasks;

import io.rnn4j.reservoir.EchoStateNetwork;
import io.rnn4j.reservoir.ReservoirConfig;

import java.util.function.LongConsumer;

/**
 * The Mackey–Glass (τ = 17) free-run prediction benchmark of Jaeger &amp; Haas (2004): an ESN is
 * trained to predict the next sample from the current one, then, from many starting points, run
 * in closed loop (its output is its next input) for 84 steps; the score is
 * <pre>
 *   NRMSE₈₄ = sqrt( mean over starts of (y(s+84) − d(s+84))² / σ²(d) )
 * </pre>
 * Jaeger &amp; Haas report NRMSE₈₄ ≈ 10^−4.2 with 1000 units. After training, the reservoir keeps
 * being driven by the true series (teacher forcing); each start runs free from a copy of that
 * state, so the free runs never see each other. Starts are {@code spacing} samples apart, all after
 * the training data.
 *
 * @param reservoir   reservoir settings (1 input, 1 output)
 * @param trainSteps  teacher-forced training steps (after the warm-up)
 * @param warmup      initial training steps whose states are dropped
 * @param ridge       ridge regularisation β
 * @param inputNoise  uniform noise amplitude on the inputs while training (see {@link EchoStateNetwork#fit(double[][], double[][], int, double, double, long)})
 * @param starts      free-run starting points after the training data
 * @param spacing     samples between starts
 * @param horizon     free-run steps (84)
 */
public record MackeyGlassTask(ReservoirConfig reservoir, int trainSteps, int warmup, double ridge, double inputNoise, int starts, int spacing,
                              int horizon) {

    /** The result: the score, and the wall time of training and of the whole run. */
    public record Result(double nrmse, double trainSeconds, double totalSeconds, int units) {
        public double log10Nrmse() {
            return Math.log10(nrmse);
        }
    }

    public MackeyGlassTask {
        if (reservoir.inputSize() != 1 || reservoir.outputSize() != 1) {
            throw new IllegalArgumentException("the Mackey-Glass task needs a reservoir with 1 input and 1 output");
        }
        if (!(inputNoise >= 0)) {
            throw new IllegalArgumentException("inputNoise must be >= 0, got " + inputNoise);
        }
        if (trainSteps < 1 || warmup < 0 || starts < 1 || spacing < 1 || horizon < 1) {
            throw new IllegalArgumentException("trainSteps, starts, spacing and horizon must be >= 1, warmup >= 0");
        }
    }

    /** The settings documented in the README (1000 units; see {@code docs/results.md}). */
    public static MackeyGlassTask standard(long seed) {
        return standard(1000, seed);
    }

    /** The documented settings with another reservoir size (about 10 connections per unit). */
    public static MackeyGlassTask standard(int units, long seed) {
        // sparse (1 % at 1000 units), leaky (a = 0.7), ρ = 1.25, W_in and bias in ±0.5, input noise 1e-6
        // while harvesting, ridge 1e-14 solved by QR: the best of a sweep over leak {0.2..1},
        // ρ {1, 1.25, 1.5}, noise {0, 1e-7..1e-3} and ridge {1e-16..1e-8} (docs/results.md)
        ReservoirConfig c = ReservoirConfig.builder(units, 1, 1).spectralRadius(1.25).inputScaling(0.5).biasScaling(0.5)
                .leakRate(0.7).seed(seed).build();
        return builder(c).build();
    }

    /**
     * The documented protocol on {@code reservoir}: 3000 training steps after a warm-up of 100,
     * ridge 1e-14, input noise 1e-6, 100 free runs of 84 steps started 20 samples apart; each
     * settable by name.
     */
    public static Builder builder(ReservoirConfig reservoir) {
        return new Builder(reservoir);
    }

    /** Named settings of a {@link MackeyGlassTask}; see the record's parameters for their meaning. */
    public static final class Builder {
        private final ReservoirConfig reservoir;
        private int trainSteps = 3000;
        private int warmup = 100;
        private double ridge = 1e-14;
        private double inputNoise = 1e-6;
        private int starts = 100;
        private int spacing = 20;
        private int horizon = 84;

        private Builder(ReservoirConfig reservoir) {
            this.reservoir = reservoir;
        }

        public Builder trainSteps(int n) {
            this.trainSteps = n;
            return this;
        }

        public Builder warmup(int n) {
            this.warmup = n;
            return this;
        }

        public Builder ridge(double beta) {
            this.ridge = beta;
            return this;
        }

        public Builder inputNoise(double amplitude) {
            this.inputNoise = amplitude;
            return this;
        }

        public Builder starts(int n) {
            this.starts = n;
            return this;
        }

        public Builder spacing(int n) {
            this.spacing = n;
            return this;
        }

        public Builder horizon(int n) {
            this.horizon = n;
            return this;
        }

        public MackeyGlassTask build() {
            return new MackeyGlassTask(reservoir, trainSteps, warmup, ridge, inputNoise, starts, spacing, horizon);
        }
    }

    /** Runs the benchmark; {@code progress} receives the number of starts done (may be null). */
    public Result run(LongConsumer progress) {
        long t0 = System.nanoTime();
        int length = warmup + trainSteps + starts * spacing + horizon + 2;
        double[] d = MackeyGlass.series(length, 17, 1000);
        double mean = 0;
        for (double v : d) {
            mean += v;
        }
        mean /= d.length;
        double var = 0;
        for (double v : d) {
            var += (v - mean) * (v - mean);
        }
        var /= d.length;

        EchoStateNetwork esn = new EchoStateNetwork(reservoir);
        int n = warmup + trainSteps;
        double[][] in = new double[n][];
        double[][] target = new double[n][];
        for (int i = 0; i < n; i++) {
            in[i] = new double[] {d[i]};
            target[i] = new double[] {d[i + 1]};
        }
        esn.fit(in, target, warmup, ridge, inputNoise, reservoir.seed() ^ 0x5DEECE66DL);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;

        double sq = 0;
        int position = n; // the next input to drive is d(position)
        for (int k = 0; k < starts; k++) {
            int s = n + (k + 1) * spacing; // the free run starts from d(s)
            int lead = s - position;
            double[][] leadIn = new double[lead][];
            double[][] leadOut = new double[lead][];
            for (int i = 0; i < lead; i++) {
                leadIn[i] = new double[] {d[position + i]};
                leadOut[i] = new double[] {d[position + i + 1]};
            }
            esn.drive(leadIn, leadOut);
            position = s;
            double[] saved = esn.snapshot();
            double[][] y = esn.generate(horizon);
            esn.restore(saved);
            double e = y[horizon - 1][0] - d[s + horizon];
            sq += e * e;
            if (progress != null) {
                progress.accept(k + 1);
            }
        }
        double nrmse = Math.sqrt(sq / starts / var);
        return new Result(nrmse, trainSeconds, (System.nanoTime() - t0) / 1e9, reservoir.units());
    }
}
