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
import io.rnn4j.optim.LearningRateSchedule;
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

/** RTRL and the (decoupled) EKF on a token stream, through the same model files as BPTT. */
class OnlineTrainerTest {

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

    private static OnlineTrainer.Settings settings(TrainingAlgorithm a, long steps) {
        return new OnlineTrainer.Settings(a, LearningRateSchedule.constant(0.05), 5, EkfConfig.defaults(), 1, steps, 0, 200, 50);
    }

    @Test
    void everyOnlineAlgorithmLearnsAPeriodicStreamAndRestoresTheBestWeights() throws Exception {
        int[] tokens = periodic(2000);
        var validation = BatchSource.fixed(LanguageModelBatches.of(periodic(201), 50, 2));
        for (TrainingAlgorithm a : List.of(TrainingAlgorithm.RTRL, TrainingAlgorithm.EKF, TrainingAlgorithm.DEKF)) {
            SequenceModel m = model(4, RecurrentConfig.CellType.LSTM, 4);
            double before = Trainer.evaluate(m, new SoftmaxCrossEntropy(), validation, true, 0);
            List<Metrics> seen = new ArrayList<>();
            TrainingResult r = new OnlineTrainer(m, a == TrainingAlgorithm.RTRL ? Adam.adam(m.parameters()) : null, settings(a, 800))
                    .addListener(seen::add).fit(tokens, validation);
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
            TrainingResult r = new OnlineTrainer(m, Adam.adam(m.parameters()), settings(TrainingAlgorithm.RTRL, 1400))
                    .fit(tokens, validation);
            assertTrue(r.bestValidationLoss() < 0.3, cell + ": " + r.bestValidationLoss());
        }
    }

    @Test
    void savesTheBestWeightsSoFarAtItsInterval() {
        SequenceModel m = model(4, RecurrentConfig.CellType.LSTM, 4);
        var validation = BatchSource.fixed(LanguageModelBatches.of(periodic(201), 50, 2));
        List<float[]> saved = new ArrayList<>();
        List<Double> bestAtSave = new ArrayList<>();
        List<Double> validations = new ArrayList<>();
        new OnlineTrainer(m, null, settings(TrainingAlgorithm.DEKF, 800))
                .addListener(x -> {
                    if (x.hasValidation()) {
                        validations.add(x.validationLoss());
                    }
                })
                .saving(300, 0, model -> {
                    saved.add(model.parameters().values().clone());
                    bestAtSave.add(validations.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN));
                })
                .fit(periodic(2000), validation);
        assertEquals(2, saved.size(), "at updates 300 and 600; the end saves through fit's result");
        // what was saved is the model of the best validation so far, as evaluating it shows
        SequenceModel probe = model(4, RecurrentConfig.CellType.LSTM, 4);
        for (int k = 0; k < saved.size(); k++) {
            System.arraycopy(saved.get(k), 0, probe.parameters().values(), 0, saved.get(k).length);
            assertEquals(bestAtSave.get(k), Trainer.evaluate(probe, new SoftmaxCrossEntropy(), validation, true, 0), 1e-9);
        }
    }

    @Test
    void savingDoesNotDisturbTraining() {
        var validation = BatchSource.fixed(LanguageModelBatches.of(periodic(201), 50, 2));
        for (TrainingAlgorithm a : List.of(TrainingAlgorithm.RTRL, TrainingAlgorithm.DEKF)) {
            SequenceModel plain = model(4, RecurrentConfig.CellType.LSTM, 4);
            SequenceModel saved = model(4, RecurrentConfig.CellType.LSTM, 4);
            TrainingResult r1 = new OnlineTrainer(plain, a == TrainingAlgorithm.RTRL ? Adam.adam(plain.parameters()) : null,
                    settings(a, 700)).fit(periodic(2000), validation);
            TrainingResult r2 = new OnlineTrainer(saved, a == TrainingAlgorithm.RTRL ? Adam.adam(saved.parameters()) : null,
                    settings(a, 700)).saving(150, 0, m -> { }).fit(periodic(2000), validation);
            assertEquals(r1.bestValidationLoss(), r2.bestValidationLoss(), 0.0, a.name());
            assertArrayEquals(plain.parameters().values(), saved.parameters().values(), a.name());
        }
    }

    @Test
    void stopsWhenAskedAndSaysSo() {
        SequenceModel m = model(4, RecurrentConfig.CellType.LSTM, 4);
        OnlineTrainer t = new OnlineTrainer(m, null, settings(TrainingAlgorithm.DEKF, 0));
        t.addListener(x -> {
            if (x.step() == 100) {
                t.requestStop();
            }
        });
        TrainingResult r = t.fit(periodic(2000), null);
        assertTrue(r.interrupted());
        assertEquals(100, r.steps());
    }

    @Test
    void refusesWhatItCannotTrainWithTheReason() {
        SequenceModel embedded = new SequenceModel(4).add("embed", new Embedding(4, 3))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(3, 4), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(4, 4)).initialize(Init.PYTORCH, 1);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new OnlineTrainer(embedded, null, settings(TrainingAlgorithm.DEKF, 10)));
        assertTrue(e.getMessage().contains("one-hot"), e.getMessage());
        var bptt = assertThrows(IllegalArgumentException.class,
                () -> new OnlineTrainer.Settings(TrainingAlgorithm.TBPTT, LearningRateSchedule.constant(0.1), 0, null, 1, 0, 0, 0, 1));
        assertTrue(bptt.getMessage().contains("rtrl, ekf or dekf"), bptt.getMessage());
        SequenceModel m = model(4, RecurrentConfig.CellType.LSTM, 4);
        var token = assertThrows(IllegalArgumentException.class,
                () -> new OnlineTrainer(m, null, settings(TrainingAlgorithm.DEKF, 10)).fit(new int[] {0, 1, 7}, null));
        assertTrue(token.getMessage().contains("token id 7 at position 2"), token.getMessage());
    }

    @Test
    void theSoftmaxGradientIsTheDerivativeOfTheCrossEntropy() {
        double[] z = {0.3, -1.2, 2.0, 0.1};
        double[] dz = new double[4];
        double loss = OnlineTrainer.softmaxGradient(z, 2, dz);
        for (int q = 0; q < 4; q++) {
            double[] up = z.clone();
            double[] down = z.clone();
            up[q] += 1e-6;
            down[q] -= 1e-6;
            double numeric = (OnlineTrainer.softmaxGradient(up, 2, new double[4]) - OnlineTrainer.softmaxGradient(down, 2, new double[4])) / 2e-6;
            assertEquals(numeric, dz[q], 1e-8, "dz[" + q + "]");
        }
        double sum = Math.exp(0.3) + Math.exp(-1.2) + Math.exp(2.0) + Math.exp(0.1);
        assertEquals(-Math.log(Math.exp(2.0) / sum), loss, 1e-12);
    }
}
