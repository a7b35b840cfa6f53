package io.rnn4j.data.image;

import io.rnn4j.nn.conv.ImageShape;

/**
 * How an image of (C, H, W) becomes a sequence for a model:
 * <ul>
 *   <li>{@link #IMAGE}: one step of all C·H·W values, for convolutional networks;</li>
 *   <li>{@link #ROWS}: H steps, step y holding row y's C·W values (c·W + x), for "row-by-row"
 *       recurrent networks reading MNIST as 28 steps of 28 pixels;</li>
 *   <li>{@link #PIXELS}: H·W steps of C values in reading order, "sequential MNIST" (784 steps;
 *       Le et al. 2015).</li>
 * </ul>
 */
public enum ImageView {
    IMAGE, ROWS, PIXELS;

    /** Steps per image. */
    public int steps(ImageShape s) {
        return switch (this) {
            case IMAGE -> 1;
            case ROWS -> s.height();
            case PIXELS -> s.area();
        };
    }

    /** Values per step. */
    public int features(ImageShape s) {
        return switch (this) {
            case IMAGE -> s.size();
            case ROWS -> s.channels() * s.width();
            case PIXELS -> s.channels();
        };
    }

    /** The step and feature that value (c, y, x) of an image lands on, as {@code step · features + feature}. */
    int position(ImageShape s, int c, int y, int x) {
        return switch (this) {
            case IMAGE -> (c * s.height() + y) * s.width() + x;
            case ROWS -> y * s.channels() * s.width() + c * s.width() + x;
            case PIXELS -> (y * s.width() + x) * s.channels() + c;
        };
    }
}
