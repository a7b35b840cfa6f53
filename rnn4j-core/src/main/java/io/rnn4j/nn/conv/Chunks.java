package io.rnn4j.nn.conv;

import io.rnn4j.kernel.Parallel;

/**
 * Splits n independent items (images, rows) into one contiguous chunk per thread. A chunk adds
 * its weight gradients into its own buffer; the buffers are then summed in chunk order, so the
 * result depends on the thread count only, never on which thread ran which chunk.
 */
final class Chunks {

    /** Body of one chunk: its index and the items {@code [from, to)}. */
    @FunctionalInterface
    interface Body {
        void run(int chunk, int from, int to);
    }

    private Chunks() {
    }

    /** How many chunks {@code n} items are split into. */
    static int count(int n) {
        return Math.max(1, Math.min(Parallel.inside() ? 1 : Parallel.threads(), n));
    }

    /** Runs {@code body} over {@code count(n)} chunks in parallel. */
    static void run(int n, int chunks, Body body) {
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                body.run(c, (int) ((long) c * n / chunks), (int) ((long) (c + 1) * n / chunks));
            }
        });
    }

    /** Adds each chunk's partial sums into {@code target} from {@code off}, chunk by chunk. */
    static void sumInto(float[][] partials, float[] target, int off) {
        for (float[] p : partials) {
            if (p != null) {
                for (int i = 0; i < p.length; i++) {
                    target[off + i] += p[i];
                }
            }
        }
    }
}
