package io.rnn4j.word2vec;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Noise words are drawn with probability count^0.75 / Σ count^0.75, rare words included. */
class NoiseDistributionTest {

    @Test
    void drawsFollowTheUnigramDistributionToTheThreeQuarterPower() {
        long[] counts = {1000, 400, 90, 30, 7, 1, 1, 250};
        NoiseDistribution d = new NoiseDistribution(counts);
        SplittableRandom rng = new SplittableRandom(5);
        int n = 2_000_000;
        long[] seen = new long[counts.length];
        for (int i = 0; i < n; i++) {
            seen[d.draw(rng.nextInt(Integer.MAX_VALUE), rng.nextInt(Integer.MAX_VALUE))]++;
        }
        double norm = 0;
        for (long c : counts) {
            norm += Math.pow(c, 0.75);
        }
        for (int w = 0; w < counts.length; w++) {
            double p = Math.pow(counts[w], 0.75) / norm;
            double sd = Math.sqrt(n * p * (1 - p));
            assertTrue(Math.abs(seen[w] - n * p) < 5 * sd, "word " + w + ": " + seen[w] + " draws, expected " + n * p + " ± " + sd);
        }
    }
}
