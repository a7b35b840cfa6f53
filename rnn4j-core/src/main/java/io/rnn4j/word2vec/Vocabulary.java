package io.rnn4j.word2vec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The words word2vec learns vectors for, most frequent first (ties in order of first appearance,
 * as gensim sorts them), with their corpus counts. Word {@code i} owns row {@code i} of every
 * weight table.
 */
public final class Vocabulary {

    private final List<String> words;
    private final long[] counts;
    private final Map<String, Integer> ids;
    private final long total;

    private Vocabulary(List<String> words, long[] counts) {
        this.words = List.copyOf(words);
        this.counts = counts.clone();
        this.ids = new HashMap<>(words.size() * 2);
        long sum = 0;
        for (int i = 0; i < words.size(); i++) {
            ids.put(words.get(i), i);
            sum += counts[i];
        }
        this.total = sum;
    }

    /** A vocabulary of {@code words} (most frequent first) with their counts. */
    public static Vocabulary of(List<String> words, long[] counts) {
        if (words.size() != counts.length) {
            throw new IllegalArgumentException(words.size() + " words but " + counts.length + " counts");
        }
        return new Vocabulary(words, counts);
    }

    /** Counts the words of {@code corpus} and keeps those seen minCount times or more, at most maxVocab (0: all) of them. */
    public static Vocabulary count(Path corpus, int minCount, int maxVocab) {
        return count(sentence -> CorpusFile.forEachSentence(corpus, sentence), minCount, maxVocab, corpus + ": ");
    }

    /** Counts the words of in-memory sentences, as {@link #count(Path, int, int)}. */
    public static Vocabulary count(List<List<String>> sentences, int minCount, int maxVocab) {
        return count(sentences::forEach, minCount, maxVocab, "");
    }

    /** Counts the sentences {@code source} hands out; {@code where} starts each refusal ("FILE: " or nothing). */
    private static Vocabulary count(Consumer<Consumer<List<String>>> source, int minCount, int maxVocab, String where) {
        Map<String, long[]> seen = new LinkedHashMap<>();
        source.accept(s -> {
            for (String w : s) {
                seen.computeIfAbsent(w, k -> new long[1])[0]++;
            }
        });
        if (seen.isEmpty()) {
            throw new IllegalArgumentException(where + "the corpus has no words");
        }
        return ranked(seen, minCount, maxVocab, where);
    }

    private static Vocabulary ranked(Map<String, long[]> seen, int minCount, int maxVocab, String where) {
        List<Map.Entry<String, long[]>> kept = new ArrayList<>();
        for (Map.Entry<String, long[]> e : seen.entrySet()) {
            if (e.getValue()[0] >= minCount) {
                kept.add(e);
            }
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException(where + "no word of its " + seen.size() + " distinct words is seen " + minCount
                    + " times or more (--min-count); the vocabulary is empty");
        }
        kept.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])); // stable: ties keep first appearance
        if (maxVocab > 0 && kept.size() > maxVocab) {
            kept = kept.subList(0, maxVocab);
        }
        List<String> words = new ArrayList<>(kept.size());
        long[] counts = new long[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            words.add(kept.get(i).getKey());
            counts[i] = kept.get(i).getValue()[0];
        }
        return new Vocabulary(words, counts);
    }

    public int size() {
        return words.size();
    }

    public String word(int id) {
        return words.get(id);
    }

    public List<String> words() {
        return words;
    }

    public long count(int id) {
        return counts[id];
    }

    /** A copy of every word's count, by id. */
    public long[] counts() {
        return counts.clone();
    }

    /** The sum of all counts: the corpus's words that are in the vocabulary. */
    public long total() {
        return total;
    }

    /** The id of {@code word}, or -1 when it is not in the vocabulary. */
    public int id(String word) {
        Integer i = ids.get(word);
        return i == null ? -1 : i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && words.equals(v.words) && Arrays.equals(counts, v.counts);
    }

    @Override
    public int hashCode() {
        return words.hashCode() * 31 + Arrays.hashCode(counts);
    }
}
