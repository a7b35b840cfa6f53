package io.rnn4j.data;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Text ↔ token ids, saved in a model's manifest so the model file alone can encode and decode. */
public interface Tokenizer {

    /** {@code char} or {@code word}. */
    String kind();

    int size();

    int[] encode(String text);

    /** The text of one token. */
    String decode(int id);

    /**
     * The text that token {@code id} adds after token {@code previous} (−1 at the start): the
     * token itself, with whatever separator the tokenizer's convention puts before it.
     */
    String piece(int previous, int id);

    /** Joins tokens as the tokenizer's text convention wants (no spaces for characters). */
    default String join(int[] ids) {
        StringBuilder sb = new StringBuilder();
        int previous = -1;
        for (int id : ids) {
            sb.append(piece(previous, id));
            previous = id;
        }
        return sb.toString();
    }

    JsonObject toJson();

    /**
     * Reads a tokenizer written by {@link #toJson()}, checking every field's type, since it comes
     * from a file.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    static Tokenizer fromJson(JsonElement json) {
        if (json == null || !json.isJsonObject()) {
            throw new IllegalArgumentException("the tokenizer must be a JSON object, got " + describe(json));
        }
        JsonObject o = json.getAsJsonObject();
        String kind = string(o, "kind");
        switch (kind) {
            case "char":
                return CharVocabulary.fromJson(o);
            case "word":
                return WordVocabulary.fromJson(o);
            default:
                throw new IllegalArgumentException("unknown tokenizer kind '" + kind + "' (char or word)");
        }
    }

    /** The string field {@code key} of {@code o}. */
    static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("the tokenizer's \"" + key + "\" must be a string, got " + describe(e));
        }
        return e.getAsString();
    }

    /** What a JSON value is, for messages: "missing", "a number", "an array", ... */
    static String describe(JsonElement e) {
        if (e == null) {
            return "nothing (missing)";
        }
        if (e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        var p = e.getAsJsonPrimitive();
        return p.isString() ? "a string" : p.isBoolean() ? "a boolean" : "a number";
    }
}
