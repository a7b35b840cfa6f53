package io.rnn4j.data.image;

import io.rnn4j.nn.conv.ImageShape;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files MNIST ships (LeCun et al., "The MNIST database"), gzipped or not: a
 * big-endian header {@code 0x00 0x00 0x08 D} (unsigned bytes, D dimensions), the D sizes, then the
 * values. Images are {@code idx3} (count, rows, columns), labels {@code idx1} (count).
 *
 * <p>Every problem is named with its file: a wrong magic number, a truncated file, a corrupt
 * gzip stream, values left over, labels that do not match the images in number.
 */
public final class IdxReader {

    /** MNIST's four files, by the names it ships them under (".gz" optional). */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /** Refused before anything is allocated: more values than this in one file. */
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private IdxReader() {
    }

    /** Whether {@code dir} holds MNIST's four files (each plain or gzipped). */
    public static boolean isMnistFolder(Path dir) {
        for (String name : List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)) {
            if (find(dir, name) == null) {
                return false;
            }
        }
        return true;
    }

    /** MNIST's training set (60,000 images) from {@code dir}. */
    public static ImageSet mnistTrain(Path dir) throws IOException {
        return read(require(dir, TRAIN_IMAGES), require(dir, TRAIN_LABELS));
    }

    /** MNIST's test set (10,000 images) from {@code dir}. */
    public static ImageSet mnistTest(Path dir) throws IOException {
        return read(require(dir, TEST_IMAGES), require(dir, TEST_LABELS));
    }

    /** Images and labels from a pair of IDX files; classes "0".."9" or as many as the labels need. */
    public static ImageSet read(Path images, Path labels) throws IOException {
        Idx im = readIdx(images);
        if (im.dims.length != 3) {
            throw new IOException(images + ": an image file has 3 dimensions (count, rows, columns), this one has "
                    + im.dims.length);
        }
        Idx lb = readIdx(labels);
        if (lb.dims.length != 1) {
            throw new IOException(labels + ": a label file has 1 dimension (count), this one has " + lb.dims.length);
        }
        if (lb.dims[0] != im.dims[0]) {
            throw new IOException(labels + " holds " + lb.dims[0] + " labels, but " + images.getFileName() + " holds "
                    + im.dims[0] + " images");
        }
        int[] y = new int[lb.dims[0]];
        int max = 0;
        for (int i = 0; i < y.length; i++) {
            y[i] = lb.values[i] & 0xff;
            max = Math.max(max, y[i]);
        }
        List<String> classes = new ArrayList<>();
        for (int c = 0; c <= Math.max(9, max); c++) {
            classes.add(Integer.toString(c));
        }
        return new ImageSet(new ImageShape(1, im.dims[1], im.dims[2]), im.values, y, classes);
    }

    private record Idx(int[] dims, byte[] values) {
    }

    private static Idx readIdx(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             DataInputStream in = new DataInputStream(gzipped(file, raw) ? new GZIPInputStream(raw, 1 << 16) : raw)) {
            int magic = in.readInt();
            if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xff) != 0x08) {
                throw new IOException(file + ": not an IDX file of unsigned bytes (magic number 0x"
                        + Integer.toHexString(magic) + ", expected 0x0801 for labels or 0x0803 for images)");
            }
            int d = magic & 0xff;
            if (d < 1 || d > 4) {
                throw new IOException(file + ": an IDX file of " + d + " dimensions is not one of images or labels");
            }
            int[] dims = new int[d];
            long total = 1;
            for (int i = 0; i < d; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 1) {
                    throw new IOException(file + ": dimension " + i + " is " + dims[i]);
                }
                total *= dims[i];
                if (total > MAX_VALUES) {
                    throw new IOException(file + ": its header declares more than " + MAX_VALUES + " values");
                }
            }
            byte[] values = new byte[(int) total];
            try {
                in.readFully(values);
            } catch (EOFException e) {
                throw new IOException(file + ": truncated, the header declares " + total + " values");
            }
            if (in.read() != -1) {
                throw new IOException(file + ": holds more values than its header declares (" + total + ")");
            }
            return new Idx(dims, values);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated inside its header");
        } catch (ZipException e) {
            throw new IOException(file + ": corrupt gzip data (" + e.getMessage() + ")");
        }
    }

    private static boolean gzipped(Path file, InputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    private static Path require(Path dir, String name) throws IOException {
        Path p = find(dir, name);
        if (p == null) {
            throw new IOException(dir + " has neither " + name + " nor " + name + ".gz");
        }
        return p;
    }

    private static Path find(Path dir, String name) {
        for (Path p : List.of(dir.resolve(name), dir.resolve(name + ".gz"))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
