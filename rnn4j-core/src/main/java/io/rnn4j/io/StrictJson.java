package io.rnn4j.io;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;
import java.util.HashSet;
import java.util.Set;

/**
 * Parses the JSON of a file's header or manifest as a hostile input: standard JSON only, one value
 * with nothing after it, and no object that names a key twice. Gson's own tree parser keeps the
 * last of two equal keys, so a file could say one thing to rnn4j and another to a tool that keeps
 * the first; such a file is refused instead. Nesting is limited, so a deep file cannot overflow
 * the stack of the walk that looks for duplicates. The server reads request bodies with it too.
 */
public final class StrictJson {

    /** Deeper than any header or manifest rnn4j writes (about 5 levels). */
    static final int MAX_DEPTH = 64;

    private StrictJson() {
    }

    /**
     * The JSON object in {@code text}.
     *
     * @throws IllegalArgumentException naming what is wrong (not an object, a duplicate key with its
     *                                  path, malformed JSON, or trailing content)
     */
    public static JsonObject parseObject(String text) {
        try (JsonReader in = new JsonReader(new StringReader(text))) {
            in.setStrictness(Strictness.STRICT);
            if (in.peek() != JsonToken.BEGIN_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            checkKeys(in, "", 0);
            if (in.peek() != JsonToken.END_DOCUMENT) {
                throw new IllegalArgumentException("content after the JSON object");
            }
        } catch (IOException | IllegalStateException e) {
            throw new IllegalArgumentException("malformed JSON (" + firstLine(e) + ")");
        }
        // The text is now known to be strict JSON with unique keys: Gson's tree is faithful to it.
        return JsonParser.parseString(text).getAsJsonObject();
    }

    /** Walks one value, refusing a key that its object already had and nesting beyond {@link #MAX_DEPTH}. */
    private static void checkKeys(JsonReader in, String path, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new IllegalArgumentException("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (in.peek()) {
            case BEGIN_OBJECT -> {
                Set<String> keys = new HashSet<>();
                in.beginObject();
                while (in.hasNext()) {
                    String key = in.nextName();
                    if (!keys.add(key)) {
                        throw new IllegalArgumentException("duplicate key \"" + key + "\"" + (path.isEmpty() ? "" : " in " + path));
                    }
                    checkKeys(in, path.isEmpty() ? key : path + "." + key, depth + 1);
                }
                in.endObject();
            }
            case BEGIN_ARRAY -> {
                in.beginArray();
                for (int i = 0; in.hasNext(); i++) {
                    checkKeys(in, path + "[" + i + "]", depth + 1);
                }
                in.endArray();
            }
            default -> in.skipValue();
        }
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
