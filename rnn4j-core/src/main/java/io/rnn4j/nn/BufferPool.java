package io.rnn4j.nn;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Recycles a layer's large per-batch buffers (gate activations, state trajectories, im2col
 * rows) from one training step to the next, so steady training allocates no new activation
 * memory: a forward pass takes buffers, the matching backward pass gives them back. A pass that is
 * never back-propagated (inference) simply leaves its buffers to the garbage collector.
 *
 * <p>Buffers are kept by exact size. Sequences of ever new lengths (inference on strings of
 * growing length, a server's varied requests) would otherwise keep one set per length forever,
 * so at most {@link #MAX_SIZES} sizes are kept: a new size beyond that drops the pool.
 */
public final class BufferPool {

    public static final int MAX_SIZES = 32;

    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();

    /** A buffer of exactly {@code n} floats, zeroed when {@code zero} is set. */
    public synchronized float[] take(int n, boolean zero) {
        ArrayDeque<float[]> q = free.get(n);
        float[] a = q == null ? null : q.poll();
        if (a == null) {
            return new float[n];
        }
        if (zero) {
            Arrays.fill(a, 0f);
        }
        return a;
    }

    public synchronized void give(float[]... arrays) {
        for (float[] a : arrays) {
            if (a != null) {
                if (free.size() >= MAX_SIZES && !free.containsKey(a.length)) {
                    free.clear();
                }
                free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
            }
        }
    }
}
