package io.rnn4j.train;

import java.util.AbstractList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batches of items named by integers (forecasting windows by their first target row, videos by
 * their index), built only when the trainer asks for one, so an epoch never holds more than one
 * batch in memory. Training batches take the items in a new order each epoch, drawn from the
 * run's seed and the epoch, and leave out the last partial batch; evaluation batches take every
 * item in the given order.
 */
public final class IndexBatches {

    /** Builds the batch of the given items. */
    @FunctionalInterface
    public interface Builder {
        Batch build(int[] items);
    }

    private IndexBatches() {
    }

    /**
     * Shuffled whole batches of {@code size} items per epoch.
     *
     * @param what the items as the refusal of too few names them ("the training part holds 100 windows")
     */
    public static BatchSource shuffled(int[] items, int size, String what, Builder builder) {
        if (items.length < size) {
            throw new IllegalArgumentException(what + ", fewer than a batch of " + size + "; use a smaller --batch");
        }
        int[] all = items.clone();
        return (epoch, seed) -> {
            int[] order = all.clone();
            SplittableRandom rng = new SplittableRandom(seed * 1_000_003L + epoch);
            for (int i = order.length - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            return lazy(order, size, order.length / size, builder);
        };
    }

    /** Every item in order, the last batch partial. */
    public static List<Batch> inOrder(int[] items, int size, Builder builder) {
        return lazy(items.clone(), size, (items.length + size - 1) / size, builder);
    }

    private static List<Batch> lazy(int[] items, int size, int batches, Builder builder) {
        return new AbstractList<>() {
            @Override
            public Batch get(int i) {
                int from = i * size;
                int to = Math.min(items.length, from + size);
                int[] part = new int[to - from];
                System.arraycopy(items, from, part, 0, part.length);
                return builder.build(part);
            }

            @Override
            public int size() {
                return batches;
            }
        };
    }
}
