package io.rnn4j.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus chrF (Popović 2015) as sacreBLEU 2.x computes it: character n-grams of orders 1..6 with
 * whitespace removed; per sentence the statistics (hypothesis n-grams, reference n-grams,
 * matches, per order) of the reference with the best sentence score are summed over the corpus;
 * then precision and recall are averaged over the orders both sides have, and
 * <pre>
 *   chrFβ = 100 · (1 + β²) · P · R / (β² · P + R)
 * </pre>
 * With {@code epsSmoothing} (chrF++.py's and NLTK's way) the F-score of each order is averaged
 * instead, orders without n-grams counting as ε.
 */
public final class ChrF {

    public static final int CHAR_ORDER = 6;

    private final int beta;
    private final boolean epsSmoothing;

    /** chrF2, sacreBLEU's default. */
    public ChrF() {
        this(2, false);
    }

    public ChrF(int beta, boolean epsSmoothing) {
        if (beta < 1) {
            throw new IllegalArgumentException("chrF beta must be >= 1, got " + beta);
        }
        this.beta = beta;
        this.epsSmoothing = epsSmoothing;
    }

    /** The corpus score, 0..100; each sentence needs at least one reference. */
    public double corpus(List<String> hypotheses, List<List<String>> references) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException("chrF needs references for each of the " + hypotheses.size()
                    + " hypotheses, got " + references.size());
        }
        long[] total = new long[3 * CHAR_ORDER];
        for (int i = 0; i < hypotheses.size(); i++) {
            List<Map<String, Integer>> hyp = ngrams(hypotheses.get(i));
            long[] best = null;
            double bestScore = -1;
            if (references.get(i).isEmpty()) {
                throw new IllegalArgumentException("sentence " + i + " has no reference");
            }
            for (String reference : references.get(i)) {
                long[] stats = statistics(hyp, ngrams(reference));
                double f = fScore(stats);
                if (f > bestScore) {
                    bestScore = f;
                    best = stats;
                }
            }
            for (int k = 0; k < total.length; k++) {
                total[k] += best[k];
            }
        }
        return fScore(total);
    }

    /** [hyp, ref, match] per order; hypothesis n-grams count only where the reference has some of that order. */
    private static long[] statistics(List<Map<String, Integer>> hyp, List<Map<String, Integer>> ref) {
        long[] s = new long[3 * CHAR_ORDER];
        for (int n = 0; n < CHAR_ORDER; n++) {
            long hypCount = 0;
            long match = 0;
            Map<String, Integer> r = ref.get(n);
            for (Map.Entry<String, Integer> e : hyp.get(n).entrySet()) {
                hypCount += e.getValue();
                Integer inRef = r.get(e.getKey());
                if (inRef != null) {
                    match += Math.min(e.getValue(), inRef);
                }
            }
            long refCount = 0;
            for (int c : r.values()) {
                refCount += c;
            }
            s[3 * n] = r.isEmpty() ? 0 : hypCount;
            s[3 * n + 1] = refCount;
            s[3 * n + 2] = match;
        }
        return s;
    }

    private double fScore(long[] s) {
        double eps = 1e-16;
        double factor = beta * beta;
        double score = 0;
        double avgPrec = 0;
        double avgRec = 0;
        int effective = 0;
        for (int n = 0; n < CHAR_ORDER; n++) {
            long hyp = s[3 * n];
            long ref = s[3 * n + 1];
            long match = s[3 * n + 2];
            double prec = hyp > 0 ? match / (double) hyp : eps;
            double rec = ref > 0 ? match / (double) ref : eps;
            double denom = factor * prec + rec;
            score += denom > 0 ? (1 + factor) * prec * rec / denom : eps;
            if (hyp > 0 && ref > 0) {
                avgPrec += prec;
                avgRec += rec;
                effective++;
            }
        }
        if (epsSmoothing) {
            return 100 * score / CHAR_ORDER;
        }
        if (effective == 0) {
            return 0.0;
        }
        avgPrec /= effective;
        avgRec /= effective;
        if (avgPrec + avgRec == 0) {
            return 0.0;
        }
        // sacreBLEU's order of operations: a one-ulp difference can change which reference is best
        double f = (1 + factor) * avgPrec * avgRec;
        f /= factor * avgPrec + avgRec;
        return 100 * f;
    }

    /** Character n-gram counts of orders 1..6 over the line with all whitespace removed (by code point). */
    private static List<Map<String, Integer>> ngrams(String line) {
        int[] cps = String.join("", MtTokenizer.split(line)).codePoints().toArray();
        List<Map<String, Integer>> out = new java.util.ArrayList<>();
        for (int n = 1; n <= CHAR_ORDER; n++) {
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i + n <= cps.length; i++) {
                counts.merge(new String(cps, i, n), 1, Integer::sum);
            }
            out.add(counts);
        }
        return out;
    }
}
