package io.rnn4j.cli;

import io.rnn4j.caption.CaptionFolder;
import io.rnn4j.caption.CaptionSet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A captioned set as the caption commands read it: {@code DIR/train} and, if present,
 * {@code DIR/test}; every twelfth training picture is held out for validation (as the image
 * commands do), and a SHA-256 of the training part ties a checkpoint to its data.
 */
record CaptionData(CaptionSet train, CaptionSet test, String digest) {

    /** Reads DIR, announcing what it read on {@code log} (stderr when stdout carries JSON). */
    static CaptionData read(Path dir, java.io.PrintStream log) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--data " + dir + " is not a folder (write a captioned set with: rnn4j caption make)");
        }
        try {
            long start = System.nanoTime();
            CaptionSet train = CaptionFolder.read(dir.resolve("train"));
            CaptionSet test = Files.isDirectory(dir.resolve("test")) ? CaptionFolder.read(dir.resolve("test")) : null;
            log.printf(Locale.ROOT, "read %,d training%s captioned pictures of %s from %s in %.1f s%n", train.size(),
                    test == null ? "" : String.format(Locale.ROOT, " and %,d test", test.size()), train.images().shape(), dir,
                    (System.nanoTime() - start) / 1e9);
            return new CaptionData(train, test, digest(train));
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** The pictures kept for training ({@code validation} false) or held out. */
    static CaptionSet part(CaptionSet set, boolean validation) {
        java.util.List<String> captions = new java.util.ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            if (ImageData.heldOut(i) == validation) {
                captions.add(set.captions().get(i));
            }
        }
        return new CaptionSet(ImageData.part(set.images(), validation), captions);
    }

    private static String digest(CaptionSet s) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(s.images().shape().toString().getBytes(StandardCharsets.UTF_8));
            md.update(s.images().pixels());
            md.update(String.join("\n", s.captions()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
