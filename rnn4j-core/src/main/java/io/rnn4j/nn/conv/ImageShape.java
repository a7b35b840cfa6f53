package io.rnn4j.nn.conv;

/**
 * The shape of one image, or feature map, as a layer sees it at each step of a {@link
 * io.rnn4j.tensor.Seq}: C channels of H rows of W columns, stored channel-major ({@code c·H·W +
 * y·W + x}), which is PyTorch's (C, H, W) order, so flattening it needs no copy.
 */
public record ImageShape(int channels, int height, int width) {

    public ImageShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("an image needs at least 1 channel, row and column, got " + channels + "x" + height
                    + "x" + width);
        }
        if ((long) channels * height * width > Integer.MAX_VALUE / 8) {
            throw new IllegalArgumentException("an image of " + channels + "x" + height + "x" + width + " values is too large");
        }
    }

    /** Values per image: C·H·W. */
    public int size() {
        return channels * height * width;
    }

    /** Pixels per channel: H·W. */
    public int area() {
        return height * width;
    }

    /** Refuses a step of {@code features} values that is not one image of this shape. */
    public void check(int features, String layer) {
        if (features != size()) {
            throw new IllegalArgumentException(layer + " expects images of " + this + " = " + size() + " values per step, got "
                    + features);
        }
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
