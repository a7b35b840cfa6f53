package io.rnn4j.data.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {

    @TempDir
    Path dir;

    /** An IDX file of unsigned bytes: magic, sizes, values. */
    static byte[] idx(int[] dims, byte[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0800 | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(values);
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] data) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, data);
        return p;
    }

    @Test
    void readsPlainAndGzippedFilesAlike() throws IOException {
        byte[] pixels = new byte[3 * 2 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 11);
        }
        Path images = write("im", idx(new int[] {3, 2, 4}, pixels));
        Path labels = write("lb.gz", gzip(idx(new int[] {3}, new byte[] {7, 0, 9})));
        ImageSet set = IdxReader.read(images, labels);
        assertEquals(3, set.size());
        assertEquals("1x2x4", set.shape().toString());
        assertEquals(10, set.classes().size());
        assertEquals("[7, 0, 9]", Arrays.toString(set.labels()));
        assertEquals(11 * 9, set.value(1, 1));
        assertEquals(253, set.value(2, 7)); // 23 * 11 = 253: unsigned
    }

    @Test
    void namesTheFileAndTheProblem() throws IOException {
        Path labels = write("labels", idx(new int[] {2}, new byte[] {1, 2}));
        Path images = write("images", idx(new int[] {3, 2, 2}, new byte[12]));
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(images, labels));
        assertTrue(e.getMessage().contains("holds 2 labels, but images holds 3 images"), e.getMessage());

        byte[] whole = idx(new int[] {3, 2, 2}, new byte[12]);
        Path truncated = write("truncated", Arrays.copyOf(whole, whole.length - 5));
        e = assertThrows(IOException.class, () -> IdxReader.read(truncated, labels));
        assertTrue(e.getMessage().startsWith(truncated + ": truncated"), e.getMessage());

        Path header = write("header", Arrays.copyOf(whole, 6));
        e = assertThrows(IOException.class, () -> IdxReader.read(header, labels));
        assertTrue(e.getMessage().contains("truncated inside its header"), e.getMessage());

        Path longer = write("longer", Arrays.copyOf(whole, whole.length + 1));
        e = assertThrows(IOException.class, () -> IdxReader.read(longer, labels));
        assertTrue(e.getMessage().contains("more values than its header declares"), e.getMessage());

        Path png = write("picture.png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 0, 0});
        e = assertThrows(IOException.class, () -> IdxReader.read(png, labels));
        assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());

        byte[] gz = gzip(whole);
        gz[gz.length / 2] ^= 0x5a;
        Path corrupt = write("corrupt.gz", gz);
        e = assertThrows(IOException.class, () -> IdxReader.read(corrupt, labels));
        assertTrue(e.getMessage().startsWith(corrupt.toString()), e.getMessage());

        e = assertThrows(IOException.class, () -> IdxReader.read(labels, labels));
        assertTrue(e.getMessage().contains("an image file has 3 dimensions"), e.getMessage());
        e = assertThrows(IOException.class, () -> IdxReader.mnistTrain(dir));
        assertTrue(e.getMessage().contains("has neither train-images-idx3-ubyte nor train-images-idx3-ubyte.gz"),
                e.getMessage());
    }

    /** The shared MNIST files: 60,000 and 10,000 digits of 28x28, with the published class counts. */
    @Test
    void theMnistFiles() throws IOException {
        Path mnist = Path.of("..", "..", "shared", "data", "mnist");
        assertTrue(IdxReader.isMnistFolder(mnist));
        ImageSet train = IdxReader.mnistTrain(mnist);
        ImageSet test = IdxReader.mnistTest(mnist);
        assertEquals(60_000, train.size());
        assertEquals(10_000, test.size());
        assertEquals("1x28x28", train.shape().toString());
        int[] counts = new int[10];
        for (int y : train.labels()) {
            counts[y]++;
        }
        assertEquals("[5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]", Arrays.toString(counts));
        int[] testCounts = new int[10];
        for (int y : test.labels()) {
            testCounts[y]++;
        }
        assertEquals("[980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]", Arrays.toString(testCounts));
    }
}
