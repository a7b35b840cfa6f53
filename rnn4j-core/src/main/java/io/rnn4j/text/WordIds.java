package io.rnn4j.text;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The word table of a tagger, over words that are already tokens (a CoNLL column, Brown's
 * word/tag): a word is looked up lower-cased (Locale.ROOT) with every digit made 0 ("1987" and
 * "2001" share "0000", as Lample et al. 2016 do), so the table generalises; the character encoder
 * still sees the word as written. Id 0 is the unknown word; the rest are the training words seen
 * at least {@code minCount} times, most frequent first (ties by first appearance), at most
 * {@code max}.
 */
public final class WordIds {

    public static final String UNK = "<unk>";

    private final List<String> words;
    private final Map<String, Integer> ids = new HashMap<>();

    private WordIds(List<String> words) {
        this.words = List.copyOf(words);
        for (int i = 0; i < words.size(); i++) {
            ids.put(words.get(i), i);
        }
    }

    public static String normalize(String word) {
        StringBuilder s = new StringBuilder(word.length());
        word.toLowerCase(Locale.ROOT).codePoints().forEach(cp -> s.appendCodePoint(Character.isDigit(cp) ? '0' : cp));
        return s.toString();
    }

    public static WordIds of(Iterable<List<String>> sentences, int minCount, int max) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (List<String> s : sentences) {
            for (String w : s) {
                counts.merge(normalize(w), 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> ranked = new ArrayList<>(counts.entrySet());
        ranked.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
        List<String> words = new ArrayList<>();
        words.add(UNK);
        for (Map.Entry<String, Integer> e : ranked) {
            if (words.size() >= max || e.getValue() < minCount) {
                break;
            }
            if (!e.getKey().equals(UNK)) {
                words.add(e.getKey());
            }
        }
        return new WordIds(words);
    }

    public int size() {
        return words.size();
    }

    public int id(String word) {
        return ids.getOrDefault(normalize(word), 0);
    }

    public String word(int id) {
        return words.get(id);
    }

    public JsonArray toJson() {
        JsonArray a = new JsonArray();
        words.forEach(a::add);
        return a;
    }

    public static WordIds fromJson(JsonElement json) {
        if (json == null || !json.isJsonArray() || json.getAsJsonArray().isEmpty()) {
            throw new IllegalArgumentException("the tagger's \"words\" must be a non-empty array");
        }
        List<String> words = new ArrayList<>();
        for (JsonElement e : json.getAsJsonArray()) {
            words.add(e.getAsString());
        }
        if (!words.get(0).equals(UNK)) {
            throw new IllegalArgumentException("the tagger's word table must start with " + UNK);
        }
        return new WordIds(words);
    }
}
