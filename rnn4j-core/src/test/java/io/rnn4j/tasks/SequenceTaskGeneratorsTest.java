package io.rnn4j.tasks;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each generator produces what its paper describes, and each criterion accepts the truth and rejects errors. */
class SequenceTaskGeneratorsTest {

    private static int symbolAt(SequenceTask.Example e, int t, int alphabet) {
        for (int j = 0; j < alphabet; j++) {
            if (e.inputs()[t * alphabet + j] == 1f) {
                return j;
            }
        }
        throw new AssertionError("step " + t + " is not one-hot");
    }

    /** Outputs that put 0.9 on every target and 0.1 elsewhere (or the exact value for linear outputs). */
    private static float[] oracle(SequenceTask.Example e) {
        float[] out = e.targets().clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] > 0.5f ? 0.9f : out[i] == 0f ? 0.1f : out[i];
        }
        return out;
    }

    @Test
    void embeddedReberStringsFollowTheGrammarAndRepeatTheSecondSymbol() {
        EmbeddedReber task = new EmbeddedReber();
        SplittableRandom rng = new SplittableRandom(3);
        for (int i = 0; i < 500; i++) {
            SequenceTask.Example e = task.sample(rng);
            int n = e.steps();
            StringBuilder s = new StringBuilder();
            for (int t = 0; t < n; t++) {
                s.append(EmbeddedReber.SYMBOLS.charAt(symbolAt(e, t, 7)));
            }
            String str = s.toString();
            assertTrue(str.matches("B([TP])B(T|P)[STXVP]*E\\1E") || str.matches("B([TP])B.*E\\1E"), str);
            assertEquals(str.charAt(1), str.charAt(n - 2), "the second symbol comes back before the end: " + str);
            assertTrue(new EmbeddedReber().correct(e, oracle(e)));
            // a hard case: after the inner E, only the remembered symbol may be predicted
            float[] wrong = oracle(e);
            int t = n - 3; // input: the inner E
            int other = str.charAt(1) == 'T' ? 2 : 1;
            wrong[t * 7 + other] = 0.95f;
            assertFalse(task.correct(e, wrong), "predicting the other of T/P after the inner E must fail");
        }
        // one string by hand: B T B T X S E T E
        int[] s = {0, 1, 0, 1, 4, 3, 6, 1, 6};
        float[] y = EmbeddedReber.successors(s);
        String[] expected = {"TP", "B", "TP", "SX", "XS", "E", "T", "E", ""};
        for (int t = 0; t < s.length; t++) {
            StringBuilder got = new StringBuilder();
            for (int j = 0; j < 7; j++) {
                if (y[t * 7 + j] == 1f) {
                    got.append(EmbeddedReber.SYMBOLS.charAt(j));
                }
            }
            assertEquals(sorted(expected[t]), sorted(got.toString()), "successors at step " + t);
        }
        assertEquals(256, task.trainingSet(1).size());
        assertEquals(256, task.testSet(1).size());
    }

    private static String sorted(String s) {
        char[] c = s.toCharArray();
        java.util.Arrays.sort(c);
        return new String(c);
    }

    @Test
    void addingProblemMarksTwoValuesAndTargetsTheirScaledSum() {
        AddingProblem task = new AddingProblem(100);
        SplittableRandom rng = new SplittableRandom(4);
        for (int i = 0; i < 500; i++) {
            SequenceTask.Example e = task.sample(rng);
            int n = e.steps();
            assertTrue(n >= 100 && n <= 110, "length " + n);
            double sum = 0;
            int marked = 0;
            int firstMarked = -1;
            int lastMarked = -1;
            for (int t = 0; t < n; t++) {
                float m = e.inputs()[t * 2 + 1];
                float v = e.inputs()[t * 2];
                assertTrue(v >= -1 && v <= 1);
                if (m == 1f) {
                    marked++;
                    sum += v;
                    firstMarked = firstMarked < 0 ? t : firstMarked;
                    lastMarked = t;
                } else if (t != 0 && t != n - 1) {
                    assertEquals(0f, m, "only the ends carry -1");
                }
            }
            assertEquals(2, marked);
            assertTrue(firstMarked < 10 || lastMarked < 49);
            assertTrue(lastMarked < 49, "both marks lie in the first T/2 - 1 steps");
            assertEquals(0.5 + sum / 4, e.targets()[n - 1], 1e-6);
            assertTrue(e.scored()[n - 1]);
            for (int t = 0; t < n - 1; t++) {
                assertFalse(e.scored()[t]);
            }
            float[] out = e.targets().clone();
            assertTrue(task.correct(e, out));
            out[n - 1] += 0.039f;
            assertTrue(task.correct(e, out));
            out[n - 1] += 0.002f;
            assertFalse(task.correct(e, out), "an error of 0.04 is wrong");
        }
    }

    @Test
    void temporalOrderClassIsTheOrderOfTheTwoRelevantSymbols() {
        TemporalOrder task = new TemporalOrder();
        SplittableRandom rng = new SplittableRandom(5);
        int[] classCounts = new int[4];
        for (int i = 0; i < 800; i++) {
            SequenceTask.Example e = task.sample(rng);
            int n = e.steps();
            assertTrue(n >= 100 && n <= 110);
            assertEquals(4, symbolAt(e, 0, 8), "starts with E");
            assertEquals(5, symbolAt(e, n - 1, 8), "ends with B");
            StringBuilder relevant = new StringBuilder();
            for (int t = 1; t < n - 1; t++) {
                int s = symbolAt(e, t, 8);
                if (s >= 6) {
                    assertTrue((t >= 10 && t <= 20) || (t >= 50 && t <= 60), "relevant symbol at " + t);
                    relevant.append(s == 6 ? 'X' : 'Y');
                } else {
                    assertTrue(s < 4, "distractors are a, b, c, d");
                }
            }
            int expectedClass = List.of("XX", "XY", "YX", "YY").indexOf(relevant.toString());
            assertTrue(expectedClass >= 0, relevant.toString());
            assertEquals(1f, e.targets()[(n - 1) * 4 + expectedClass]);
            classCounts[expectedClass]++;
            assertTrue(task.correct(e, oracle(e)));
            float[] out = oracle(e);
            out[(n - 1) * 4 + expectedClass] = 0.69f;
            assertFalse(task.correct(e, out), "an error of 0.31 is wrong");
        }
        for (int c : classCounts) {
            assertTrue(c > 150, "the four classes are about equally frequent");
        }
    }

    @Test
    void longTimeLagSequencesEndWithTheirFirstSymbol() {
        LongTimeLag task = new LongTimeLag(100);
        List<SequenceTask.Example> both = task.testSet(1);
        assertEquals(2, both.size());
        for (SequenceTask.Example e : both) {
            assertEquals(101, e.steps());
            int first = symbolAt(e, 0, 101);
            assertTrue(first == 99 || first == 100);
            assertEquals(first, symbolAt(e, 100, 101));
            for (int t = 1; t < 100; t++) {
                assertEquals(t - 1, symbolAt(e, t, 101));
            }
            assertEquals(1f, e.targets()[99 * 101 + first], "the last prediction is the first symbol");
            assertTrue(task.correct(e, oracle(e)));
            float[] out = oracle(e);
            out[99 * 101 + (first == 99 ? 100 : 99)] = 0.3f; // still below the target, but off by 0.3 > 0.25
            assertFalse(task.correct(e, out));
        }
    }

    @Test
    void countingLanguageStringsAndTheirPossibleNextSymbols() {
        CountingLanguage abc = new CountingLanguage(3, 10);
        SequenceTask.Example e = abc.string(2); // S a a b b c c T
        int[] symbols = new int[e.steps()];
        for (int t = 0; t < e.steps(); t++) {
            symbols[t] = symbolAt(e, t, 5);
        }
        assertArrayEquals(new int[] {0, 1, 1, 2, 2, 3, 3, 4}, symbols);
        // next-symbol sets: S→{a}, a→{a,b}, a→{a,b}, b→{b}, b→{c}, c→{c}, c→{T}
        float[][] expected = {
                {0, 1, 0, 0, 0}, {0, 1, 1, 0, 0}, {0, 1, 1, 0, 0}, {0, 0, 1, 0, 0},
                {0, 0, 0, 1, 0}, {0, 0, 0, 1, 0}, {0, 0, 0, 0, 1},
        };
        for (int t = 0; t < expected.length; t++) {
            assertArrayEquals(expected[t], java.util.Arrays.copyOfRange(e.targets(), t * 5, t * 5 + 5), "step " + t);
        }
        assertFalse(e.scored()[e.steps() - 1]);
        assertTrue(abc.correct(e, oracle(e)));
        float[] out = oracle(e);
        out[4 * 5 + 4] = 0.6f; // predicting T after the second b
        assertFalse(abc.correct(e, out));
        CountingLanguage ab = new CountingLanguage(2, 10);
        assertEquals(2 * 7 + 2, ab.string(7).steps());
        assertEquals(10, ab.testSet(1).size());
    }
}
