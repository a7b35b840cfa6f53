package io.rnn4j.io;

import io.rnn4j.data.Tokenizer;
import io.rnn4j.nn.SequenceModel;

import java.nio.file.Path;

/**
 * A language model file, as {@code rnn4j train} writes it: a {@link ModelFile} whose manifest also
 * holds the {@code tokenizer} that turns text into the model's token ids and back. Loading checks
 * what the two must agree on, so a damaged or mismatched file is refused with one line instead of
 * failing later, mid-sample: the tokenizer's fields have the right types, and its vocabulary size
 * equals both the model's input size and its output size.
 *
 * @param model     the network
 * @param tokenizer the text ↔ id mapping it was trained with
 * @param file      everything else the file held (manifest, streaming states, checksum flag)
 */
public record LanguageModelFile(SequenceModel model, Tokenizer tokenizer, ModelFile.Loaded file) {

    /** Loads and checks a language model file; every problem is a one-line {@link ModelFormatException}. */
    public static LanguageModelFile load(Path path) {
        return of(ModelFile.load(path), path.getFileName().toString());
    }

    /**
     * Checks that a loaded model file is a language model and reads its tokenizer.
     *
     * @param where the file's name, for messages
     */
    public static LanguageModelFile of(ModelFile.Loaded loaded, String where) {
        if (!loaded.manifest().has("tokenizer")) {
            throw new ModelFormatException(where + " has no tokenizer in its manifest; it is not a language model");
        }
        Tokenizer tokenizer;
        try {
            tokenizer = Tokenizer.fromJson(loaded.manifest().get("tokenizer"));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(where + ": " + ModelFile.oneLine(e));
        }
        SequenceModel model = loaded.model();
        int vocab = tokenizer.size();
        if (model.inputSize() != vocab || model.outputSize() != vocab) {
            throw new ModelFormatException(where + ": the tokenizer has " + vocab + " tokens, but the model reads "
                    + model.inputSize() + " and predicts " + model.outputSize() + "; the two must match");
        }
        return new LanguageModelFile(model, tokenizer, loaded);
    }
}
