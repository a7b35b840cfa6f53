package io.rnn4j.speech;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CTC prefix beam search (Graves 2012, §7.5; Hannun et al. 2014), optionally fused with a
 * character language model ("shallow fusion"). Each prefix l keeps the log-probabilities of the
 * frames so far ending in a blank, p_b(l), or in its last character, p_nb(l); per frame
 *
 * <pre>
 *   p_b'(l)     ⊕= (p_b(l) ⊕ p_nb(l)) + log y(blank)
 *   p_nb'(l)    ⊕= p_nb(l) + log y(last(l))                         (the last character held)
 *   p_nb'(l+c)  ⊕= (c = last(l) ? p_b(l) : p_b(l) ⊕ p_nb(l)) + log y(c)
 * </pre>
 *
 * (⊕ = log-sum-exp), and the {@code width} prefixes of the highest
 * {@code p_b ⊕ p_nb + α·log P_lm(l) + β·|l|} are kept. After the last frame the line end's
 * log-probability, weighted by α, is added. Only symbols with y ≥ {@code 1e-4} on a frame are
 * tried. With α = 0, β = 0 and width 1 it is close to, but not the same as, best-path decoding
 * (it sums alignments).
 */
public final class CtcBeamSearch {

    private static final double PRUNE = Math.log(1e-4);

    private final Alphabet alphabet;
    private final int width;
    private final CharacterLm lm;
    private final double lmWeight;
    private final double bonus;

    /**
     * @param alphabet  the recogniser's characters
     * @param width     prefixes kept per frame, ≥ 1
     * @param lm        a character language model, or null for none
     * @param lmWeight  α, the weight of the language model's log-probability
     * @param bonus     β, added per character written (offsets the language model's pull towards short texts)
     */
    public CtcBeamSearch(Alphabet alphabet, int width, CharacterLm lm, double lmWeight, double bonus) {
        if (width < 1) {
            throw new IllegalArgumentException("the beam width must be >= 1, got " + width);
        }
        if (!(lmWeight >= 0) || Double.isInfinite(lmWeight) || !Double.isFinite(bonus)) {
            throw new IllegalArgumentException("the language model weight must be finite and >= 0 and the bonus finite, got "
                    + lmWeight + " and " + bonus);
        }
        this.alphabet = alphabet;
        this.width = width;
        this.lm = lmWeight > 0 ? lm : null;
        this.lmWeight = lmWeight;
        this.bonus = bonus;
    }

    private static final class Prefix {
        final String text;
        final int last;
        final double fused;
        final CharacterLm.State state;
        double blank = Double.NEGATIVE_INFINITY;
        double nonBlank = Double.NEGATIVE_INFINITY;

        Prefix(String text, int last, double fused, CharacterLm.State state) {
            this.text = text;
            this.last = last;
            this.fused = fused;
            this.state = state;
        }

        double acoustic() {
            return CtcLoss.logAdd(blank, nonBlank);
        }

        double score() {
            return acoustic() + fused;
        }

        /** The same prefix with no probability yet: the next frame's entry for it. */
        Prefix copyLike() {
            return new Prefix(text, last, fused, state);
        }
    }

    /** The best transcript of per-frame log-probabilities (T × C, row-major, C = the alphabet's outputs). */
    public String decode(double[] logProbabilities) {
        int c = alphabet.outputs();
        int frames = logProbabilities.length / c;
        Prefix empty = new Prefix("", -1, 0, lm == null ? null : lm.start());
        empty.blank = 0;
        List<Prefix> beam = List.of(empty);
        for (int t = 0; t < frames; t++) {
            int row = t * c;
            Map<String, Prefix> next = new HashMap<>();
            for (Prefix p : beam) {
                double all = p.acoustic();
                for (int k = 0; k < c; k++) {
                    double y = logProbabilities[row + k];
                    if (y < PRUNE) {
                        continue;
                    }
                    if (k == Alphabet.BLANK) {
                        Prefix same = next.computeIfAbsent(p.text, s -> p.copyLike());
                        same.blank = CtcLoss.logAdd(same.blank, all + y);
                        continue;
                    }
                    if (k == p.last) {
                        Prefix same = next.computeIfAbsent(p.text, s -> p.copyLike());
                        same.nonBlank = CtcLoss.logAdd(same.nonBlank, p.nonBlank + y);
                    }
                    double from = k == p.last ? p.blank : all;
                    if (from == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    int cp = alphabet.codePoint(k);
                    String text = p.text + new String(Character.toChars(cp));
                    Prefix longer = next.get(text);
                    if (longer == null) {
                        double fused = p.fused + bonus + (lm == null ? 0 : lmWeight * p.state.logProbability(cp));
                        longer = new Prefix(text, k, fused, p.state == null ? null : new LazyState(lm, p.state, cp));
                        next.put(text, longer);
                    }
                    longer.nonBlank = CtcLoss.logAdd(longer.nonBlank, from + y);
                }
            }
            List<Prefix> ranked = new ArrayList<>(next.values());
            ranked.sort(Comparator.comparingDouble(Prefix::score).reversed().thenComparing(p -> p.text));
            beam = ranked.subList(0, Math.min(width, ranked.size()));
        }
        Prefix best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Prefix p : beam) {
            double s = p.score() + (lm == null ? 0 : lmWeight * p.state.logProbabilityOfEnd());
            if (best == null || s > bestScore) {
                best = p;
                bestScore = s;
            }
        }
        return best.text;
    }

    /** A language-model state computed only when a prefix that survives the beam is extended. */
    private static final class LazyState implements CharacterLm.State {
        private final CharacterLm lm;
        private CharacterLm.State parent;
        private final int codePoint;
        private CharacterLm.State state;

        LazyState(CharacterLm lm, CharacterLm.State parent, int codePoint) {
            this.lm = lm;
            this.parent = parent;
            this.codePoint = codePoint;
        }

        private CharacterLm.State get() {
            if (state == null) {
                state = lm.next(parent instanceof LazyState l ? l.get() : parent, codePoint);
                parent = null;
            }
            return state;
        }

        @Override
        public double logProbability(int cp) {
            return get().logProbability(cp);
        }

        @Override
        public double logProbabilityOfEnd() {
            return get().logProbabilityOfEnd();
        }
    }
}
