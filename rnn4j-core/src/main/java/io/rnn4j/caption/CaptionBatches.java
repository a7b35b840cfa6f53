package io.rnn4j.caption;

import io.rnn4j.data.image.ImageBatches;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;

import java.util.AbstractList;
import java.util.List;
import java.util.Random;

/**
 * Teacher-forcing batches of captioned pictures, made when the trainer asks for them. Training
 * batches take the pictures in a new order each epoch that depends only on the seed and the
 * epoch, so a resumed run sees exactly the batches it would have seen.
 */
public final class CaptionBatches {

    private CaptionBatches() {
    }

    /** Every picture once per epoch, reshuffled each epoch; the last batch may be smaller. */
    public static BatchSource training(CaptionModel model, CaptionSet set, int batchSize) {
        check(set, batchSize);
        return (epoch, seed) -> lazy(model, set, ImageBatches.permutation(set.size(), new Random(seed * 1_000_003L + epoch)), batchSize);
    }

    /** Every picture once, in order. */
    public static List<Batch> inOrder(CaptionModel model, CaptionSet set, int batchSize) {
        check(set, batchSize);
        int[] order = new int[set.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return lazy(model, set, order, batchSize);
    }

    private static List<Batch> lazy(CaptionModel model, CaptionSet set, int[] order, int batchSize) {
        int count = (order.length + batchSize - 1) / batchSize;
        return new AbstractList<>() {
            @Override
            public Batch get(int i) {
                int from = i * batchSize;
                return model.batch(set, java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize)));
            }

            @Override
            public int size() {
                return count;
            }
        };
    }

    private static void check(CaptionSet set, int batchSize) {
        if (set.size() == 0) {
            throw new IllegalArgumentException("no captioned pictures to make batches of");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
    }
}
