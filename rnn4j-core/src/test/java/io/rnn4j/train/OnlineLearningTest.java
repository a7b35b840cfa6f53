package io.rnn4j.train;

import io.rnn4j.data.LanguageModelBatches;
import io.rnn4j.io.ModelFile;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.OneHot;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Adam;
import io.rnn4j.train.ekf.EkfConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RTRL and the (decoupled) EKF on a token stream, run by the one {@link Trainer}, through the same model files as BPTT. */
class OnlineLearningTest {

    @TempDir
    Path dir;

    private static SequenceModel model(int vocab, RecurrentConfig.CellType cell, int hidden) {
        return new SequenceModel(vocab)
                .add("onehot", new OneHot(vocab))
                .add("rnn", new RecurrentLayer(RecurrentConfig.of(cell, vocab, hidden), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(hidden, vocab))
                .initialize(Init.PYTORCH, 3);
    }

    /** "abcd" repeated: after a few hundred updates every next token is certain. */
    private static int[] periodic(int length) {
        int[] t = new int[length];
        for (int i = 0; i < length; i++) {
            t[i] = i % 4;
        }
        return t;
    }

    /** RTRL with Adam at 0.05, clipped at 5, or a filter with the default noise. */
    private static OnlineLearning strategy(SequenceModel m, TrainingAlgorithm a) {
        return switch (a) {
            case RTRL -> OnlineLearning.rtrl(m, new SoftmaxCrossEntropy(),
                    UpdateRule.of(Adam.adam(m.parameters())).learningRate(0.05).clipNorm(5).build());
            case EKF -> OnlineLearning.ekf(m, new SoftmaxCrossEntropy(), EkfConfig.defaults());
            default -> OnlineLearning.dekf(m, new SoftmaxCrossEntropy(), EkfConfig.defaults());
        };
    }

    /** One pass over the stream, read in chunks of 50 tokens (a training report each), validated every 200 updates. */
    private static Trainer trainer(SequenceModel m, TrainingAlgorithm a, long steps) {
        return new Trainer(strategy(m, a), TrainingConfig.builder().maxSteps(steps).carryState(true).validateEvery(200).build());
    }

    private static BatchSource stream(int[] tokens) {
        return BatchSource.fixed(LanguageModelBatches.stream(tokens, 4, 50));
    }

    @Test
    void everyOnlineAlgorithmLearnsAPeriodicStreamAndRestoresTheBestWeights() throws Exception {
        int[] tokens = periodic(2000);
        var validation = BatchSource.fixed(LanguageModelBatches.of(periodic(201), 50, 2));
        for (TrainingAlgorithm a : List.of(TrainingAlgorithm.RTRL, TrainingAlgorithm.EKF, TrainingAlgorithm.DEKF)) {
            SequenceModel m = model(4, RecurrentConfig.CellType.LSTM, 4);
            double before = Trainer.evaluate(m, new SoftmaxCrossEntropy(), validation, true, 0);
            List<Metrics> seen = new ArrayList<>();
            TrainingResult r = trainer(m, a, 800).addListener(seen::add).fit(stream(tokens), validation);
            assertEquals(800, r.steps(), a.name());
            assertTrue(before > 1.0, a + ": untrained loss " + before);
            assertTrue(r.bestValidationLoss() < 0.3, a + ": best validation " + r.bestValidationLoss());
            // the model holds the best weights: evaluating it again gives the best validation loss
            double after = Trainer.evaluate(m, new SoftmaxCrossEntropy(), validation, true, 0);
            assertEquals(r.bestValidationLoss(), after, 1e-9, a.name());
            assertEquals(16, seen.stream().filter(x -> !x.hasValidation()).count(), "a training report every 50 updates");
            assertEquals(4, seen.stream().filter(Metrics::hasValidation).count(), "a validation every 200 updates");
            // and the file written from it reads back to the same numbers
            Path f = dir.resolve(a + ".rnn4j");
            ModelFile.save(f, m, null, null);
            SequenceModel loaded = ModelFile.load(f).model();
            assertArrayEquals(m.parameters().values(), loaded.parameters().values());
            assertEquals(after, Trainer.evaluate(loaded, new SoftmaxCrossEntropy(), validation, true, 0), 1e-9);
        }
    }

    @Test
    void aGruAndAnElmanNetworkTrainByRtrlToo() {
        int[] tokens = periodic(1500);
        var validation = BatchSource.fixed(LanguageModelBatches.of(periodic(201), 50, 2));
        for (RecurrentConfig.CellType cell : List.of(RecurrentConfig.CellType.GRU, RecurrentConfig.CellType.RNN)) {
            SequenceModel m = model(4, cell, 6);
            TrainingResult r = trainer(m, TrainingAlgorithm.RTRL, 1400).fit(stream(tokens), validation);
            assertTrue(r.bestValidationLoss() < 0.3, cell + ": " + r.bestValidationLoss());
        }
    }

    @Test
    void checkpointsCarryTheBestWeightsSoFarAtTheirInterval() {
        SequenceModel m = model(4, RecurrentConfig.CellType.LSTM, 4);
        var validation = BatchSource.fixed(LanguageModelBatches.of(periodic(201), 50, 2));
        List<TrainingState> saved = new ArrayList<>();
        List<Double> validations = new ArrayList<>();
        trainer(m, TrainingAlgorithm.DEKF, 800)
                .addListener(x -> {
                    if (x.hasValidation()) {
                        validations.add(x.validationLoss());
                    }
                })
                .checkpointing(300, 0, saved::add)
                .fit(stream(periodic(2000)), validation);
        assertEquals(List.of(300L, 600L), saved.stream().map(TrainingState::updates).toList(),
                "at updates 300 and 600; the end is the result's");
        assertTrue(saved.get(0).optimizerState().isEmpty(), "a filter's covariance is not part of a checkpoint");
        // the best weights so far are what they were: evaluating them gives the best validation so far
        SequenceModel probe = model(4, RecurrentConfig.CellType.LSTM, 4);
        for (TrainingState state : saved) {
            double bestSoFar = validations.subList(0, (int) (state.updates() / 200)).stream()
                    .mapToDouble(Double::doubleValue).min().orElseThrow();
            System.arraycopy(state.best().parameters(), 0, probe.parameters().values(), 0, state.best().parameters().length);
            assertEquals(bestSoFar, Trainer.evaluate(probe, new SoftmaxCrossEntropy(), validation, true, 0), 1e-9);
        }
    }

    @Test
    void checkpointingDoesNotDisturbTraining() {
        var validation = BatchSource.fixed(LanguageModelBatches.of(periodic(201), 50, 2));
        for (TrainingAlgorithm a : List.of(TrainingAlgorithm.RTRL, TrainingAlgorithm.DEKF)) {
            SequenceModel plain = model(4, RecurrentConfig.CellType.LSTM, 4);
            SequenceModel saved = model(4, RecurrentConfig.CellType.LSTM, 4);
            TrainingResult r1 = trainer(plain, a, 700).fit(stream(periodic(2000)), validation);
            TrainingResult r2 = trainer(saved, a, 700).checkpointing(150, 0, s -> { }).fit(stream(periodic(2000)), validation);
            assertEquals(r1.bestValidationLoss(), r2.bestValidationLoss(), 0.0, a.name());
            assertArrayEquals(plain.parameters().values(), saved.parameters().values(), a.name());
        }
    }

    @Test
    void stopsAfterTheCurrentStepWhenAskedAndSaysSo() {
        SequenceModel m = model(4, RecurrentConfig.CellType.LSTM, 4);
        Trainer t = new Trainer(strategy(m, TrainingAlgorithm.DEKF), TrainingConfig.builder().carryState(true).build());
        t.addListener(x -> {
            if (x.step() == 100) {
                t.requestStop();
            }
        });
        TrainingResult r = t.fit(stream(periodic(2000)), null);
        assertTrue(r.interrupted());
        assertEquals(100, r.steps());
    }

    @Test
    void theMaxStepBudgetIsExactWithinAChunk() {
        SequenceModel m = model(4, RecurrentConfig.CellType.LSTM, 4);
        TrainingResult r = trainer(m, TrainingAlgorithm.RTRL, 123).fit(stream(periodic(2000)), null);
        assertEquals(123, r.steps());
    }

    @Test
    void refusesWhatItCannotTrainWithTheReason() {
        SequenceModel embedded = new SequenceModel(4).add("embed", new Embedding(4, 3))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(3, 4), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(4, 4)).initialize(Init.PYTORCH, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> strategy(embedded, TrainingAlgorithm.DEKF));
        assertTrue(e.getMessage().contains("one-hot"), e.getMessage());
        SequenceModel m = model(4, RecurrentConfig.CellType.LSTM, 4);
        var token = assertThrows(IllegalArgumentException.class, () -> LanguageModelBatches.stream(new int[] {0, 1, 7}, 4, 50));
        assertTrue(token.getMessage().contains("token id 7 at position 2"), token.getMessage());
        var loss = assertThrows(IllegalArgumentException.class, () -> OnlineLearning.ekf(m, (o, t, d) -> null, EkfConfig.defaults()));
        assertTrue(loss.getMessage().contains("softmax, sigmoid or linear readout"), loss.getMessage());
        var batch = assertThrows(IllegalArgumentException.class, () -> new Trainer(strategy(m, TrainingAlgorithm.RTRL),
                TrainingConfig.defaults()).fit(BatchSource.fixed(LanguageModelBatches.of(periodic(201), 50, 2)), null));
        assertTrue(batch.getMessage().contains("one sequence at a time (batch 1)"), batch.getMessage());
        var resume = assertThrows(IllegalArgumentException.class, () -> strategy(m, TrainingAlgorithm.EKF).restore(1, java.util.Map.of()));
        assertTrue(resume.getMessage().contains("cannot be resumed"), resume.getMessage());
    }

    @Test
    void theSoftmaxGradientIsTheDerivativeOfTheCrossEntropy() {
        double[] z = {0.3, -1.2, 2.0, 0.1};
        double[] dz = new double[4];
        double loss = OnlineLearning.softmaxGradient(z, 2, dz);
        for (int q = 0; q < 4; q++) {
            double[] up = z.clone();
            double[] down = z.clone();
            up[q] += 1e-6;
            down[q] -= 1e-6;
            double numeric = (OnlineLearning.softmaxGradient(up, 2, new double[4]) - OnlineLearning.softmaxGradient(down, 2, new double[4])) / 2e-6;
            assertEquals(numeric, dz[q], 1e-8, "dz[" + q + "]");
        }
        double sum = Math.exp(0.3) + Math.exp(-1.2) + Math.exp(2.0) + Math.exp(0.1);
        assertEquals(-Math.log(Math.exp(2.0) / sum), loss, 1e-12);
    }
}
