package io.rnn4j.tasks;

import io.rnn4j.loss.MeanSquaredError;
import io.rnn4j.loss.Targets;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Adam;
import io.rnn4j.optim.LearningRateSchedule;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.UpdateRule;

import java.util.List;

/**
 * The sequence-generation task of the Clockwork RNN paper (Koutník et al. 2014, section 4.1): a
 * network with no input (a constant zero input, so only its biases drive it) learns to produce a
 * 320-step waveform, and is scored by the normalised mean squared error
 * {@code NMSE = mean((y − d)²) / var(d)}.
 *
 * <p>The paper's target is a 320-sample excerpt of a music recording, which is not available; this
 * task generates a waveform of the same length with structure on several time scales,
 * <pre>
 *   d(t) = 0.45·sin(2πt/160) + 0.3·sin(2πt/41 + 1) + 0.2·sin(2πt/11.3 + 2) + 0.1·sin(2πt/4.7)·cos(2πt/97),
 * </pre>
 * rescaled to [−1, 1] (t = 0..319). The three models get about the same number of weights
 * (≈ 720): an Elman RNN of 25 units, an LSTM of 12 units, and a Clockwork RNN of 8 modules of 4
 * units with periods 1, 2, 4, …, 128 (counting only its unmasked recurrent weights), each with a
 * linear output unit. All train by full BPTT with Adam on the one sequence.
 *
 * @param cell       which model: RNN, LSTM or CLOCKWORK
 * @param iterations updates (one per pass over the sequence)
 * @param lr         Adam learning rate
 * @param seed       initialisation seed
 */
public record WaveformGenerationTask(RecurrentConfig.CellType cell, int iterations, double lr, long seed) {

    public static final int LENGTH = 320;

    /** The outcome: the NMSE of the trained model's generated waveform, its weight count and time. */
    public record Result(RecurrentConfig.CellType cell, double nmse, long weights, double seconds) {
    }

    public WaveformGenerationTask {
        if (cell == RecurrentConfig.CellType.GRU) {
            throw new IllegalArgumentException("the waveform task compares RNN, LSTM and CLOCKWORK");
        }
        if (iterations < 1 || !(lr > 0)) {
            throw new IllegalArgumentException("need iterations >= 1 and lr > 0");
        }
    }

    /** The target waveform (320 values in [−1, 1]). */
    public static float[] target() {
        double[] d = new double[LENGTH];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < LENGTH; t++) {
            d[t] = 0.45 * Math.sin(2 * Math.PI * t / 160) + 0.3 * Math.sin(2 * Math.PI * t / 41 + 1)
                    + 0.2 * Math.sin(2 * Math.PI * t / 11.3 + 2) + 0.1 * Math.sin(2 * Math.PI * t / 4.7) * Math.cos(2 * Math.PI * t / 97);
            min = Math.min(min, d[t]);
            max = Math.max(max, d[t]);
        }
        float[] out = new float[LENGTH];
        for (int t = 0; t < LENGTH; t++) {
            out[t] = (float) (2 * (d[t] - min) / (max - min) - 1);
        }
        return out;
    }

    /** The recurrent layer of this task's cell type. */
    private RecurrentConfig recurrentConfig() {
        return switch (cell) {
            case RNN -> RecurrentConfig.rnn(1, 25);
            case LSTM -> RecurrentConfig.lstm(1, 12);
            case CLOCKWORK -> RecurrentConfig.clockwork(1, 32, 8);
            default -> throw new IllegalStateException();
        };
    }

    /** The model of this task's cell type: input 1 (always zero), recurrent layer, linear output. */
    public SequenceModel model() {
        RecurrentConfig rc = recurrentConfig();
        return new SequenceModel(1)
                .add("rnn", new RecurrentLayer(rc, RecurrentLayer.Output.SEQUENCE))
                .add("out", new Dense(rc.hiddenSize(), 1))
                .initialize(Init.PYTORCH, seed);
    }

    /**
     * Weights of {@code m} (this task's model) that can be non-zero: all, less those a clockwork
     * layer's structure holds at zero.
     */
    private long effectiveWeights(SequenceModel m) {
        return m.parameters().size() - recurrentConfig().structuralZeroWeights();
    }

    public Result run() {
        long t0 = System.nanoTime();
        SequenceModel m = model();
        float[] d = target();
        Seq input = Seq.ofValues(new float[LENGTH], LENGTH, 1, 1, null);
        Batch batch = new Batch(input, Targets.values(d));
        UpdateRule rule = UpdateRule.of(Adam.adam(m.parameters()))
                .schedule(LearningRateSchedule.cosine(lr, iterations, lr / 20)).clipNorm(1.0).build();
        TrainingConfig cfg = TrainingConfig.builder().epochs(iterations).restoreBest(false).seed(seed).build();
        new Trainer(Bptt.full(m, new MeanSquaredError(), rule), cfg).fit(BatchSource.fixed(List.of(batch)), null);
        float[] y = m.forward(input, ForwardContext.inference()).output().values;
        double mean = 0;
        for (float v : d) {
            mean += v;
        }
        mean /= LENGTH;
        double var = 0;
        double se = 0;
        for (int t = 0; t < LENGTH; t++) {
            var += (d[t] - mean) * (d[t] - mean);
            se += (y[t] - d[t]) * (double) (y[t] - d[t]);
        }
        return new Result(cell, se / var, effectiveWeights(m), (System.nanoTime() - t0) / 1e9);
    }
}
