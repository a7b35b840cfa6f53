package io.rnn4j.spark;

import io.rnn4j.data.image.ImageFolderReader;
import io.rnn4j.nn.conv.ImageShape;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;

/** Image files' bytes in a binary column, decoded to the pixels a model of some shape reads. */
final class ImageBytes {

    private ImageBytes() {
    }

    /** Images {@code [from, from + n)} of {@code pixels} (each {@code size} bytes) as one run of bytes, image after image. */
    static byte[] concat(List<byte[]> pixels, int from, int n, int size) {
        byte[] all = new byte[n * size];
        for (int k = 0; k < n; k++) {
            System.arraycopy(pixels.get(from + k), 0, all, k * size, size);
        }
        return all;
    }

    /**
     * The pixels of a PNG, JPEG, GIF or BMP file, channel by channel, as the model reads them.
     *
     * @throws IllegalArgumentException when the bytes do not decode, or the image has another size
     */
    static byte[] pixels(byte[] file, ImageShape shape) {
        try {
            BufferedImage img = ImageFolderReader.decode(file, "the image (" + file.length + " bytes)");
            ImageFolderReader.requireSize(img, shape, "the image");
            byte[] p = new byte[shape.size()];
            ImageFolderReader.toChannels(img, shape, p, 0);
            return p;
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
