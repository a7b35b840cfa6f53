package io.rnn4j.io;

import com.google.gson.JsonObject;
import io.rnn4j.speech.SpeechRecognizer;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A speech recogniser's model file, as {@code rnn4j speech train} writes it: a {@link ModelFile}
 * whose manifest holds, under {@code "speech"}, the recogniser's model shape, features and
 * alphabet. Any other model file is refused with one line.
 */
public final class SpeechModelFile {

    static final String KEY = "speech";

    private SpeechModelFile() {
    }

    /** Saves atomically; {@code extra} (provenance, options) is added to the manifest. */
    public static void save(Path path, SpeechRecognizer recognizer, JsonObject extra) throws IOException {
        JsonObject manifest = extra == null ? new JsonObject() : extra.deepCopy();
        manifest.add(KEY, recognizer.toJson());
        ModelFile.save(path, recognizer.model(), manifest, null);
    }

    /** Loads and checks; every problem is a one-line {@link ModelFormatException}. */
    public static SpeechRecognizer load(Path path) {
        return of(ModelFile.load(path), path.getFileName().toString());
    }

    /** The recogniser a loaded model file holds; {@code where} names the file in messages. */
    public static SpeechRecognizer of(ModelFile.Loaded loaded, String where) {
        if (!loaded.manifest().has(KEY)) {
            throw new ModelFormatException(where + " is not a speech recogniser (its manifest has no \"" + KEY + "\" entry);"
                    + " train one with: rnn4j speech train");
        }
        try {
            return SpeechRecognizer.fromJson(loaded.model(), loaded.manifest().get(KEY));
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            throw new ModelFormatException(where + ": " + ModelFile.oneLine(e));
        }
    }
}
