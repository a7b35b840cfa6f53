package io.rnn4j.spark;

import io.rnn4j.data.image.ImageFolderReader;
import io.rnn4j.data.image.ImageSet;
import io.rnn4j.nn.conv.ImageShape;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Image files' bytes in a binary column, decoded to the pixels a model of some shape reads. */
final class ImageBytes {

    private ImageBytes() {
    }

    /**
     * Decodes each file to the pixels a model of {@code shape} reads, refusing those that do not
     * decode or have another size, and hands the good ones to {@code run} {@code batch} at a time
     * as one {@link ImageSet}; {@code run} returns one outcome per image of the set.
     */
    static List<RowOutcome> inBatches(List<Object> files, ImageShape shape, List<String> classes, int batch,
                                      Function<ImageSet, List<RowOutcome>> run) {
        RowOutcome[] out = new RowOutcome[files.size()];
        List<Integer> pending = new ArrayList<>();
        List<byte[]> pixels = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            try {
                pixels.add(pixels((byte[]) files.get(i), shape));
                pending.add(i);
            } catch (IllegalArgumentException e) {
                out[i] = RowOutcome.refused(e.getMessage());
            }
        }
        int size = shape.size();
        for (int from = 0; from < pending.size(); from += batch) {
            int n = Math.min(batch, pending.size() - from);
            byte[] all = new byte[n * size];
            for (int k = 0; k < n; k++) {
                System.arraycopy(pixels.get(from + k), 0, all, k * size, size);
            }
            List<RowOutcome> done = run.apply(new ImageSet(shape, all, new int[n], classes));
            for (int k = 0; k < n; k++) {
                out[pending.get(from + k)] = done.get(k);
            }
        }
        return Arrays.asList(out);
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
