package io.rnn4j.forecast;

import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.IndexBatches;

import java.util.List;

/**
 * Batches of forecasting windows ({@link IndexBatches} over their first target rows). Training
 * batches take the windows in a new order each epoch and leave out the last partial batch, as
 * the SegRNN and DLinear loaders do; evaluation batches take every window in time order.
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
        return IndexBatches.shuffled(starts(windows), size, "the training part holds " + windows.count() + " windows",
                builder::build);
    }

    /** Every window in time order, the last batch partial. */
    public static List<Batch> inOrder(Windows windows, int size, Builder builder) {
        return IndexBatches.inOrder(starts(windows), size, builder::build);
    }

    private static int[] starts(Windows windows) {
        int[] starts = new int[windows.count()];
        for (int k = 0; k < starts.length; k++) {
            starts[k] = windows.targetStart(k);
        }
        return starts;
    }
}
