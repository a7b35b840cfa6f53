package io.rnn4j.data;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * A character vocabulary over Unicode code points: a Chinese character, an emoji or any other
 * non-BMP character is one token. Ids follow code-point order, so the vocabulary of a text is
 * deterministic.
 */
public final class CharVocabulary implements Tokenizer {

    private final int[] codePoints;
    private final Map<Integer, Integer> ids = new HashMap<>();

    public CharVocabulary(int[] codePoints) {
        this.codePoints = codePoints.clone();
        for (int i = 0; i < codePoints.length; i++) {
            if (ids.put(codePoints[i], i) != null) {
                throw new IllegalArgumentException("duplicate character U+" + Integer.toHexString(codePoints[i]));
            }
        }
    }

    /** The vocabulary of every code point in the text. */
    public static CharVocabulary of(String text) {
        TreeSet<Integer> set = new TreeSet<>();
        text.codePoints().forEach(set::add);
        return new CharVocabulary(set.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    public String kind() {
        return "char";
    }

    @Override
    public String piece(int previous, int id) {
        return decode(id);
    }

    @Override
    public com.google.gson.JsonObject toJson() {
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        o.addProperty("kind", "char");
        o.addProperty("vocabulary", asString());
        return o;
    }

    static CharVocabulary fromJson(com.google.gson.JsonObject o) {
        int[] codePoints = Tokenizer.string(o, "vocabulary").codePoints().toArray();
        if (codePoints.length == 0) {
            throw new IllegalArgumentException("the tokenizer's character vocabulary is empty");
        }
        return new CharVocabulary(codePoints);
    }

    @Override
    public int size() {
        return codePoints.length;
    }

    /** Token ids of the text; a character outside the vocabulary is an error naming it. */
    @Override
    public int[] encode(String text) {
        return text.codePoints().map(cp -> {
            Integer id = ids.get(cp);
            if (id == null) {
                throw new IllegalArgumentException("character '" + new String(Character.toChars(cp)) + "' (U+"
                        + Integer.toHexString(cp).toUpperCase() + ") is not in the vocabulary");
            }
            return id;
        }).toArray();
    }

    @Override
    public String decode(int id) {
        return new String(Character.toChars(codePoints[id]));
    }

    /** The vocabulary as a string of its characters, in id order (for model manifests). */
    public String asString() {
        StringBuilder sb = new StringBuilder();
        for (int cp : codePoints) {
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    public int[] codePoints() {
        return Arrays.copyOf(codePoints, codePoints.length);
    }
}
