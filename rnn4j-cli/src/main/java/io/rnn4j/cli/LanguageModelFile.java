package io.rnn4j.cli;

import io.rnn4j.data.Tokenizer;
import io.rnn4j.io.ModelFile;
import io.rnn4j.nn.SequenceModel;

import java.nio.file.Path;

/** A model file written by {@code rnn4j train}: the model and the tokenizer from its manifest. */
record LanguageModelFile(SequenceModel model, Tokenizer tokenizer) {

    static LanguageModelFile load(Path path) {
        ModelFile.Loaded loaded = ModelFile.load(path);
        if (!loaded.manifest().has("tokenizer")) {
            throw new IllegalArgumentException(path.getFileName() + " has no tokenizer in its manifest; it is not a language model");
        }
        return new LanguageModelFile(loaded.model(), Tokenizer.fromJson(loaded.manifest().getAsJsonObject("tokenizer")));
    }
}
