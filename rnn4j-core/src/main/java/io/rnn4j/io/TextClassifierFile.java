package io.rnn4j.io;

import com.google.gson.JsonObject;
import io.rnn4j.text.TextClassifier;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A text classifier's model file, as {@code rnn4j classify train} writes it: a {@link ModelFile}
 * whose manifest holds, under {@code "text_classifier"}, the classifier's config, class names and
 * vocabulary. Any other model file is refused with one line.
 */
public final class TextClassifierFile {

    static final String KEY = "text_classifier";

    private TextClassifierFile() {
    }

    /** Saves atomically; {@code extra} (provenance, options) is added to the manifest. */
    public static void save(Path path, TextClassifier classifier, JsonObject extra) throws IOException {
        JsonObject manifest = extra == null ? new JsonObject() : extra.deepCopy();
        manifest.add(KEY, classifier.toJson());
        ModelFile.save(path, classifier.model(), manifest, null);
    }

    /** Loads and checks; every problem is a one-line {@link ModelFormatException}. */
    public static TextClassifier load(Path path) {
        return of(ModelFile.load(path), path.getFileName().toString());
    }

    /** The classifier a loaded model file holds; {@code where} names the file in messages. */
    public static TextClassifier of(ModelFile.Loaded loaded, String where) {
        if (!loaded.manifest().has(KEY)) {
            throw new ModelFormatException(where + " is not a text classifier (its manifest has no \"" + KEY + "\" entry);"
                    + " train one with: rnn4j classify train");
        }
        try {
            return TextClassifier.fromJson(loaded.model(), loaded.manifest().get(KEY));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(where + ": " + ModelFile.oneLine(e));
        }
    }
}
