package io.rnn4j.text;

import io.rnn4j.loss.Targets;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Batches of encoded texts with their classes, bucketed by length ({@link LengthBuckets}) from the
 * seed and the epoch, so a resumed run sees the same batches.
 */
public final class TextBatches {

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

    /** Shuffled, length-bucketed training batches of {@code encoded} texts with {@code labels} ({@link LengthBuckets}). */
    public static BatchSource training(List<int[]> encoded, int[] labels, int batchSize) {
        check(encoded, labels, batchSize);
        int[] lengths = lengths(encoded);
        return (epoch, seed) -> lazy(encoded, labels, LengthBuckets.epoch(lengths, batchSize, new Random(seed * 1_000_003L + epoch)));
    }

    /** Every text once, shortest first (for evaluation); {@link #evaluationOrder} gives the order. */
    public static List<Batch> evaluation(List<int[]> encoded, int[] labels, int batchSize) {
        check(encoded, labels, batchSize);
        return lazy(encoded, labels, LengthBuckets.sorted(lengths(encoded), batchSize));
    }

    /** Indices of the texts from shortest to longest (ties in order). */
    public static int[] evaluationOrder(List<int[]> encoded) {
        return LengthBuckets.order(lengths(encoded));
    }

    private static int[] lengths(List<int[]> encoded) {
        return encoded.stream().mapToInt(e -> e.length).toArray();
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
