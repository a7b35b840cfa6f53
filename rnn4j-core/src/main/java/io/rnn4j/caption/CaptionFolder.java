package io.rnn4j.caption;

import io.rnn4j.data.image.ImageFolderReader;
import io.rnn4j.data.image.ImageSet;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A captioned-image set on disk: a folder of gray PNG pictures and a {@code captions.tsv} with one
 * line per picture, {@code FILE<TAB>CAPTION}, FILE relative to the folder. Every picture must have
 * the size of the first.
 */
public final class CaptionFolder {

    /** The caption list's name inside a part's folder. */
    public static final String CAPTIONS = "captions.tsv";

    private CaptionFolder() {
    }

    /** Writes {@code set} into {@code dir} (created): {@code 00000.png}, … and {@link #CAPTIONS}. */
    public static void write(CaptionSet set, Path dir) throws IOException {
        Files.createDirectories(dir);
        int h = set.images().shape().height();
        int w = set.images().shape().width();
        int digits = Math.max(5, String.valueOf(set.size() - 1).length());
        StringBuilder tsv = new StringBuilder();
        for (int i = 0; i < set.size(); i++) {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    img.getRaster().setSample(x, y, 0, set.images().value(i, y * w + x));
                }
            }
            String name = String.format("%0" + digits + "d.png", i);
            ImageIO.write(img, "png", dir.resolve(name).toFile());
            tsv.append(name).append('\t').append(set.captions().get(i)).append('\n');
        }
        Path tmp = dir.resolve(CAPTIONS + ".tmp");
        Files.writeString(tmp, tsv, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(CAPTIONS), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a part written by {@link #write}; every problem names the file and what is wrong. */
    public static CaptionSet read(Path dir) throws IOException {
        Path list = dir.resolve(CAPTIONS);
        List<String> lines;
        try {
            lines = Files.readAllLines(list, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IOException(dir + " has no " + CAPTIONS + " (a captioned set is written by: rnn4j caption make)");
        }
        List<Path> files = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n);
            if (line.isEmpty()) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab <= 0 || tab == line.length() - 1 || line.indexOf('\t', tab + 1) >= 0) {
                throw new IOException(list + ":" + (n + 1) + ": expected FILE<TAB>CAPTION, got '" + line + "'");
            }
            String caption = line.substring(tab + 1);
            if (!CaptionSet.isCaption(caption)) {
                throw new IOException(list + ":" + (n + 1) + ": the caption must be words separated by single spaces, got '"
                        + caption + "'");
            }
            Path file = dir.resolve(line.substring(0, tab)).normalize();
            if (!file.startsWith(dir.normalize())) {
                throw new IOException(list + ":" + (n + 1) + ": " + line.substring(0, tab) + " is outside " + dir);
            }
            files.add(file);
            captions.add(caption);
        }
        if (files.isEmpty()) {
            throw new IOException(list + " lists no pictures");
        }
        io.rnn4j.nn.conv.ImageShape shape = null;
        byte[] pixels = null;
        for (int i = 0; i < files.size(); i++) {
            BufferedImage img = ImageFolderReader.decode(files.get(i));
            if (shape == null) {
                shape = new io.rnn4j.nn.conv.ImageShape(1, img.getHeight(), img.getWidth());
                pixels = new byte[Math.multiplyExact(files.size(), shape.size())];
            } else if (img.getHeight() != shape.height() || img.getWidth() != shape.width()) {
                throw new IOException(files.get(i) + ": is " + img.getWidth() + "x" + img.getHeight() + ", but " + files.get(0)
                        + " is " + shape.width() + "x" + shape.height() + "; all pictures must have one size");
            }
            ImageFolderReader.toChannels(img, shape, pixels, i * shape.size());
        }
        return new CaptionSet(new ImageSet(shape, pixels, new int[files.size()], List.of(CaptionSet.IMAGE_CLASS)), captions);
    }
}
