package io.rnn4j.spark;

import java.util.ArrayList;
import java.util.List;

/**
 * Which examples each partition contributes to a global batch. A batch of B examples over P
 * partitions takes b_p = ⌊B/P⌋ examples from partition p, one more from each of the first B mod P;
 * at step s partition p contributes its examples s·b_p, …, s·b_p + b_p − 1, counted cyclically
 * through the partition. The step's global batch is the partitions' shards concatenated in
 * partition order, which is what a single machine must train on to match.
 */
public final class Shards {

    private Shards() {
    }

    /** Examples partition {@code p} of {@code partitions} gives to each batch of {@code batch}. */
    public static int perPartition(int batch, int partitions, int p) {
        return batch / partitions + (p < batch % partitions ? 1 : 0);
    }

    /** Partition {@code p}'s shard at {@code step}, from its examples {@code own}. */
    public static <E> List<E> shard(List<E> own, int batch, int partitions, int p, long step) {
        int b = perPartition(batch, partitions, p);
        List<E> out = new ArrayList<>(b);
        if (own.isEmpty()) {
            return out;
        }
        long start = step * b;
        for (int i = 0; i < b; i++) {
            out.add(own.get((int) ((start + i) % own.size())));
        }
        return out;
    }

    /** The global batch at {@code step}: every partition's shard, in partition order. */
    public static <E> List<E> globalBatch(List<List<E>> partitions, int batch, long step) {
        List<E> out = new ArrayList<>(batch);
        for (int p = 0; p < partitions.size(); p++) {
            out.addAll(shard(partitions.get(p), batch, partitions.size(), p, step));
        }
        return out;
    }
}
