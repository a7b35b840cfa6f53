package io.rnn4j.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tokens of one side of a translation model, with reserved tokens first (a decoder's END and
 * START, and UNK for anything never seen in training). Two kinds:
 * <ul>
 *   <li><b>char</b>: every code point is a token (Chinese is written this way; spaces too);</li>
 *   <li><b>bpe</b>: byte-pair encoding over whitespace-separated words (Sennrich et al. 2016):
 *       a word starts as its characters, the last marked with {@value #END_OF_WORD}, and the
 *       learned merges, most frequent pair first, join adjacent symbols. A word is encoded by
 *       applying the merges in the order they were learned; text is decoded by joining the
 *       tokens and turning each end-of-word mark into a space, so the text round-trips up to
 *       runs of whitespace.</li>
 * </ul>
 * With enough merges every training word is one token ("words"); a word never seen in training
 * still splits into known pieces.
 */
public final class SubwordVocabulary {

    public static final String END_OF_WORD = "</w>";
    public static final String UNKNOWN = "<unk>";

    private final String kind;
    private final List<String> tokens;
    private final Map<String, Integer> ids = new HashMap<>();
    private final int reserved;
    /** BPE merges in the order learned: "a b" → rank. */
    private final Map<String, Integer> mergeRank = new HashMap<>();
    private final List<String[]> merges;
    private final Map<String, List<String>> wordCache = new java.util.concurrent.ConcurrentHashMap<>();

    private SubwordVocabulary(String kind, List<String> tokens, int reserved, List<String[]> merges) {
        this.kind = kind;
        this.tokens = List.copyOf(tokens);
        this.reserved = reserved;
        this.merges = merges;
        for (int i = 0; i < tokens.size(); i++) {
            if (ids.put(tokens.get(i), i) != null) {
                throw new IllegalArgumentException("the vocabulary lists token '" + tokens.get(i) + "' twice");
            }
        }
        if (!ids.containsKey(UNKNOWN) || ids.get(UNKNOWN) >= reserved) {
            throw new IllegalArgumentException("the vocabulary's reserved tokens must include " + UNKNOWN);
        }
        for (int i = 0; i < merges.size(); i++) {
            mergeRank.put(merges.get(i)[0] + " " + merges.get(i)[1], i);
        }
    }

    /**
     * Character tokens of the sentences, most frequent first (ties by code point).
     *
     * @param reservedTokens ids 0.. in order; must include {@link #UNKNOWN}
     */
    public static SubwordVocabulary chars(List<String> sentences, List<String> reservedTokens) {
        Map<String, Integer> counts = new HashMap<>();
        for (String s : sentences) {
            s.codePoints().forEach(cp -> counts.merge(new String(Character.toChars(cp)), 1, Integer::sum));
        }
        return new SubwordVocabulary("char", withReserved(reservedTokens, byFrequency(counts)), reservedTokens.size(), List.of());
    }

    /**
     * Learns up to {@code maxMerges} BPE merges on the words of the sentences (fewer when every
     * word is already whole), and the tokens their segmentation uses.
     */
    public static SubwordVocabulary bpe(List<String> sentences, int maxMerges, List<String> reservedTokens) {
        if (maxMerges < 0) {
            throw new IllegalArgumentException("BPE merges must be >= 0, got " + maxMerges);
        }
        Map<String, Integer> wordCounts = new TreeMap<>();
        for (String s : sentences) {
            for (String w : words(s)) {
                wordCounts.merge(w, 1, Integer::sum);
            }
        }
        List<String[]> merges = BpeLearner.learn(wordCounts, maxMerges);
        SubwordVocabulary draft = new SubwordVocabulary("bpe", reservedTokens, reservedTokens.size(), merges);
        Map<String, Integer> counts = new HashMap<>();
        for (Map.Entry<String, Integer> w : wordCounts.entrySet()) {
            for (String piece : draft.segment(w.getKey())) {
                counts.merge(piece, w.getValue(), Integer::sum);
            }
            // every single character stays a token, so that unseen words still spell out
            List<String> chars = characters(w.getKey());
            for (String c : chars) {
                counts.putIfAbsent(c, 0);
            }
        }
        return new SubwordVocabulary("bpe", withReserved(reservedTokens, byFrequency(counts)), reservedTokens.size(), merges);
    }

    private static List<String> withReserved(List<String> reserved, List<String> rest) {
        List<String> all = new ArrayList<>(reserved);
        Set<String> seen = new HashSet<>(reserved);
        for (String t : rest) {
            if (seen.add(t)) {
                all.add(t);
            }
        }
        return all;
    }

    private static List<String> byFrequency(Map<String, Integer> counts) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey()) : b.getValue() - a.getValue());
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Integer> e : entries) {
            out.add(e.getKey());
        }
        return out;
    }

    /** Whitespace-separated words. */
    static List<String> words(String sentence) {
        List<String> out = new ArrayList<>();
        for (String w : sentence.trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }

    /** A word's characters, the last one marked as ending the word. */
    static List<String> characters(String word) {
        List<String> chars = new ArrayList<>();
        word.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
        int last = chars.size() - 1;
        chars.set(last, chars.get(last) + END_OF_WORD);
        return chars;
    }

    /** The BPE pieces of one word: the merges applied lowest rank first. */
    List<String> segment(String word) {
        List<String> cached = wordCache.get(word);
        if (cached != null) {
            return cached;
        }
        List<String> symbols = characters(word);
        while (symbols.size() > 1) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < symbols.size(); i++) {
                Integer rank = mergeRank.get(symbols.get(i) + " " + symbols.get(i + 1));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            String a = merges.get(bestRank)[0];
            String b = merges.get(bestRank)[1];
            List<String> next = new ArrayList<>(symbols.size());
            for (int i = 0; i < symbols.size(); i++) {
                if (i + 1 < symbols.size() && symbols.get(i).equals(a) && symbols.get(i + 1).equals(b)) {
                    next.add(a + b);
                    i++;
                } else {
                    next.add(symbols.get(i));
                }
            }
            symbols = next;
        }
        List<String> result = Collections.unmodifiableList(symbols);
        if (wordCache.size() < 100_000) {
            wordCache.put(word, result);
        }
        return result;
    }

    /** "char" or "bpe". */
    public String kind() {
        return kind;
    }

    public int size() {
        return tokens.size();
    }

    /** How many ids at the start are reserved (END, START, UNK, ...). */
    public int reserved() {
        return reserved;
    }

    public int mergeCount() {
        return merges.size();
    }

    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? ids.get(UNKNOWN) : id;
    }

    public String token(int id) {
        return tokens.get(id);
    }

    /** The token ids of a sentence; pieces never seen in training become {@link #UNKNOWN}. */
    public int[] encode(String sentence) {
        List<String> pieces = pieces(sentence);
        int[] out = new int[pieces.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(pieces.get(i));
        }
        return out;
    }

    /** The token strings of a sentence. */
    public List<String> pieces(String sentence) {
        List<String> out = new ArrayList<>();
        if (kind.equals("char")) {
            sentence.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
            return out;
        }
        for (String w : words(sentence)) {
            out.addAll(segment(w));
        }
        return out;
    }

    /** The text of token ids: reserved ids are left out except {@link #UNKNOWN}. */
    public String decode(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            String t = tokens.get(id);
            if (id < reserved && !t.equals(UNKNOWN)) {
                continue;
            }
            sb.append(t);
        }
        String text = sb.toString();
        return kind.equals("char") ? text : text.replace(END_OF_WORD, " ").trim();
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", kind);
        o.addProperty("reserved", reserved);
        JsonArray t = new JsonArray();
        tokens.forEach(t::add);
        o.add("tokens", t);
        JsonArray m = new JsonArray();
        for (String[] pair : merges) {
            m.add(pair[0] + " " + pair[1]);
        }
        o.add("merges", m);
        return o;
    }

    /** Reads {@link #toJson()}'s form, checking every field, since it comes from a file. */
    public static SubwordVocabulary fromJson(JsonElement json, String what) {
        if (json == null || !json.isJsonObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        JsonObject o = json.getAsJsonObject();
        String kind = Tokenizer.string(o, "kind");
        if (!kind.equals("char") && !kind.equals("bpe")) {
            throw new IllegalArgumentException(what + " has kind '" + kind + "'; expected char or bpe");
        }
        JsonElement r = o.get("reserved");
        if (r == null || !r.isJsonPrimitive() || !r.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(what + " needs a number \"reserved\"");
        }
        List<String> tokens = strings(o, "tokens", what);
        int reserved = r.getAsInt();
        if (reserved < 1 || reserved > tokens.size()) {
            throw new IllegalArgumentException(what + " reserves " + reserved + " of " + tokens.size() + " tokens");
        }
        List<String[]> merges = new ArrayList<>();
        for (String m : strings(o, "merges", what)) {
            String[] pair = m.split(" ", -1);
            if (pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty()) {
                throw new IllegalArgumentException(what + " has a malformed merge '" + m + "'");
            }
            merges.add(pair);
        }
        return new SubwordVocabulary(kind, tokens, reserved, merges);
    }

    private static List<String> strings(JsonObject o, String key, String what) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonArray()) {
            throw new IllegalArgumentException(what + " needs an array \"" + key + "\"");
        }
        List<String> out = new ArrayList<>();
        for (JsonElement x : e.getAsJsonArray()) {
            if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException(what + "'s \"" + key + "\" must hold strings only");
            }
            out.add(x.getAsString());
        }
        return out;
    }
}
