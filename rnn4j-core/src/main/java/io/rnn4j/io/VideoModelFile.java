package io.rnn4j.io;

import com.google.gson.JsonObject;
import io.rnn4j.video.VideoPredictor;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A video predictor's model file, as {@code rnn4j video train} writes it: a {@link ModelFile}
 * whose manifest holds the predictor's kind and shape under {@code "video"}. Any other model file
 * is refused with one line.
 */
public final class VideoModelFile {

    static final String KEY = "video";

    private VideoModelFile() {
    }

    /** Saves atomically; {@code extra} (provenance, options) is added to the manifest. */
    public static void save(Path path, VideoPredictor predictor, JsonObject extra) throws IOException {
        JsonObject manifest = extra == null ? new JsonObject() : extra.deepCopy();
        manifest.add(KEY, predictor.toJson());
        ModelFile.save(path, predictor.model(), manifest, null);
    }

    public static VideoPredictor load(Path path) {
        return of(ModelFile.load(path), path.getFileName().toString());
    }

    /** The predictor a loaded model file holds; {@code where} names the file in messages. */
    public static VideoPredictor of(ModelFile.Loaded loaded, String where) {
        if (!loaded.manifest().has(KEY)) {
            throw new ModelFormatException(where + " is not a video predictor (its manifest has no \"" + KEY + "\" entry);"
                    + " train one with: rnn4j video train");
        }
        try {
            return VideoPredictor.fromJson(loaded.model(), loaded.manifest().getAsJsonObject(KEY));
        } catch (RuntimeException e) {
            throw new ModelFormatException(where + ": " + ModelFile.oneLine(e));
        }
    }
}
