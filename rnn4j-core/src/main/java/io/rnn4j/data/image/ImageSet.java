package io.rnn4j.data.image;

import io.rnn4j.nn.conv.ImageShape;

import java.util.List;

/**
 * Labelled images held as raw 8-bit values: image i is {@code pixels[i·C·H·W …]}, channel-major
 * (C, H, W) as {@link ImageShape} lays it out, with class {@code labels[i]} in
 * {@code 0..classes.size()−1}. Eight bits per value keep MNIST's 60,000 training images in 47 MB;
 * {@link ImageBatches} scales them to floats one batch at a time.
 *
 * @param shape   the shape every image has
 * @param pixels  n·C·H·W values, each 0..255 as an unsigned byte
 * @param labels  n class indices
 * @param classes the class names, by index
 */
public record ImageSet(ImageShape shape, byte[] pixels, int[] labels, List<String> classes) {

    public ImageSet {
        if ((long) labels.length * shape.size() != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + pixels.length / shape.size() + " images of "
                    + shape);
        }
        classes = List.copyOf(classes);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes.size()) {
                throw new IllegalArgumentException("image " + i + " has label " + labels[i] + ", outside 0.." + (classes.size() - 1));
            }
        }
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Value {@code k} of image {@code i} (0..255). */
    public int value(int i, int k) {
        return pixels[i * shape.size() + k] & 0xff;
    }

    /** The images {@code [from, to)} as a new set. */
    public ImageSet slice(int from, int to) {
        int n = shape.size();
        byte[] p = java.util.Arrays.copyOfRange(pixels, from * n, to * n);
        return new ImageSet(shape, p, java.util.Arrays.copyOfRange(labels, from, to), classes);
    }
}
