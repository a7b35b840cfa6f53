package io.rnn4j.tasks;

import io.rnn4j.loss.MeanSquaredError;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Adam;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.UpdateRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Makes the vanishing gradient visible (Hochreiter 1991; Bengio, Simard &amp; Frasconi 1994): on the
 * adding problem, the loss sits at the last step t, and
 * <pre>
 *   g(k) = mean over sequences of ‖∂loss/∂x_{t−k}‖₂
 * </pre>
 * is how much the input k steps back can still change it. For a tanh RNN, g(k) falls roughly
 * geometrically with k (each step multiplies the error by W_hhᵀ·diag(1 − h²)); the LSTM's cell
 * path (and the GRU's z·h path) carries it much further. The networks are measured freshly
 * initialised and, optionally, after some BPTT updates on the task.
 */
public final class GradientFlow {

    private GradientFlow() {
    }

    /**
     * g(k) for k = 0 … T−1 on {@code sequences} adding-problem sequences of minimal length T.
     *
     * @param forgetBias   LSTM only: initial forget-gate bias, or null for PyTorch's 0
     * @param trainUpdates Adam updates (batch 8, lr 0.003) on the task before measuring
     */
    public static double[] measure(RecurrentConfig.CellType cell, int hidden, Float forgetBias, int length, int sequences,
                                   int trainUpdates, long seed) {
        AddingProblem task = new AddingProblem(length);
        RecurrentConfig config = RecurrentConfig.of(cell, 2, hidden);
        if (forgetBias != null && cell == RecurrentConfig.CellType.LSTM) {
            config = config.forgetBias(forgetBias);
        }
        SequenceModel model = new SequenceModel(2)
                .add("rnn", new RecurrentLayer(config, RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(hidden, 1))
                .initialize(Init.PYTORCH, seed);
        SplittableRandom rng = new SplittableRandom(seed + 101);
        if (trainUpdates > 0) {
            List<Batch> batches = new ArrayList<>(trainUpdates);
            for (int u = 0; u < trainUpdates; u++) {
                TaskBatch b = TaskBatch.of(SequenceTask.draw(task, 8, rng), task);
                batches.add(new Batch(b.input(), b.targets()));
            }
            UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters())).learningRate(0.003).clipNorm(1.0).build();
            new Trainer(Bptt.full(model, new MeanSquaredError(), rule), TrainingConfig.builder().restoreBest(false).seed(seed).build())
                    .fit(BatchSource.fixed(batches), null);
        }
        TaskBatch b = TaskBatch.of(SequenceTask.draw(task, sequences, rng), task);
        SequenceModel.Pass pass = model.forward(b.input(), new ForwardContext(true, rng, Map.of()));
        float[] dOut = new float[pass.output().values.length];
        new MeanSquaredError().compute(pass.output(), b.targets(), dOut);
        float[] dx = model.backward(pass, dOut);
        double[] g = new double[length];
        int batch = b.input().batch;
        for (int i = 0; i < batch; i++) {
            int last = b.input().lengths[i] - 1;
            for (int k = 0; k < length; k++) {
                int at = ((last - k) * batch + i) * 2;
                // the loss is a mean over the batch, so dx carries 1/B already: summing the
                // samples' norms gives the mean per-sample norm, whatever B is
                g[k] += Math.hypot(dx[at], dx[at + 1]);
            }
        }
        return g;
    }
}
