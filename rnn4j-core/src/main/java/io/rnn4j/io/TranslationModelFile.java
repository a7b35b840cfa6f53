package io.rnn4j.io;

import com.google.gson.JsonObject;
import io.rnn4j.seq2seq.Seq2Seq;
import io.rnn4j.seq2seq.Translator;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A translation model file, as {@code rnn4j translate train} writes it: a {@link ModelFile} whose
 * graph is an encoder–decoder ({@link Seq2Seq}) and whose manifest holds, under
 * {@code "translation"}, the languages, the maximum sentence length and both vocabularies
 * (BPE merges included). Loading checks that the graph is an encoder–decoder and that the
 * vocabularies fit it, so any other file is refused with one line.
 */
public final class TranslationModelFile {

    private TranslationModelFile() {
    }

    /** Saves atomically; {@code extra} (provenance, options) is added to the manifest. */
    public static void save(Path path, Translator translator, JsonObject extra) throws IOException {
        JsonObject manifest = extra == null ? new JsonObject() : extra.deepCopy();
        manifest.add("translation", translator.toJson());
        ModelFile.save(path, translator.model().model(), manifest, null);
    }

    /** Loads and checks; every problem is a one-line {@link ModelFormatException}. */
    public static Translator load(Path path) {
        return of(ModelFile.load(path), path.getFileName().toString());
    }

    /** The translator a loaded model file holds; {@code where} names the file in messages. */
    public static Translator of(ModelFile.Loaded loaded, String where) {
        if (!loaded.manifest().has("translation")) {
            throw new ModelFormatException(where + " is not a translation model (its manifest has no \"translation\" entry);"
                    + " train one with: rnn4j translate train");
        }
        try {
            return Translator.fromJson(Seq2Seq.from(loaded.model()), loaded.manifest().get("translation"));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(where + ": " + ModelFile.oneLine(e));
        }
    }
}
