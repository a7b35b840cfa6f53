package io.rnn4j;

import java.util.SplittableRandom;

/** Seeded test inputs shared by the test classes. */
public final class TestData {

    private TestData() {
    }

    /** n values uniform in [−1, 1) from the seed. */
    public static float[] uniform(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return x;
    }
}
