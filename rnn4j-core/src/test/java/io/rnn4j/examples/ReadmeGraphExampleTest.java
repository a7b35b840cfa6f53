package io.rnn4j.examples;

import io.rnn4j.io.ModelFile;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.loss.Targets;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Merge;
import io.rnn4j.nn.SequenceModel.LossTerm;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.StreamingModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Adam;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Objective;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.UpdateRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's graph example ("Models are graphs"), as written there with smaller sizes: it
 * builds, learns a toy copy task through the Trainer with named inputs and targets, steps one token at a time
 * like the whole-sequence forward, and survives a model file.
 */
class ReadmeGraphExampleTest {

    @Test
    void theGraphExampleBuildsTrainsStepsAndSaves(@TempDir Path dir) throws Exception {
        int vocab = 6;
        SequenceModel encoder = SequenceModel.graph()
                .input("source", 4)
                .add("rnn", new RecurrentLayer(RecurrentConfig.gru(4, 8).bidirectional(RecurrentConfig.Merge.CONCAT),
                        RecurrentLayer.Output.FINAL_STATE), "source")
                .add("bridge", new Dense(16, 8), "rnn")
                .output("summary", "bridge");
        Embedding words = new Embedding(vocab, 8);
        SequenceModel model = SequenceModel.graph()
                .input("source", 4).input("previous", vocab)
                .add("encoder", encoder, "source")
                .add("embed", words, "previous")
                .add("joined", Merge.concat(), "embed", "encoder.summary")
                .add("decoder", new RecurrentLayer(RecurrentConfig.lstm(16, 8), RecurrentLayer.Output.SEQUENCE), "joined")
                .add("head", new Dense(8, vocab), "decoder")
                .initialize(Init.PYTORCH, 42);

        // the target is the previous token again: learnable from the decoder's own input
        SplittableRandom rng = new SplittableRandom(1);
        int steps = 5;
        int batch = 4;
        float[] source = new float[3 * batch * 4];
        int[] previous = new int[steps * batch];
        for (int i = 0; i < source.length; i++) {
            source[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < previous.length; i++) {
            previous[i] = rng.nextInt(vocab);
        }
        Map<String, Seq> inputs = Map.of(
                "source", Seq.ofValues(source, 3, batch, 4, null),
                "previous", Seq.ofTokens(previous, steps, batch, null));
        Batch example = Batch.named(inputs, Map.of("head", Targets.classes(previous)));
        Objective objective = Objective.of(new Objective.Term("head", new SoftmaxCrossEntropy(), 1.0));
        UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters())).learningRate(0.01).build();
        double first = Trainer.evaluate(model, objective, BatchSource.fixed(List.of(example)), false, 0);
        new Trainer(Bptt.full(model, objective, rule), TrainingConfig.builder().epochs(60).build())
                .fit(BatchSource.shuffled(List.of(example)), BatchSource.fixed(List.of(example)));
        double last = Trainer.evaluate(model, objective, BatchSource.fixed(List.of(example)), false, 0);
        // the same objective through the gradient alone, as the README's last sentence says
        List<LossTerm> terms = List.of(new LossTerm("head", new SoftmaxCrossEntropy(), Targets.classes(previous), 1.0));
        assertEquals(last, model.gradient(inputs, terms, new ForwardContext(false, null, Map.of())).loss(), 1e-6);
        assertTrue(first > 1.5 && last < 0.5 * first, "cross-entropy " + first + " -> " + last);

        float[] whole = model.forward(inputs, ForwardContext.inference()).output().values;
        StreamingModel beams = new StreamingModel(model, batch, null, java.util.Set.of("source"));
        float[] stepped = new float[whole.length];
        for (int t = 0; t < steps; t++) {
            Seq token = Seq.ofTokens(Arrays.copyOfRange(previous, t * batch, (t + 1) * batch), 1, batch, null);
            Seq out = beams.step(Map.of("source", inputs.get("source"), "previous", token)).get("head");
            System.arraycopy(out.values, 0, stepped, t * batch * vocab, batch * vocab);
        }
        assertArrayEquals(whole, stepped, 1e-5f);

        Path file = dir.resolve("translator.rnn4j");
        ModelFile.save(file, model, null, null);
        SequenceModel loaded = ModelFile.load(file).model();
        assertEquals(model.parameters().names(), loaded.parameters().names());
        assertArrayEquals(whole, loaded.forward(inputs, ForwardContext.inference()).output().values, 0f);
    }
}
