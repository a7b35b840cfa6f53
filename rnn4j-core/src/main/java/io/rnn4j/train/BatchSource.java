package io.rnn4j.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The batches of one epoch. {@code shuffled} sources reorder per epoch from the given seed;
 * language-model streams must not be shuffled, since state is carried from batch to batch.
 */
@FunctionalInterface
public interface BatchSource {

    List<Batch> epoch(int epoch, long seed);

    /** The same batches every epoch, in order. */
    static BatchSource fixed(List<Batch> batches) {
        List<Batch> copy = List.copyOf(batches);
        return (epoch, seed) -> copy;
    }

    /** The same batches, shuffled differently each epoch (deterministic for a seed). */
    static BatchSource shuffled(List<Batch> batches) {
        List<Batch> copy = List.copyOf(batches);
        return (epoch, seed) -> {
            List<Batch> order = new ArrayList<>(copy);
            Collections.shuffle(order, new Random(seed * 1_000_003L + epoch));
            return order;
        };
    }
}
