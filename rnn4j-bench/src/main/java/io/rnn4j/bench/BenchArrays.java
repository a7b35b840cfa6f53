package io.rnn4j.bench;

import java.util.SplittableRandom;

/** Random operands for the benchmarks. */
final class BenchArrays {

    private BenchArrays() {
    }

    /** n values drawn uniformly from [from, from + 1). */
    static float[] uniform(SplittableRandom r, int n, double from) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (from + r.nextDouble());
        }
        return x;
    }
}
