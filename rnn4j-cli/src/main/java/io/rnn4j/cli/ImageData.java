package io.rnn4j.cli;

import io.rnn4j.data.image.IdxReader;
import io.rnn4j.data.image.ImageFolderReader;
import io.rnn4j.data.image.ImageSet;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The images a {@code rnn4j image} command reads from {@code --data DIR}: MNIST's four IDX files
 * (its training and test sets), or one sub-folder of images per class (all of it "train"; no test
 * set). Training holds out every twelfth training image (index mod 12 = 11) for validation: 5,000
 * of MNIST's 60,000.
 *
 * @param train  the training images
 * @param test   MNIST's test images, or null for a folder of classes
 * @param digest SHA-256 of every image and label, so a resumed run knows its data
 */
record ImageData(ImageSet train, ImageSet test, String digest) {

    /** One image in this many is held out for validation. */
    static final int VALIDATION_EVERY = 12;

    /** Reads DIR, announcing what it read on {@code log} (stderr when stdout carries JSON). */
    static ImageData read(Path dir, java.io.PrintStream log) {
        if (!Files.exists(dir)) {
            throw new IllegalArgumentException("--data " + dir + ": no such folder");
        }
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--data " + dir + " is a file; give the folder that holds MNIST's four IDX files"
                    + " or one sub-folder of images per class");
        }
        long start = System.nanoTime();
        try {
            ImageData d;
            if (IdxReader.isMnistFolder(dir)) {
                ImageSet train = IdxReader.mnistTrain(dir);
                ImageSet test = IdxReader.mnistTest(dir);
                if (!train.shape().equals(test.shape())) {
                    throw new IOException(dir + ": training images are " + train.shape() + ", test images " + test.shape());
                }
                d = new ImageData(train, test, digest(train, test));
            } else {
                ImageSet all = ImageFolderReader.read(dir);
                d = new ImageData(all, null, digest(all, null));
            }
            log.printf(Locale.ROOT, "read %,d training%s images of %s, %d classes, from %s in %.1f s%n", d.train.size(),
                    d.test == null ? "" : String.format(Locale.ROOT, " and %,d test", d.test.size()), d.train.shape(),
                    d.train.classes().size(), dir, (System.nanoTime() - start) / 1e9);
            return d;
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** Whether training item {@code i} is held out for validation: every twelfth, from the twelfth. */
    static boolean heldOut(int i) {
        return i % VALIDATION_EVERY == VALIDATION_EVERY - 1;
    }

    /** The training images kept for training ({@code validation} false) or held out. */
    static ImageSet part(ImageSet set, boolean validation) {
        int n = 0;
        for (int i = 0; i < set.size(); i++) {
            if (heldOut(i) == validation) {
                n++;
            }
        }
        int size = set.shape().size();
        byte[] pixels = new byte[n * size];
        int[] labels = new int[n];
        int k = 0;
        for (int i = 0; i < set.size(); i++) {
            if (heldOut(i) == validation) {
                System.arraycopy(set.pixels(), i * size, pixels, k * size, size);
                labels[k++] = set.labels()[i];
            }
        }
        return new ImageSet(set.shape(), pixels, labels, set.classes());
    }

    private static String digest(ImageSet a, ImageSet b) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (ImageSet s : b == null ? new ImageSet[] {a} : new ImageSet[] {a, b}) {
                md.update(s.shape().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update(s.pixels());
                ByteBuffer labels = ByteBuffer.allocate(4 * s.size());
                for (int y : s.labels()) {
                    labels.putInt(y);
                }
                md.update(labels.array());
                md.update(String.join("\n", s.classes()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
