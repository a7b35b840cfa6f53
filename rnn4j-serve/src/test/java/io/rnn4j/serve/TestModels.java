package io.rnn4j.serve;

import com.google.gson.JsonObject;
import io.rnn4j.data.CharVocabulary;
import io.rnn4j.io.ModelFile;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;

import java.io.IOException;
import java.nio.file.Path;

/** Small language model files for the server tests. */
final class TestModels {

    static final String CHARS = "abcdefgh ";

    private TestModels() {
    }

    /** A 2-layer LSTM character model over {@link #CHARS}, random weights (seeded). */
    static SequenceModel charModel(long seed) {
        int v = CHARS.length();
        return new SequenceModel(v)
                .add("embed", new Embedding(v, 6))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(6, 16).layers(2), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(16, v))
                .initialize(Init.PYTORCH, seed);
    }

    static Path write(Path dir, String name, long seed) throws IOException {
        Path file = dir.resolve(name + ".model");
        JsonObject extra = new JsonObject();
        extra.add("tokenizer", CharVocabulary.of(CHARS).toJson());
        ModelFile.save(file, charModel(seed), extra, null);
        return file;
    }
}
