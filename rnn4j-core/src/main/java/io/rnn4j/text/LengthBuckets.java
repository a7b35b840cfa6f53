package io.rnn4j.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * One epoch's batches of examples of about the same length: the examples shuffled, cut into
 * pools of 50 batches, each pool sorted by length and cut into batches, and the batches shuffled.
 * Little of a batch is padding (which the layers skip, but a batch's T is its longest example),
 * and the order still changes every epoch; it depends only on {@code rng}.
 */
final class LengthBuckets {

    /** Batches per pool that is sorted by length. */
    private static final int POOL = 50;

    private LengthBuckets() {
    }

    /** The example indices of each batch, for examples of {@code lengths}. */
    static List<int[]> epoch(int[] lengths, int batchSize, Random rng) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < lengths.length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, rng);
        List<int[]> groups = new ArrayList<>();
        int pool = POOL * batchSize;
        for (int from = 0; from < order.size(); from += pool) {
            List<Integer> chunk = new ArrayList<>(order.subList(from, Math.min(order.size(), from + pool)));
            chunk.sort(Comparator.comparingInt(i -> lengths[i]));
            for (int b = 0; b < chunk.size(); b += batchSize) {
                groups.add(chunk.subList(b, Math.min(chunk.size(), b + batchSize)).stream().mapToInt(Integer::intValue).toArray());
            }
        }
        Collections.shuffle(groups, rng);
        return groups;
    }

    /** Every example once, shortest first, in batches of {@code batchSize}. */
    static List<int[]> sorted(int[] lengths, int batchSize) {
        int[] order = order(lengths);
        List<int[]> groups = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            groups.add(java.util.Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize)));
        }
        return groups;
    }

    /** Indices from shortest to longest (ties in order). */
    static int[] order(int[] lengths) {
        Integer[] idx = new Integer[lengths.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, Comparator.comparingInt(i -> lengths[i]));
        return java.util.Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }
}
