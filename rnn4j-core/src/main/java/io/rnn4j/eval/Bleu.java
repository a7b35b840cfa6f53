package io.rnn4j.eval;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus BLEU-4 (Papineni et al. 2002) as sacreBLEU 2.x computes it: each hypothesis and its
 * references are tokenised ({@link MtTokenizer}); the clipped n-gram matches (n = 1..4, each
 * n-gram counted at most as often as in the reference that has it most often) and the hypothesis
 * n-gram totals are summed over the corpus, as are the hypothesis lengths and, per sentence, the
 * reference length closest to the hypothesis (the shorter on a tie). Then
 * <pre>
 *   BLEU = 100 · BP · exp(¼ Σₙ log pₙ),   pₙ = matchesₙ / totalₙ,   BP = min(1, exp(1 − ref/sys))
 * </pre>
 * Without smoothing ({@link Smoothing#NONE}, the default here) a zero pₙ makes BLEU 0; with
 * {@link Smoothing#EXP} (sacreBLEU's default, mteval-v13a's) the k-th zero pₙ is replaced by
 * {@code 1 / (2^k · totalₙ)}.
 */
public final class Bleu {

    public static final int MAX_ORDER = 4;

    /** How a zero n-gram precision is treated. */
    public enum Smoothing { NONE, EXP }

    /**
     * @param score      BLEU, 0..100
     * @param matches    clipped matches per order
     * @param totals     hypothesis n-grams per order
     * @param sysLength  hypothesis tokens
     * @param refLength  effective reference tokens
     */
    public record Score(double score, long[] matches, long[] totals, double brevityPenalty, long sysLength, long refLength) {
    }

    private final MtTokenizer tokenizer;
    private final Smoothing smoothing;

    public Bleu(MtTokenizer tokenizer, Smoothing smoothing) {
        this.tokenizer = tokenizer;
        this.smoothing = smoothing;
    }

    /** Unsmoothed BLEU after the given tokeniser. */
    public Bleu(MtTokenizer tokenizer) {
        this(tokenizer, Smoothing.NONE);
    }

    /**
     * @param hypotheses one per sentence
     * @param references the references of each sentence (at least one each)
     */
    public Score corpus(List<String> hypotheses, List<List<String>> references) {
        if (hypotheses.size() != references.size()) {
            throw new IllegalArgumentException("BLEU needs references for each of the " + hypotheses.size()
                    + " hypotheses, got " + references.size());
        }
        long[] matches = new long[MAX_ORDER];
        long[] totals = new long[MAX_ORDER];
        long sys = 0;
        long ref = 0;
        for (int i = 0; i < hypotheses.size(); i++) {
            List<String> refs = references.get(i);
            if (refs.isEmpty()) {
                throw new IllegalArgumentException("sentence " + i + " has no reference");
            }
            Map<String, Integer> maxRef = new HashMap<>();
            int[] refLengths = new int[refs.size()];
            for (int r = 0; r < refs.size(); r++) {
                List<String> tokens = tokenizer.tokenize(refs.get(r));
                refLengths[r] = tokens.size();
                ngrams(tokens).forEach((g, c) -> maxRef.merge(g, c, Math::max));
            }
            List<String> hyp = tokenizer.tokenize(hypotheses.get(i));
            sys += hyp.size();
            ref += closest(hyp.size(), refLengths);
            for (Map.Entry<String, Integer> e : ngrams(hyp).entrySet()) {
                int n = order(e.getKey());
                totals[n - 1] += e.getValue();
                Integer inRef = maxRef.get(e.getKey());
                if (inRef != null) {
                    matches[n - 1] += Math.min(e.getValue(), inRef);
                }
            }
        }
        return score(matches, totals, sys, ref, smoothing);
    }

    /** BLEU from corpus statistics, as sacreBLEU's {@code compute_bleu}. */
    public static Score score(long[] matches, long[] totals, long sys, long ref, Smoothing smoothing) {
        double bp = sys < ref ? (sys > 0 ? Math.exp(1 - ref / (double) sys) : 0.0) : 1.0;
        boolean anyMatch = false;
        for (long m : matches) {
            anyMatch |= m > 0;
        }
        if (!anyMatch) {
            return new Score(0.0, matches, totals, bp, sys, ref);
        }
        double[] precisions = new double[MAX_ORDER];
        double smooth = 1.0;
        for (int n = 0; n < MAX_ORDER; n++) {
            if (totals[n] == 0) {
                break; // this and the higher orders stay 0, and so does BLEU
            }
            if (matches[n] == 0) {
                if (smoothing == Smoothing.EXP) {
                    smooth *= 2;
                    precisions[n] = 100.0 / (smooth * totals[n]);
                }
            } else {
                precisions[n] = 100.0 * matches[n] / totals[n];
            }
        }
        double logSum = 0;
        for (double p : precisions) {
            if (p == 0) {
                return new Score(0.0, matches, totals, bp, sys, ref);
            }
            logSum += Math.log(p);
        }
        return new Score(bp * Math.exp(logSum / MAX_ORDER), matches, totals, bp, sys, ref);
    }

    /** The reference length nearest to the hypothesis length, the shorter on a tie. */
    static int closest(int hyp, int[] refLengths) {
        int best = -1;
        for (int len : refLengths) {
            if (best < 0 || Math.abs(hyp - len) < Math.abs(hyp - best) || (Math.abs(hyp - len) == Math.abs(hyp - best) && len < best)) {
                best = len;
            }
        }
        return best;
    }

    /** Counts of the 1..4-grams of a token list, each keyed by its tokens joined with U+0001. */
    private static Map<String, Integer> ngrams(List<String> tokens) {
        Map<String, Integer> counts = new HashMap<>();
        for (int n = 1; n <= MAX_ORDER; n++) {
            for (int i = 0; i + n <= tokens.size(); i++) {
                counts.merge(String.join("\u0001", tokens.subList(i, i + n)), 1, Integer::sum);
            }
        }
        return counts;
    }

    private static int order(String key) {
        int n = 1;
        for (int i = 0; i < key.length(); i++) {
            n += key.charAt(i) == '\u0001' ? 1 : 0;
        }
        return n;
    }
}
