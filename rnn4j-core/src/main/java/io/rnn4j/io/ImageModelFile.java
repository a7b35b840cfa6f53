package io.rnn4j.io;

import com.google.gson.JsonObject;
import io.rnn4j.data.image.ImageClassifier;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An image classifier's model file, as {@code rnn4j image train} writes it: a {@link ModelFile}
 * whose manifest holds, under {@code "image"}, the architecture, the image shape, the
 * normalisation and the class names. Any other model file is refused with one line.
 */
public final class ImageModelFile {

    private ImageModelFile() {
    }

    /** Saves atomically; {@code extra} (provenance, options) is added to the manifest. */
    public static void save(Path path, ImageClassifier classifier, JsonObject extra) throws IOException {
        JsonObject manifest = extra == null ? new JsonObject() : extra.deepCopy();
        manifest.add("image", classifier.toJson());
        ModelFile.save(path, classifier.model(), manifest, null);
    }

    /** Loads and checks; every problem is a one-line {@link ModelFormatException}. */
    public static ImageClassifier load(Path path) {
        return of(ModelFile.load(path), path.getFileName().toString());
    }

    /** The classifier a loaded model file holds; {@code where} names the file in messages. */
    public static ImageClassifier of(ModelFile.Loaded loaded, String where) {
        if (!loaded.manifest().has("image")) {
            throw new ModelFormatException(where + " is not an image model (its manifest has no \"image\" entry);"
                    + " train one with: rnn4j image train");
        }
        try {
            return ImageClassifier.fromJson(loaded.model(), loaded.manifest().get("image"));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(where + ": " + ModelFile.oneLine(e));
        }
    }
}
