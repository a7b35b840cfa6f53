package io.rnn4j.spark;

import com.google.gson.JsonObject;
import io.rnn4j.data.CharVocabulary;
import io.rnn4j.io.ModelFile;
import io.rnn4j.io.TextClassifierFile;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.text.ClassifierConfig;
import io.rnn4j.text.TextClassifier;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small untrained models and texts for the tests; scoring needs no trained weights to be checked. */
final class TestModels {

    static final String CHARS = "abcdefgh .\n";

    private TestModels() {
    }

    /** A character language model (embedding, 2-layer LSTM, dense head) saved as {@code rnn4j train} saves one. */
    static Path languageModel(Path dir) throws IOException {
        int vocab = CHARS.length();
        SequenceModel model = new SequenceModel(vocab)
                .add("embed", new Embedding(vocab, 6))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(6, 12).layers(2), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(12, vocab))
                .initialize(Init.PYTORCH, 7);
        JsonObject extra = new JsonObject();
        extra.add("tokenizer", CharVocabulary.of(CHARS).toJson());
        Path file = dir.resolve("lm.rnn4j");
        ModelFile.save(file, model, extra, null);
        return file;
    }

    /** A bag-of-words text classifier over the words of {@link #texts}, two classes. */
    static Path classifier(Path dir, List<String> texts) throws IOException {
        TextClassifier c = TextClassifier.create(ClassifierConfig.defaults(), texts, List.of("neg", "pos"), 1, 1000);
        c.model().initialize(Init.PYTORCH, 3);
        Path file = dir.resolve("classifier.rnn4j");
        TextClassifierFile.save(file, c, null);
        return file;
    }

    /** {@code n} texts of 0 to 40 characters of {@link #CHARS} (no newline). */
    static List<String> texts(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = r.nextInt(41);
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < len; k++) {
                sb.append(CHARS.charAt(r.nextInt(CHARS.length() - 1)));
            }
            out.add(sb.toString());
        }
        return out;
    }
}
