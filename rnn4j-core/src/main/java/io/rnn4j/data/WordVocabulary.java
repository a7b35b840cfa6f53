package io.rnn4j.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word vocabulary: the text is split into words (letters, digits, inner apostrophes and
 * hyphens), single punctuation marks and line breaks. Words seen fewer than {@code minCount}
 * times, or beyond the {@code maxSize} most frequent, become {@code <unk>} (id 0). Ties in
 * frequency are broken by first appearance, so the vocabulary of a text is deterministic. A
 * literal {@code <unk>} in the text (as in the Penn Treebank files) is the unknown word. With
 * {@code lowercase}, text is lower-cased (Locale.ROOT) before it is split, when building and when
 * encoding.
 */
public final class WordVocabulary implements Tokenizer {

    public static final String UNK = "<unk>";
    public static final String NEWLINE = "\n";
    private static final Pattern TOKEN = Pattern.compile("<unk>|[\\p{L}\\p{N}]+(?:['’\\-][\\p{L}\\p{N}]+)*|\\n|[^\\s]");

    private final List<String> words;
    private final boolean lowercase;
    private final Map<String, Integer> ids = new HashMap<>();

    private WordVocabulary(List<String> words, boolean lowercase) {
        this.words = List.copyOf(words);
        this.lowercase = lowercase;
        for (int i = 0; i < words.size(); i++) {
            if (ids.put(words.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate word '" + words.get(i) + "' in the vocabulary");
            }
        }
        if (!UNK.equals(words.get(0))) {
            throw new IllegalArgumentException("a word vocabulary starts with " + UNK);
        }
    }

    /** Splits text into tokens (words, punctuation marks, line breaks). */
    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /**
     * Builds the vocabulary of a text.
     *
     * @param minCount words seen fewer times become {@code <unk>} (≥ 1)
     * @param maxSize  at most this many entries including {@code <unk>} (≥ 2)
     */
    public static WordVocabulary of(String text, int minCount, int maxSize) {
        return of(text, minCount, maxSize, false);
    }

    /** As {@link #of(String, int, int)}, lower-casing the text first when {@code lowercase}. */
    public static WordVocabulary of(String text, int minCount, int maxSize, boolean lowercase) {
        if (lowercase) {
            text = text.toLowerCase(java.util.Locale.ROOT);
        }
        if (minCount < 1 || maxSize < 2) {
            throw new IllegalArgumentException("need min count >= 1 and vocabulary cap >= 2, got " + minCount + ", " + maxSize);
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String w : split(text)) {
            counts.merge(w, 1, Integer::sum);
        }
        List<Map.Entry<String, Integer>> ranked = new ArrayList<>(counts.entrySet());
        ranked.sort((a, b) -> Integer.compare(b.getValue(), a.getValue())); // stable: first appearance breaks ties
        List<String> words = new ArrayList<>();
        words.add(UNK);
        for (Map.Entry<String, Integer> e : ranked) {
            if (words.size() >= maxSize || e.getValue() < minCount) {
                break;
            }
            if (!e.getKey().equals(UNK)) {
                words.add(e.getKey());
            }
        }
        return new WordVocabulary(words, lowercase);
    }

    public boolean lowercase() {
        return lowercase;
    }

    @Override
    public String kind() {
        return "word";
    }

    @Override
    public int size() {
        return words.size();
    }

    /** Token ids; unknown words map to {@code <unk>} (0). */
    @Override
    public int[] encode(String text) {
        return ids(tokens(text));
    }

    /** The tokens of a text as this vocabulary splits it (lower-cased first when it is lower-case). */
    public List<String> tokens(String text) {
        return split(lowercase ? text.toLowerCase(java.util.Locale.ROOT) : text);
    }

    /** The id of every token; tokens outside the vocabulary are {@code <unk>} (0). */
    public int[] ids(List<String> tokens) {
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ids.getOrDefault(tokens.get(i), 0);
        }
        return out;
    }

    @Override
    public String decode(int id) {
        return words.get(id);
    }

    /** A space before a word unless it starts the text or a line; none before punctuation or line breaks. */
    @Override
    public String piece(int previous, int id) {
        String w = words.get(id);
        boolean word = Character.isLetterOrDigit(w.codePointAt(0)) || w.equals(UNK);
        boolean afterBreak = previous < 0 || words.get(previous).equals(NEWLINE);
        return word && !afterBreak ? " " + w : w;
    }

    @Override
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", "word");
        if (lowercase) {
            o.addProperty("lowercase", true);
        }
        JsonArray a = new JsonArray();
        words.forEach(a::add);
        o.add("words", a);
        return o;
    }

    static WordVocabulary fromJson(JsonObject o) {
        JsonElement list = o.get("words");
        if (list == null || !list.isJsonArray() || list.getAsJsonArray().isEmpty()) {
            throw new IllegalArgumentException("the tokenizer's \"words\" must be a non-empty array of strings, got "
                    + Tokenizer.describe(list));
        }
        List<String> words = new ArrayList<>();
        for (JsonElement e : list.getAsJsonArray()) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException("the tokenizer's word " + words.size() + " must be a string, got "
                        + Tokenizer.describe(e));
            }
            words.add(e.getAsString());
        }
        JsonElement lower = o.get("lowercase");
        if (lower != null && !(lower.isJsonPrimitive() && lower.getAsJsonPrimitive().isBoolean())) {
            throw new IllegalArgumentException("the tokenizer's \"lowercase\" must be true or false, got " + Tokenizer.describe(lower));
        }
        return new WordVocabulary(words, lower != null && lower.getAsBoolean());
    }
}
