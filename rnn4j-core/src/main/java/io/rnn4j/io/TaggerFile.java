package io.rnn4j.io;

import com.google.gson.JsonObject;
import io.rnn4j.text.Tagger;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A sequence tagger's model file, as {@code rnn4j tag train} writes it: a {@link ModelFile}
 * whose manifest holds, under {@code "tagger"}, the tagger's config, tags, word table and
 * characters. Any other model file is refused with one line.
 */
public final class TaggerFile {

    static final String KEY = "tagger";

    private TaggerFile() {
    }

    /** Saves atomically; {@code extra} (provenance, options) is added to the manifest. */
    public static void save(Path path, Tagger tagger, JsonObject extra) throws IOException {
        JsonObject manifest = extra == null ? new JsonObject() : extra.deepCopy();
        manifest.add(KEY, tagger.toJson());
        ModelFile.save(path, tagger.model(), manifest, null);
    }

    /** Loads and checks; every problem is a one-line {@link ModelFormatException}. */
    public static Tagger load(Path path) {
        return of(ModelFile.load(path), path.getFileName().toString());
    }

    /** The tagger a loaded model file holds; {@code where} names the file in messages. */
    public static Tagger of(ModelFile.Loaded loaded, String where) {
        if (!loaded.manifest().has(KEY)) {
            throw new ModelFormatException(where + " is not a tagger (its manifest has no \"" + KEY + "\" entry);"
                    + " train one with: rnn4j tag train");
        }
        try {
            return Tagger.fromJson(loaded.model(), loaded.manifest().get(KEY));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(where + ": " + ModelFile.oneLine(e));
        }
    }
}
