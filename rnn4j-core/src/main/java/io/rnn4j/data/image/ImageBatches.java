package io.rnn4j.data.image;

import io.rnn4j.loss.Targets;
import io.rnn4j.nn.conv.ImageShape;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;

import java.util.AbstractList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Batches of labelled images for the trainer, made one at a time when the trainer asks for them,
 * so an epoch of MNIST never exists as floats all at once. Training batches are reshuffled every
 * epoch and optionally augmented with random shifts; both depend only on the seed, the epoch and
 * the batch index, so a resumed run sees exactly the batches it would have seen.
 */
public final class ImageBatches {

    private ImageBatches() {
    }

    /**
     * Training batches: the images in a new order each epoch (the last batch may be smaller),
     * each image shifted by a random whole number of pixels in −maxShift..maxShift along each axis
     * (the uncovered border filled with 0, the background), then normalised.
     */
    public static BatchSource training(ImageSet set, ImageView view, Normalization norm, int batchSize, int maxShift) {
        checkBatch(set, batchSize, maxShift);
        return (epoch, seed) -> {
            int[] order = permutation(set.size(), new Random(seed * 1_000_003L + epoch));
            return lazy(set, order, view, norm, batchSize, maxShift, seed * 31 + epoch);
        };
    }

    /** Evaluation batches: every image once, in order, unshifted. */
    public static List<Batch> inOrder(ImageSet set, ImageView view, Normalization norm, int batchSize) {
        checkBatch(set, batchSize, 0);
        int[] order = new int[set.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        return lazy(set, order, view, norm, batchSize, 0, 0);
    }

    /**
     * The model input for images {@code indices}, viewed as {@code view}: (steps, B, features).
     * With {@code shift} set, image b is moved by {@code shift[2b]} rows and {@code shift[2b+1]}
     * columns.
     */
    public static Seq input(ImageSet set, int[] indices, ImageView view, Normalization norm, int[] shift) {
        ImageShape s = set.shape();
        if (norm.channels() != s.channels()) {
            throw new IllegalArgumentException("normalization for " + norm.channels() + " channels, images have " + s.channels());
        }
        int steps = view.steps(s);
        int features = view.features(s);
        int batch = indices.length;
        float[] values = new float[steps * batch * features];
        for (int b = 0; b < batch; b++) {
            int img = indices[b];
            int dy = shift == null ? 0 : shift[2 * b];
            int dx = shift == null ? 0 : shift[2 * b + 1];
            for (int c = 0; c < s.channels(); c++) {
                float background = norm.apply(0, c);
                for (int y = 0; y < s.height(); y++) {
                    int sy = y - dy;
                    for (int x = 0; x < s.width(); x++) {
                        int sx = x - dx;
                        float v = sy < 0 || sy >= s.height() || sx < 0 || sx >= s.width() ? background
                                : norm.apply(set.value(img, (c * s.height() + sy) * s.width() + sx), c);
                        int pos = view.position(s, c, y, x);
                        values[((pos / features) * batch + b) * features + pos % features] = v;
                    }
                }
            }
        }
        return Seq.ofValues(values, steps, batch, features, null);
    }

    private static List<Batch> lazy(ImageSet set, int[] order, ImageView view, Normalization norm, int batchSize,
                                    int maxShift, long augmentSeed) {
        int count = (order.length + batchSize - 1) / batchSize;
        return new AbstractList<>() {
            @Override
            public Batch get(int i) {
                int from = i * batchSize;
                int to = Math.min(order.length, from + batchSize);
                int[] idx = java.util.Arrays.copyOfRange(order, from, to);
                int[] shift = null;
                if (maxShift > 0) {
                    SplittableRandom rng = new SplittableRandom(augmentSeed * 1_000_003L + i);
                    shift = new int[2 * idx.length];
                    for (int k = 0; k < shift.length; k++) {
                        shift[k] = rng.nextInt(2 * maxShift + 1) - maxShift;
                    }
                }
                int[] labels = new int[idx.length];
                for (int b = 0; b < idx.length; b++) {
                    labels[b] = set.labels()[idx[b]];
                }
                return new Batch(input(set, idx, view, norm, shift), Targets.classes(labels));
            }

            @Override
            public int size() {
                return count;
            }
        };
    }

    /** 0..n−1 in the order of a Fisher–Yates shuffle drawn from {@code rng}: the batches' order for one epoch. */
    public static int[] permutation(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static void checkBatch(ImageSet set, int batchSize, int maxShift) {
        if (set.size() == 0) {
            throw new IllegalArgumentException("no images to make batches of");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (maxShift < 0) {
            throw new IllegalArgumentException("the largest shift must be >= 0 pixels, got " + maxShift);
        }
    }
}
