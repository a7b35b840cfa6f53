package io.rnn4j.text;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The characters a tagger's character encoder knows: id 0 is padding, id 1 an unknown character,
 * then the characters (Unicode code points) of the training words, most frequent first (ties by
 * first appearance). Case is kept: capitals are what tells names apart.
 */
public final class CharIds {

    private final List<String> chars;
    private final Map<String, Integer> ids = new HashMap<>();

    private CharIds(List<String> chars) {
        this.chars = List.copyOf(chars);
        for (int i = 0; i < chars.size(); i++) {
            ids.put(chars.get(i), i + 2);
        }
    }

    /** The characters of {@code words}, at most {@code max} of them. */
    public static CharIds of(Iterable<List<String>> sentences, int max) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (List<String> s : sentences) {
            for (String w : s) {
                w.codePoints().forEach(cp -> counts.merge(new String(Character.toChars(cp)), 1, Integer::sum));
            }
        }
        List<Map.Entry<String, Integer>> ranked = new ArrayList<>(counts.entrySet());
        ranked.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
        List<String> chars = new ArrayList<>();
        for (Map.Entry<String, Integer> e : ranked) {
            if (chars.size() >= max) {
                break;
            }
            chars.add(e.getKey());
        }
        return new CharIds(chars);
    }

    /** Ids including padding and unknown. */
    public int size() {
        return chars.size() + 2;
    }

    /**
     * Writes the ids of the first {@code width} characters of {@code word} into {@code out} from
     * {@code offset}, then zeros to {@code width}.
     */
    public void encode(String word, float[] out, int offset, int width) {
        int j = 0;
        for (int i = 0; i < word.length() && j < width; j = j + 1) {
            int cp = word.codePointAt(i);
            out[offset + j] = ids.getOrDefault(new String(Character.toChars(cp)), 1);
            i += Character.charCount(cp);
        }
        for (; j < width; j++) {
            out[offset + j] = 0;
        }
    }

    public JsonArray toJson() {
        JsonArray a = new JsonArray();
        chars.forEach(a::add);
        return a;
    }

    public static CharIds fromJson(JsonElement json) {
        if (json == null || !json.isJsonArray()) {
            throw new IllegalArgumentException("the tagger's \"chars\" must be an array of characters");
        }
        List<String> chars = new ArrayList<>();
        for (JsonElement e : json.getAsJsonArray()) {
            String c = e.getAsString();
            if (c.codePointCount(0, c.length()) != 1) {
                throw new IllegalArgumentException("the tagger's character " + chars.size() + " is not one character: '" + c + "'");
            }
            chars.add(c);
        }
        return new CharIds(chars);
    }
}
