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
