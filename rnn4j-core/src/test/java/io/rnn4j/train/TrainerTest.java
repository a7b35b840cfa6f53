package io.rnn4j.train;

import io.rnn4j.kernel.Parallel;
import io.rnn4j.loss.MeanSquaredError;
import io.rnn4j.loss.Targets;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Adam;
import io.rnn4j.optim.Sgd;
import io.rnn4j.tensor.Seq;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainerTest {

    static SequenceModel model(long seed) {
        return new SequenceModel(2)
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(2, 8).layers(2).dropout(0.3f), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(8, 1))
                .initialize(Init.PYTORCH, seed);
    }

    static List<Batch> data(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Batch> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] x = new float[10 * 4 * 2];
            float[] y = new float[10 * 4];
            for (int j = 0; j < x.length; j++) {
                x[j] = (float) r.nextDouble();
            }
            for (int j = 0; j < y.length; j++) {
                y[j] = x[2 * j] - x[2 * j + 1];
            }
            out.add(new Batch(Seq.ofValues(x, 10, 4, 2, null), Targets.values(y)));
        }
        return out;
    }

    @Test
    void sameSeedAndThreadsGiveIdenticalWeights() {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(2);
            float[][] results = new float[2][];
            for (int run = 0; run < 2; run++) {
                SequenceModel m = model(1);
                TrainingConfig cfg = TrainingConfig.builder().epochs(3).seed(9).build();
                new Trainer(Bptt.truncated(m, new MeanSquaredError(), adam(m), 4, 6), cfg)
                        .fit(BatchSource.shuffled(data(2, 5)), null);
                results[run] = m.parameters().values().clone();
            }
            assertArrayEquals(results[0], results[1]);
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** Adam at the default rule: a constant 2·10⁻³, the norm clipped to 5. */
    private static UpdateRule adam(SequenceModel m) {
        return UpdateRule.of(Adam.adam(m.parameters())).build();
    }

    @Test
    void listenersSeeEveryUpdateAndValidation() {
        SequenceModel m = model(1);
        List<Metrics> seen = new ArrayList<>();
        TrainingConfig cfg = TrainingConfig.builder().epochs(2).validateEvery(2).build();
        TrainingResult r = new Trainer(Bptt.full(m, new MeanSquaredError(), adam(m)), cfg)
                .addListener(seen::add).fit(BatchSource.fixed(data(2, 4)), BatchSource.fixed(data(3, 1)));
        assertEquals(8, r.steps());
        assertEquals(8, seen.stream().filter(x -> !x.hasValidation()).count());
        assertEquals(4, seen.stream().filter(Metrics::hasValidation).count());
        assertTrue(seen.stream().allMatch(x -> x.learningRate() > 0 && x.elapsedSeconds() >= 0));
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestWeights() {
        SequenceModel m = model(1);
        List<float[]> snapshots = new ArrayList<>();
        // minDelta is unreachable, so the second validation cannot improve and patience 1 stops the run.
        TrainingConfig cfg = TrainingConfig.builder().epochs(10).validateEvery(1).earlyStopping(1, 1e9).build();
        TrainingResult r = new Trainer(Bptt.full(m, new MeanSquaredError(), adam(m)), cfg)
                .addListener(x -> {
                    if (x.hasValidation()) {
                        snapshots.add(m.parameters().values().clone());
                    }
                }).fit(BatchSource.fixed(data(2, 4)), BatchSource.fixed(data(3, 1)));
        assertTrue(r.stoppedEarly());
        assertEquals(2, r.steps());
        assertEquals(1, r.bestStep());
        assertArrayEquals(snapshots.get(0), m.parameters().values());
    }

    @Test
    void nonFiniteGradientsSkipTheUpdate() {
        SequenceModel m = model(1);
        float[] before = m.parameters().values().clone();
        List<Batch> bad = data(2, 1);
        bad.get(0).input().values[3] = Float.NaN;
        TrainingResult r = new Trainer(Bptt.full(m, new MeanSquaredError(), UpdateRule.of(new Sgd(m.parameters())).build()), TrainingConfig.defaults())
                .fit(BatchSource.fixed(bad), null);
        assertEquals(1, r.skippedSteps());
        assertArrayEquals(before, m.parameters().values());
    }

    @Test
    void clippingBoundsTheUpdateOfAnExplodingGradient() {
        SequenceModel m = model(1);
        List<Batch> huge = data(2, 1);
        for (int i = 0; i < huge.get(0).targets().values.length; i++) {
            huge.get(0).targets().values[i] = 1e6f;
        }
        float[] before = m.parameters().values().clone();
        double[] norm = {0};
        new Trainer(Bptt.full(m, new MeanSquaredError(), UpdateRule.of(new Sgd(m.parameters())).learningRate(0.1).clipNorm(1).build()),
                TrainingConfig.defaults())
                .addListener(x -> norm[0] = x.gradientNorm()).fit(BatchSource.fixed(huge), null);
        assertTrue(norm[0] > 1e3, "the raw gradient was large: " + norm[0]);
        double moved = 0;
        for (int i = 0; i < before.length; i++) {
            double d = m.parameters().values()[i] - before[i];
            moved += d * d;
        }
        assertEquals(0.1, Math.sqrt(moved), 1e-3, "SGD moved by lr x clipped norm");
    }

    @Test
    void impossibleTruncationIsRefusedClearly() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TruncatedBptt(10, 5));
        assertTrue(e.getMessage().contains("k2 (steps back-propagated) = 5 is smaller than k1 (steps between updates) = 10"), e.getMessage());
        SequenceModel m = model(1);
        assertThrows(IllegalArgumentException.class, () -> Bptt.truncated(m, new MeanSquaredError(), adam(m), 0, 5));
        assertThrows(IllegalArgumentException.class, () -> Bptt.truncated(m, new MeanSquaredError(), adam(m), -1, 0));
        assertFalse(assertThrows(IllegalArgumentException.class, () -> TrainingConfig.builder().epochs(0).build())
                .getMessage().isEmpty());
    }

    @Test
    void fullLengthTruncationEqualsFullBptt() {
        float[][] grads = new float[2][];
        List<Batch> d = data(4, 1);
        for (int mode = 0; mode < 2; mode++) {
            SequenceModel m = new SequenceModel(2)
                    .add("rnn", new RecurrentLayer(RecurrentConfig.gru(2, 5), RecurrentLayer.Output.SEQUENCE))
                    .add("head", new Dense(5, 1)).initialize(Init.PYTORCH, 3);
            m.parameters().zeroGrad();
            if (mode == 0) {
                m.gradient(d.get(0).input(), d.get(0).targets(), new MeanSquaredError(),
                        new io.rnn4j.nn.ForwardContext(false, null, java.util.Map.of()));
            } else {
                new TruncatedBptt(10, 10).run(m, d.get(0).input(), d.get(0).targets(), new MeanSquaredError(), null, null, (w, g) -> { });
            }
            grads[mode] = m.parameters().grads().clone();
        }
        assertArrayEquals(grads[0], grads[1]);
    }
}
