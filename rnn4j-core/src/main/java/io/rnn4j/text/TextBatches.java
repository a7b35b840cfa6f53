package io.rnn4j.text;

import io.rnn4j.loss.Targets;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Batches of encoded texts with their classes, bucketed by length so a batch holds texts of
 * about the same length and little of it is padding (which the layers skip anyway, but the
 * batch's T is its longest text). Training batches: each epoch the examples are shuffled, cut
 * into pools of 50 batches, each pool sorted by length and cut into batches, and the batches
 * shuffled; all from the seed and the epoch, so a resumed run sees the same batches.
 */
public final class TextBatches {

    /** Batches per pool that is sorted by length. */
    private static final int POOL = 50;

    private TextBatches() {
    }

    /** The model input for the encoded texts: tokens (T, B) with each text's length. */
    public static Seq input(List<int[]> encoded) {
        int batch = encoded.size();
        int steps = 1;
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = encoded.get(b).length;
            steps = Math.max(steps, lengths[b]);
        }
        int[] tokens = new int[steps * batch];
        for (int b = 0; b < batch; b++) {
            int[] ids = encoded.get(b);
            for (int t = 0; t < ids.length; t++) {
                tokens[t * batch + b] = ids[t];
            }
        }
        return Seq.ofTokens(tokens, steps, batch, lengths);
    }

    /** Shuffled, length-bucketed training batches of {@code encoded} texts with {@code labels}. */
    public static BatchSource training(List<int[]> encoded, int[] labels, int batchSize) {
        check(encoded, labels, batchSize);
        return (epoch, seed) -> {
            Random rng = new Random(seed * 1_000_003L + epoch);
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < encoded.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, rng);
            List<int[]> groups = new ArrayList<>();
            int pool = POOL * batchSize;
            for (int from = 0; from < order.size(); from += pool) {
                List<Integer> chunk = new ArrayList<>(order.subList(from, Math.min(order.size(), from + pool)));
                chunk.sort(Comparator.comparingInt(i -> encoded.get(i).length));
                for (int b = 0; b < chunk.size(); b += batchSize) {
                    groups.add(chunk.subList(b, Math.min(chunk.size(), b + batchSize)).stream().mapToInt(Integer::intValue).toArray());
                }
            }
            Collections.shuffle(groups, rng);
            return lazy(encoded, labels, groups);
        };
    }

    /**
     * Every text once, sorted by length (for evaluation); {@link #evaluationOrder} gives the order
     * so results can be put back.
     */
    public static List<Batch> evaluation(List<int[]> encoded, int[] labels, int batchSize) {
        check(encoded, labels, batchSize);
        int[] order = evaluationOrder(encoded);
        List<int[]> groups = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            groups.add(Arrays.copyOfRange(order, from, Math.min(order.length, from + batchSize)));
        }
        return lazy(encoded, labels, groups);
    }

    /** Indices of the texts from shortest to longest (ties in order). */
    public static int[] evaluationOrder(List<int[]> encoded) {
        Integer[] idx = new Integer[encoded.size()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, Comparator.comparingInt(i -> encoded.get(i).length));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    private static List<Batch> lazy(List<int[]> encoded, int[] labels, List<int[]> groups) {
        return new java.util.AbstractList<>() {
            @Override
            public Batch get(int i) {
                int[] idx = groups.get(i);
                List<int[]> texts = new ArrayList<>(idx.length);
                int[] y = new int[idx.length];
                for (int b = 0; b < idx.length; b++) {
                    texts.add(encoded.get(idx[b]));
                    y[b] = labels[idx[b]];
                }
                return new Batch(input(texts), Targets.classes(y));
            }

            @Override
            public int size() {
                return groups.size();
            }
        };
    }

    private static void check(List<int[]> encoded, int[] labels, int batchSize) {
        if (encoded.isEmpty()) {
            throw new IllegalArgumentException("no texts to make batches of");
        }
        if (encoded.size() != labels.length) {
            throw new IllegalArgumentException(encoded.size() + " texts but " + labels.length + " labels");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
    }
}
