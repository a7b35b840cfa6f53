package io.rnn4j.train;

import io.rnn4j.train.UpdateRule;
import io.rnn4j.data.LanguageModelBatches;
import io.rnn4j.io.Checkpoint;
import io.rnn4j.io.ModelFormatException;
import io.rnn4j.io.SafeTensors;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Dropout;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.RecurrentState;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Adam;
import io.rnn4j.optim.LearningRateSchedule;
import io.rnn4j.optim.Optimizer;
import io.rnn4j.optim.Sgd;
import io.rnn4j.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run stopped at a batch boundary, written to a checkpoint file, loaded into fresh objects and
 * resumed ends with bit-identical weights to the run that was never stopped: dropout, carried
 * LSTM state, Adam moments, the cosine schedule, validation and best-weight tracking included.
 * (The command-line test kills a real process with SIGKILL.)
 */
class CheckpointResumeTest {

    private static final int VOCAB = 7;

    static SequenceModel model() {
        return new SequenceModel(VOCAB)
                .add("embed", new Embedding(VOCAB, 6))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(6, 12).layers(2).dropout(0.3f), RecurrentLayer.Output.SEQUENCE))
                .add("drop", new Dropout(0.3f))
                .add("head", new Dense(12, VOCAB))
                .initialize(Init.PYTORCH, 5);
    }

    static int[] text(int n) {
        SplittableRandom r = new SplittableRandom(3);
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = i % 5 == 0 ? r.nextInt(VOCAB) : (t[Math.max(0, i - 1)] + 1) % VOCAB;
        }
        return t;
    }

    static TrainingConfig.Builder config() {
        return TrainingConfig.builder().epochs(3).carryState(true).validateEvery(5).seed(11);
    }

    /** Truncated BPTT(8; 8) with {@code optimizer} on a cosine schedule, clipped at 5. */
    static Bptt strategy(SequenceModel m, Optimizer optimizer) {
        UpdateRule rule = UpdateRule.of(optimizer).schedule(LearningRateSchedule.cosine(0.01, 60, 0.001)).clipNorm(5).build();
        return Bptt.truncated(m, new SoftmaxCrossEntropy(), rule, 8, 8);
    }

    private final List<Batch> train = LanguageModelBatches.of(text(700), 8, 4);
    private final BatchSource validation = BatchSource.fixed(LanguageModelBatches.of(text(120), 8, 2));

    private float[] uninterrupted(Function<SequenceModel, Optimizer> optimizer) {
        SequenceModel m = model();
        new Trainer(strategy(m, optimizer.apply(m)), config().build()).fit(BatchSource.fixed(train), validation);
        return m.parameters().values().clone();
    }

    private float[] stoppedAndResumed(Function<SequenceModel, Optimizer> optimizer, long stopAt, Path file) throws IOException {
        SequenceModel m = model();
        Trainer first = new Trainer(strategy(m, optimizer.apply(m)), config().build());
        List<TrainingState> saved = new ArrayList<>();
        first.checkpointing(7, 0, saved::add);
        first.addListener(metrics -> {
            if (metrics.step() == stopAt && !metrics.hasValidation()) {
                first.requestStop();
            }
        });
        TrainingResult r1 = first.fit(BatchSource.fixed(train), validation);
        assertTrue(r1.interrupted());
        assertEquals(stopAt, r1.steps());
        TrainingState last = saved.get(saved.size() - 1);
        assertEquals(stopAt, last.updates());
        Checkpoint.save(file, m, last, null);

        Checkpoint.Loaded loaded = Checkpoint.load(file);
        SequenceModel resumedModel = loaded.model();
        Trainer second = new Trainer(strategy(resumedModel, optimizer.apply(resumedModel)), config().build());
        TrainingResult r2 = second.fit(BatchSource.fixed(train), validation, loaded.state());
        assertFalse(r2.interrupted());
        return resumedModel.parameters().values().clone();
    }

    @Test
    void resumingFromACheckpointFileGivesTheSameWeightsAsNeverStopping(@TempDir Path dir) throws IOException {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(2);
            float[] reference = uninterrupted(m -> Adam.adam(m.parameters()));
            // mid-epoch, between validations; right after a validation; and at an epoch's last batch
            for (long stopAt : new long[]{13, 20, train.size()}) {
                float[] resumed = stoppedAndResumed(m -> Adam.adam(m.parameters()), stopAt, dir.resolve("run-" + stopAt + ".ckpt"));
                assertArrayEquals(reference, resumed, "stopped at update " + stopAt);
            }
            float[] sgd = uninterrupted(m -> Sgd.nesterov(m.parameters(), 0.9));
            assertArrayEquals(sgd, stoppedAndResumed(m -> Sgd.nesterov(m.parameters(), 0.9), 17, dir.resolve("sgd.ckpt")));
            assertFalse(Arrays.equals(reference, sgd), "the two optimizers must train differently");
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void periodicCheckpointsComeAtTheRequestedInterval() {
        SequenceModel m = model();
        Trainer t = new Trainer(strategy(m, Adam.adam(m.parameters())), config().maxSteps(30).build());
        List<Long> at = new ArrayList<>();
        t.checkpointing(7, 0, s -> at.add(s.updates()));
        t.fit(BatchSource.fixed(train), validation);
        assertEquals(List.of(7L, 14L, 21L, 28L), at);
    }

    @Test
    void aStateForAnotherOptimizerIsRefused(@TempDir Path dir) throws IOException {
        SequenceModel m = model();
        Trainer t = new Trainer(strategy(m, Adam.adam(m.parameters())), config().maxSteps(5).build());
        List<TrainingState> saved = new ArrayList<>();
        t.checkpointing(5, 0, saved::add);
        t.requestStop();
        t.fit(BatchSource.fixed(train), validation);
        TrainingState s = saved.get(0);
        SequenceModel m2 = model();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () ->
                new Trainer(strategy(m2, Sgd.momentum(m2.parameters(), 0.9)), config().build())
                        .fit(BatchSource.fixed(train), validation, s));
        assertTrue(e.getMessage().contains("another optimizer"), e.getMessage());
    }

    @Test
    void truncatedOrForeignCheckpointFilesGiveOneLineErrors(@TempDir Path dir) throws IOException {
        SequenceModel m = model();
        Trainer t = new Trainer(strategy(m, Adam.adam(m.parameters())), config().build());
        List<TrainingState> saved = new ArrayList<>();
        t.checkpointing(3, 0, saved::add);
        t.requestStop();
        t.fit(BatchSource.fixed(train), validation);
        Path file = dir.resolve("a.ckpt");
        Checkpoint.save(file, m, saved.get(0), null);
        byte[] bytes = Files.readAllBytes(file);
        for (int cut : new int[]{0, 7, 100, bytes.length / 2, bytes.length - 1}) {
            Path p = dir.resolve("cut" + cut);
            Files.write(p, Arrays.copyOf(bytes, cut));
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> Checkpoint.load(p));
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        Path model = dir.resolve("m.rnn4j");
        io.rnn4j.io.ModelFile.save(model, m, null, null);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Checkpoint.load(model));
        assertTrue(e.getMessage().contains("not an rnn4j checkpoint"), e.getMessage());
        ModelFormatException e2 = assertThrows(ModelFormatException.class, () -> io.rnn4j.io.ModelFile.load(file));
        assertTrue(e2.getMessage().contains("not an rnn4j model file"), e2.getMessage());
    }

    @Test
    void carriedStatesComeBackWithTheirShapeAndOlderFlatOnesGetTheLayersHiddenSize(@TempDir Path dir) throws IOException {
        SequenceModel m = model();
        Trainer t = new Trainer(strategy(m, Adam.adam(m.parameters())), config().build());
        List<TrainingState> saved = new ArrayList<>();
        t.checkpointing(3, 0, saved::add);
        t.fit(BatchSource.fixed(train), validation);
        TrainingState state = saved.get(0);
        RecurrentState carried = state.carriedStates().get("rnn");
        assertEquals(4, carried.batch());
        assertEquals(12, carried.hidden());
        assertEquals(2, carried.layers());
        assertEquals(2, carried.stateCount());
        Path file = dir.resolve("shaped.ckpt");
        Checkpoint.save(file, m, state, null);
        RecurrentState shaped = Checkpoint.load(file).state().carriedStates().get("rnn");
        assertEquals(4, shaped.batch());
        assertEquals(12, shaped.hidden());
        assertArrayEquals(carried.get(1, 1), shaped.get(1, 1));

        // Checkpoints before the state had a shape stored each block flat (B·H).
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, Tensor> flat = new LinkedHashMap<>();
        c.tensors().forEach((name, tensor) -> flat.put(name,
                name.startsWith("carry.") ? new Tensor(tensor.data(), tensor.data().length) : tensor));
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.remove(SafeTensors.CHECKSUM_KEY);
        Path old = dir.resolve("flat.ckpt");
        SafeTensors.write(old, flat, meta);
        RecurrentState fromFlat = Checkpoint.load(old).state().carriedStates().get("rnn");
        assertEquals(4, fromFlat.batch());
        assertEquals(12, fromFlat.hidden());
        assertArrayEquals(carried.get(0, 0), fromFlat.get(0, 0));
    }
}
