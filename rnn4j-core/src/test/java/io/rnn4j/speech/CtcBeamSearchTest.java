package io.rnn4j.speech;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The prefix beam search sums alignments (and so can beat the best path), a language model can
 * tip an acoustically close call, and closed-vocabulary decoding picks the most likely candidate.
 */
class CtcBeamSearchTest {

    private static final Alphabet AB = new Alphabet(new int[] {'a', 'b'});

    /** Log of rows of probabilities over (blank, a, b). */
    private static double[] log(double[][] rows) {
        double[] out = new double[rows.length * 3];
        for (int t = 0; t < rows.length; t++) {
            for (int k = 0; k < 3; k++) {
                out[t * 3 + k] = Math.log(rows[t][k]);
            }
        }
        return out;
    }

    @Test
    void theBeamSumsAlignmentsWhereTheBestPathDoesNot() {
        // best path: blank, blank → "" (0.36); but "a" has a-blank 0.24, blank-a 0.24, a-a 0.16: 0.64
        double[] y = log(new double[][] {{0.6, 0.4, 1e-9}, {0.6, 0.4, 1e-9}});
        assertArrayEquals(new int[0], CtcDecoding.greedy(y, 2, 3, Alphabet.BLANK));
        assertEquals("a", new CtcBeamSearch(AB, 4, null, 0, 0).decode(y));
    }

    /** A language model that only looks at the first character: P(a) = pa, P(b) = 1 − pa, then 1/2 each. */
    private static CharacterLm firstLetter(double pa) {
        return new CharacterLm() {
            record S(int length, double pa) implements State {
                @Override
                public double logProbability(int cp) {
                    return length > 0 ? Math.log(0.5) : Math.log(cp == 'a' ? pa : 1 - pa);
                }

                @Override
                public double logProbabilityOfEnd() {
                    return 0;
                }
            }

            @Override
            public State start() {
                return new S(0, pa);
            }

            @Override
            public State next(State state, int codePoint) {
                return new S(((S) state).length() + 1, pa);
            }
        };
    }

    @Test
    void aLanguageModelTipsACloseCallAndTheBonusOffsetsItsCost() {
        double[] close = log(new double[][] {{0.02, 0.50, 0.48}});
        assertEquals("a", new CtcBeamSearch(AB, 8, null, 0, 0).decode(close));
        // α = 1: log 0.50 + log 0.1 = −3.00 against log 0.48 + log 0.9 = −0.84
        assertEquals("b", new CtcBeamSearch(AB, 8, firstLetter(0.1), 1.0, 0).decode(close));
        assertEquals("a", new CtcBeamSearch(AB, 8, firstLetter(0.1), 0.0, 0).decode(close), "weight 0: no model");
        // "" (log 0.55 = −0.60) against "b" (log 0.45 + log 0.9 = −0.90); a bonus of 1 per character tips it to "b" (+0.10)
        double[] quiet = log(new double[][] {{0.55, 1e-9, 0.45}});
        assertEquals("", new CtcBeamSearch(AB, 8, firstLetter(0.1), 1.0, 0).decode(quiet));
        assertEquals("b", new CtcBeamSearch(AB, 8, firstLetter(0.1), 1.0, 1.0).decode(quiet));
    }

    @Test
    void closedVocabularyPicksTheMostLikelyCandidate() {
        double[] y = log(new double[][] {{0.1, 0.8, 0.1}, {0.7, 0.1, 0.2}, {0.1, 0.1, 0.8}});
        List<int[]> candidates = List.of(new int[] {1}, new int[] {1, 2}, new int[] {2, 2});
        assertEquals(1, CtcDecoding.mostLikely(y, 3, 3, candidates, Alphabet.BLANK));
        assertEquals(2, CtcDecoding.minimumFrames(new int[] {1, 2}));
        assertEquals(3, CtcDecoding.minimumFrames(new int[] {2, 2}));
    }
}
