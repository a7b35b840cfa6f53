package io.rnn4j.io;

import com.google.gson.JsonObject;
import io.rnn4j.caption.CaptionModel;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A captioner's model file, as {@code rnn4j caption train} writes it: a {@link ModelFile} whose
 * manifest holds, under {@code "caption"}, the model kind, the picture shape, the normalisation
 * and the vocabulary. Any other model file is refused with one line.
 */
public final class CaptionModelFile {

    private CaptionModelFile() {
    }

    /** Saves atomically; {@code extra} (provenance, options) is added to the manifest. */
    public static void save(Path path, CaptionModel model, JsonObject extra) throws IOException {
        JsonObject manifest = extra == null ? new JsonObject() : extra.deepCopy();
        manifest.add("caption", model.toJson());
        ModelFile.save(path, model.model(), manifest, null);
    }

    /** Loads and checks; every problem is a one-line {@link ModelFormatException}. */
    public static CaptionModel load(Path path) {
        return of(ModelFile.load(path), path.getFileName().toString());
    }

    /** The captioner a loaded model file holds; {@code where} names the file in messages. */
    public static CaptionModel of(ModelFile.Loaded loaded, String where) {
        if (!loaded.manifest().has("caption")) {
            throw new ModelFormatException(where + " is not a captioning model (its manifest has no \"caption\" entry);"
                    + " train one with: rnn4j caption train");
        }
        try {
            return CaptionModel.fromJson(loaded.model(), loaded.manifest().get("caption"));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(where + ": " + ModelFile.oneLine(e));
        }
    }
}
