package io.rnn4j.eval;

import java.util.Arrays;
import java.util.List;


/**
 * Character and word error rates of transcripts: the Levenshtein distance (substitutions,
 * deletions and insertions, each costing 1) between hypothesis and reference, summed over a
 * corpus and divided by the reference's total length, as speech recognition reports them (and as
 * {@code jiwer} computes WER). Words are split at white space; characters are Unicode code points.
 */
public final class ErrorRates {

    private ErrorRates() {
    }

    /** Levenshtein distance between two sequences of symbols. */
    public static int distance(int[] reference, int[] hypothesis) {
        int[] previous = new int[hypothesis.length + 1];
        int[] current = new int[hypothesis.length + 1];
        for (int j = 0; j <= hypothesis.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= reference.length; i++) {
            current[0] = i;
            for (int j = 1; j <= hypothesis.length; j++) {
                int substitute = previous[j - 1] + (reference[i - 1] == hypothesis[j - 1] ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[hypothesis.length];
    }

    /** Σ character edits / Σ reference characters over the pairs; references must not all be empty. */
    public static double characterErrorRate(List<String> references, List<String> hypotheses) {
        return rate(references, hypotheses, false);
    }

    /** Σ word edits / Σ reference words over the pairs; references must not all be empty. */
    public static double wordErrorRate(List<String> references, List<String> hypotheses) {
        return rate(references, hypotheses, true);
    }

    private static double rate(List<String> references, List<String> hypotheses, boolean words) {
        if (references.size() != hypotheses.size()) {
            throw new IllegalArgumentException(references.size() + " references but " + hypotheses.size() + " hypotheses");
        }
        long edits = 0;
        long length = 0;
        for (int i = 0; i < references.size(); i++) {
            java.util.Map<String, Integer> ids = new java.util.HashMap<>(); // words of this pair, numbered as first seen
            int[] r = symbols(references.get(i), words, ids);
            int[] h = symbols(hypotheses.get(i), words, ids);
            edits += distance(r, h);
            length += r.length;
        }
        if (length == 0) {
            throw new IllegalArgumentException("the references are all empty: an error rate needs something to compare with");
        }
        return (double) edits / length;
    }

    private static int[] symbols(String text, boolean words, java.util.Map<String, Integer> ids) {
        if (!words) {
            return text.codePoints().toArray();
        }
        String[] w = text.strip().split("\\s+");
        if (w.length == 1 && w[0].isEmpty()) {
            return new int[0];
        }
        return Arrays.stream(w).mapToInt(word -> ids.computeIfAbsent(word, k -> ids.size())).toArray();
    }
}
