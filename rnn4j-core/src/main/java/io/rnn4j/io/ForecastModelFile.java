package io.rnn4j.io;

import com.google.gson.JsonObject;
import io.rnn4j.forecast.Forecaster;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A forecaster's model file, as {@code rnn4j forecast train} writes it: a {@link ModelFile}
 * whose manifest holds, under {@code "forecast"}, the model's kind and shape, its columns, split,
 * scaling and prediction intervals ({@link Forecaster#toJson}). Any other model file is refused
 * with one line.
 */
public final class ForecastModelFile {

    static final String KEY = "forecast";

    private ForecastModelFile() {
    }

    /** Saves atomically; {@code extra} (provenance, options) is added to the manifest. */
    public static void save(Path path, Forecaster forecaster, JsonObject extra) throws IOException {
        JsonObject manifest = extra == null ? new JsonObject() : extra.deepCopy();
        manifest.add(KEY, forecaster.toJson());
        ModelFile.save(path, forecaster.model(), manifest, null);
    }

    /** Loads and checks; every problem is a one-line {@link ModelFormatException}. */
    public static Forecaster load(Path path) {
        return of(ModelFile.load(path), path.getFileName().toString());
    }

    /** The forecaster a loaded model file holds; {@code where} names the file in messages. */
    public static Forecaster of(ModelFile.Loaded loaded, String where) {
        if (!loaded.manifest().has(KEY)) {
            throw new ModelFormatException(where + " is not a forecaster (its manifest has no \"" + KEY + "\" entry);"
                    + " train one with: rnn4j forecast train");
        }
        try {
            return Forecaster.fromJson(loaded.model(), loaded.manifest().get(KEY));
        } catch (RuntimeException e) {
            throw new ModelFormatException(where + ": " + ModelFile.oneLine(e));
        }
    }
}
