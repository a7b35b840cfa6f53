package io.rnn4j.data;

import com.google.gson.JsonObject;

/** Text ↔ token ids, saved in a model's manifest so the model file alone can encode and decode. */
public interface Tokenizer {

    /** {@code char} or {@code word}. */
    String kind();

    int size();

    int[] encode(String text);

    /** The text of one token. */
    String decode(int id);

    /** Joins decoded tokens as the tokenizer's text convention wants (no spaces for characters). */
    String join(int[] ids);

    JsonObject toJson();

    /** Reads a tokenizer written by {@link #toJson()}. */
    static Tokenizer fromJson(JsonObject o) {
        String kind = o.get("kind").getAsString();
        switch (kind) {
            case "char":
                return CharVocabulary.fromJson(o);
            case "word":
                return WordVocabulary.fromJson(o);
            default:
                throw new IllegalArgumentException("unknown tokenizer kind '" + kind + "'");
        }
    }
}
