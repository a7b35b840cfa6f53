package io.rnn4j.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Learns byte-pair-encoding merges (Sennrich, Haddow &amp; Birch 2016) from word counts: every word
 * starts as its characters (the last marked as ending the word); each round merges the adjacent
 * pair that occurs most often over all words, weighted by the word counts (ties go to the
 * pair whose "a b" sorts first), until {@code maxMerges} rounds or no pair occurs twice.
 * Pair counts are kept up to date for the words a merge touches only.
 */
final class BpeLearner {

    private BpeLearner() {
    }

    static List<String[]> learn(Map<String, Integer> wordCounts, int maxMerges) {
        List<List<String>> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        for (Map.Entry<String, Integer> w : wordCounts.entrySet()) {
            words.add(new ArrayList<>(SubwordVocabulary.characters(w.getKey())));
            counts.add(w.getValue());
        }
        Map<String, Long> pairCounts = new HashMap<>();
        Map<String, Set<Integer>> wordsWithPair = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            addPairs(words.get(i), counts.get(i), i, pairCounts, wordsWithPair);
        }
        List<String[]> merges = new ArrayList<>();
        while (merges.size() < maxMerges) {
            String best = null;
            long bestCount = 1; // a pair seen once only is not worth a token
            for (Map.Entry<String, Long> e : pairCounts.entrySet()) {
                long c = e.getValue();
                if (c > bestCount || (c == bestCount && c > 1 && best != null && e.getKey().compareTo(best) < 0)) {
                    best = e.getKey();
                    bestCount = c;
                }
            }
            if (best == null) {
                break;
            }
            String[] pair = best.split(" ", -1);
            merges.add(pair);
            for (int i : new ArrayList<>(wordsWithPair.getOrDefault(best, Set.of()))) {
                List<String> symbols = words.get(i);
                removePairs(symbols, counts.get(i), pairCounts);
                List<String> merged = new ArrayList<>(symbols.size());
                for (int k = 0; k < symbols.size(); k++) {
                    if (k + 1 < symbols.size() && symbols.get(k).equals(pair[0]) && symbols.get(k + 1).equals(pair[1])) {
                        merged.add(pair[0] + pair[1]);
                        k++;
                    } else {
                        merged.add(symbols.get(k));
                    }
                }
                words.set(i, merged);
                addPairs(merged, counts.get(i), i, pairCounts, wordsWithPair);
            }
            pairCounts.remove(best);
        }
        return merges;
    }

    private static void addPairs(List<String> symbols, int count, int word, Map<String, Long> pairCounts,
                                 Map<String, Set<Integer>> wordsWithPair) {
        for (int k = 0; k + 1 < symbols.size(); k++) {
            String p = symbols.get(k) + " " + symbols.get(k + 1);
            pairCounts.merge(p, (long) count, Long::sum);
            wordsWithPair.computeIfAbsent(p, x -> new HashSet<>()).add(word);
        }
    }

    private static void removePairs(List<String> symbols, int count, Map<String, Long> pairCounts) {
        for (int k = 0; k + 1 < symbols.size(); k++) {
            String p = symbols.get(k) + " " + symbols.get(k + 1);
            long left = pairCounts.getOrDefault(p, 0L) - count;
            if (left <= 0) {
                pairCounts.remove(p);
            } else {
                pairCounts.put(p, left);
            }
        }
    }
}
