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
 * builds, learns a toy copy task through the weighted-loss gradient, steps one token at a time
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
        List<LossTerm> terms = List.of(new LossTerm("head", new SoftmaxCrossEntropy(), Targets.classes(previous), 1.0));
        Adam adam = Adam.adam(model.parameters());
        double first = 0;
        double last = 0;
        for (int update = 0; update < 60; update++) {
            model.parameters().zeroGrad();
            last = model.gradient(inputs, terms, new ForwardContext(false, null, Map.of())).loss();
            if (update == 0) {
                first = last;
            }
            adam.step(0.01);
        }
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
