package io.rnn4j.data;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextSamplerTest {

    @Test
    void topKAndTopPKeepOnlyTheMostLikelyTokens() {
        float[] logits = {2f, 1f, 0f, -1f, 3f};
        SplittableRandom r = new SplittableRandom(1);
        int[] counts = new int[5];
        for (int i = 0; i < 20_000; i++) {
            counts[TextSampler.draw(logits, 1.0, 2, 1.0, r)]++;
        }
        assertEquals(0, counts[1] + counts[2] + counts[3], "top-2 keeps tokens 4 and 0 only");
        // Renormalised over {4, 0}: p(4) = e/(e+1) ≈ 0.731.
        assertEquals(0.731, counts[4] / 20_000.0, 0.015);

        int[] nucleus = new int[5];
        for (int i = 0; i < 20_000; i++) {
            nucleus[TextSampler.draw(logits, 1.0, 0, 0.6, r)]++;
        }
        // p(4) ≈ 0.636 ≥ 0.6 already: the nucleus is token 4 alone.
        assertEquals(20_000, nucleus[4]);

        int[] cold = new int[5];
        for (int i = 0; i < 2_000; i++) {
            cold[TextSampler.draw(logits, 0.01, 0, 1.0, r)]++;
        }
        assertTrue(cold[4] > 1_990, "a low temperature is nearly greedy");
    }

    /** The primitive merge sort orders ids exactly as a stable boxed sort by descending probability, ties included. */
    @Test
    void idsAreOrderedAsAStableSortByDescendingProbability() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int n : new int[] {1, 2, 3, 7, 64, 65, 100, 1000}) {
            double[] p = new double[n];
            for (int i = 0; i < n; i++) {
                p[i] = r.nextInt(4) == 0 ? 0.0 : r.nextInt(5) / 5.0; // many ties and zeros
            }
            Integer[] ref = new Integer[n];
            for (int i = 0; i < n; i++) {
                ref[i] = i;
            }
            java.util.Arrays.sort(ref, (a, b) -> Double.compare(p[b], p[a]));
            int[] got = TextSampler.byDescendingProbability(p);
            for (int i = 0; i < n; i++) {
                org.junit.jupiter.api.Assertions.assertEquals(ref[i].intValue(), got[i], "n " + n + ", rank " + i);
            }
        }
    }
}
