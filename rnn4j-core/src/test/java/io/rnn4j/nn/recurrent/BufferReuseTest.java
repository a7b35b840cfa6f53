package io.rnn4j.nn.recurrent;

import io.rnn4j.nn.BufferPool;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.ParameterSet;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recycled buffers change nothing: with masks (whose padded rows must read as zero), the second
 * forward/backward on recycled buffers gives exactly the first one's outputs and gradients; and a
 * pass cannot be back-propagated twice.
 */
class BufferReuseTest {

    @Test
    void thePoolKeepsABoundedNumberOfSizes() {
        BufferPool pool = new BufferPool();
        float[] first = new float[1];
        pool.give(first);
        for (int n = 2; n <= BufferPool.MAX_SIZES; n++) {
            pool.give(new float[n]);
        }
        assertTrue(pool.take(1, false) == first, "below the cap every size is kept");
        pool.give(first);
        pool.give(new float[BufferPool.MAX_SIZES + 1]); // one size too many drops the pool
        assertTrue(pool.take(1, false) != first, "a new size beyond the cap drops the kept buffers");
        float[] again = pool.take(BufferPool.MAX_SIZES + 1, false);
        assertTrue(again.length == BufferPool.MAX_SIZES + 1);
    }

    @Test
    void recycledBuffersGiveIdenticalResults() {
        for (RecurrentConfig cfg : new RecurrentConfig[] {
                RecurrentConfig.lstm(3, 8).layers(2), RecurrentConfig.gru(3, 8).gruVariant(Gru.Variant.RESET_BEFORE),
                RecurrentConfig.gru(3, 8), RecurrentConfig.rnn(3, 8).bidirectional(RecurrentConfig.Merge.CONCAT)}) {
            RecurrentStack stack = new RecurrentStack(cfg);
            ParameterSet ps = new ParameterSet(stack.parameters());
            stack.initialize(Init.PYTORCH, new SplittableRandom(1));
            int[] lengths = {6, 2, 4, 0, 5};
            float[][] out = new float[3][];
            float[][] grads = new float[3][];
            for (int run = 0; run < 3; run++) {
                SplittableRandom r = new SplittableRandom(run == 2 ? 9 : 2); // run 2 dirties the buffers differently
                float[] x = new float[6 * 5 * 3];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (r.nextDouble() * 2 - 1);
                }
                if (run == 2) {
                    // Different data, then the original again: stale values must not leak through.
                    stack.backward(stack.forward(x, 6, 5, null, null, null), ones(6 * 5 * cfg.outputSize()), null, new float[x.length]);
                    r = new SplittableRandom(2);
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) (r.nextDouble() * 2 - 1);
                    }
                }
                ps.zeroGrad();
                RecurrentStack.StackCache c = stack.forward(x, 6, 5, lengths, null, null);
                out[run] = c.output.clone();
                stack.backward(c, ones(c.output.length), null, new float[x.length]);
                grads[run] = ps.grads().clone();
                if (run == 0) {
                    var e = assertThrows(IllegalStateException.class, () -> stack.backward(c, ones(c.output.length), null, null));
                    assertTrue(e.getMessage().contains("already back-propagated"));
                }
            }
            // Unpadded now, on buffers dirtied by the runs above: same as a fresh stack.
            float[] xs = new float[6 * 5 * 3];
            SplittableRandom r = new SplittableRandom(5);
            for (int i = 0; i < xs.length; i++) {
                xs[i] = (float) (r.nextDouble() * 2 - 1);
            }
            RecurrentStack fresh = new RecurrentStack(cfg);
            ParameterSet freshPs = new ParameterSet(fresh.parameters());
            System.arraycopy(ps.values(), 0, freshPs.values(), 0, ps.size());
            ps.zeroGrad();
            RecurrentStack.StackCache used = stack.forward(xs, 6, 5, null, null, null);
            float[] usedOut = used.output.clone();
            stack.backward(used, ones(usedOut.length), null, new float[xs.length]);
            RecurrentStack.StackCache clean = fresh.forward(xs, 6, 5, null, null, null);
            float[] cleanOut = clean.output.clone();
            fresh.backward(clean, ones(cleanOut.length), null, new float[xs.length]);
            assertArrayEquals(cleanOut, usedOut, cfg + " unpadded output on recycled buffers");
            assertArrayEquals(freshPs.grads(), ps.grads(), cfg + " unpadded grads on recycled buffers");

            assertArrayEquals(out[0], out[1], cfg.toString());
            assertArrayEquals(grads[0], grads[1], cfg.toString());
            assertArrayEquals(out[0], out[2], cfg.toString());
            assertArrayEquals(grads[0], grads[2], cfg.toString());
        }
    }

    @Test
    void inferencePassesRecycleAndMatchGradientKeepingPasses() {
        for (RecurrentConfig cfg : new RecurrentConfig[] {
                RecurrentConfig.lstm(3, 8).layers(3), RecurrentConfig.gru(3, 8).layers(2).bidirectional(RecurrentConfig.Merge.CONCAT),
                RecurrentConfig.rnn(3, 8).layers(2).bidirectional(RecurrentConfig.Merge.SUM)}) {
            RecurrentStack stack = new RecurrentStack(cfg);
            new ParameterSet(stack.parameters());
            stack.initialize(Init.PYTORCH, new SplittableRandom(1));
            int[] lengths = {6, 2, 4, 0, 5};
            float[] x = new float[6 * 5 * 3];
            SplittableRandom r = new SplittableRandom(3);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextDouble() * 2 - 1);
            }
            float[] reference = stack.forward(x, 6, 5, lengths, null, null, true).output.clone();
            for (int k = 0; k < 3; k++) {
                RecurrentStack.StackCache c = stack.forward(x, 6, 5, lengths, null, null, false);
                assertArrayEquals(reference, c.output, cfg + " inference pass " + k);
                var e = assertThrows(IllegalStateException.class, () -> stack.backward(c, null, null, null));
                assertTrue(e.getMessage().contains("ran for inference"), e.getMessage());
            }
        }
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1f);
        return a;
    }
}
