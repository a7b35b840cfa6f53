package io.rnn4j.forecast;

import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;

import java.util.AbstractList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Batches of forecasting windows. Training batches take the windows in a new order each epoch
 * (drawn from the run's seed and the epoch) and leave out the last partial batch, as the
 * SegRNN and DLinear loaders do; evaluation batches take every window in time order. A batch is
 * built only when the trainer asks for it, so an epoch never holds more than one in memory.
 */
public final class ForecastBatches {

    /** Builds the batch of the windows whose targets start at the given rows. */
    @FunctionalInterface
    public interface Builder {
        Batch build(int[] targetStarts);
    }

    private ForecastBatches() {
    }

    /** Shuffled whole batches of {@code size} windows per epoch. */
    public static BatchSource training(Windows windows, int size, Builder builder) {
        if (windows.count() < size) {
            throw new IllegalArgumentException("the training part holds " + windows.count() + " windows, fewer than a batch of "
                    + size + "; use a smaller --batch");
        }
        return (epoch, seed) -> {
            int[] order = new int[windows.count()];
            for (int k = 0; k < order.length; k++) {
                order[k] = windows.targetStart(k);
            }
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

    /** Every window in time order, the last batch partial. */
    public static List<Batch> inOrder(Windows windows, int size, Builder builder) {
        int[] starts = new int[windows.count()];
        for (int k = 0; k < starts.length; k++) {
            starts[k] = windows.targetStart(k);
        }
        return lazy(starts, size, (starts.length + size - 1) / size, builder);
    }

    private static List<Batch> lazy(int[] starts, int size, int batches, Builder builder) {
        return new AbstractList<>() {
            @Override
            public Batch get(int i) {
                int from = i * size;
                int to = Math.min(starts.length, from + size);
                int[] part = new int[to - from];
                System.arraycopy(starts, from, part, 0, part.length);
                return builder.build(part);
            }

            @Override
            public int size() {
                return batches;
            }
        };
    }
}
