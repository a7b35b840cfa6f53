package io.rnn4j.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Twelve independent chains of vector multiply-adds at the CPU's widest float vectors: enough
 * chains to cover the FMA latency on both pipes, so the loop runs at the core's multiply-add peak.
 */
final class FmaPeak {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int CHAINS = 12;

    private FmaPeak() {
    }

    /** Flops of one {@link #run} call of {@code steps} steps. */
    static double flops(int steps) {
        return 2.0 * CHAINS * S.length() * steps;
    }

    /** Runs the chains; x and y hold at least one vector each, acc at least CHAINS vectors. */
    static float[] run(float[] acc, float[] x, float[] y, int steps) {
        FloatVector vx = FloatVector.fromArray(S, x, 0);
        FloatVector vy = FloatVector.fromArray(S, y, 0);
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        FloatVector a8 = a0;
        FloatVector a9 = a0;
        FloatVector a10 = a0;
        FloatVector a11 = a0;
        for (int s = 0; s < steps; s++) {
            a0 = vx.fma(vy, a0);
            a1 = vx.fma(vy, a1);
            a2 = vx.fma(vy, a2);
            a3 = vx.fma(vy, a3);
            a4 = vx.fma(vy, a4);
            a5 = vx.fma(vy, a5);
            a6 = vx.fma(vy, a6);
            a7 = vx.fma(vy, a7);
            a8 = vx.fma(vy, a8);
            a9 = vx.fma(vy, a9);
            a10 = vx.fma(vy, a10);
            a11 = vx.fma(vy, a11);
        }
        int n = S.length();
        a0.add(a1).add(a2).add(a3).intoArray(acc, 0);
        a4.add(a5).add(a6).add(a7).intoArray(acc, n);
        a8.add(a9).add(a10).add(a11).intoArray(acc, 2 * n);
        return acc;
    }
}
