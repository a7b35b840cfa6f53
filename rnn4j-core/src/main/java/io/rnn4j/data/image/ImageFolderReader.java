package io.rnn4j.data.image;

import io.rnn4j.nn.conv.ImageShape;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads a folder with one sub-folder per class, each holding PNG, JPEG, GIF or BMP images (read
 * with the JDK's {@link ImageIO}); classes are the sub-folder names in sorted order, images in
 * sorted file-name order. All images must have one size. They are kept as one gray channel when
 * every image is gray, else as three (R, G, B); alpha is dropped.
 *
 * <p>Every problem is named with its file or folder: no class folders, an empty class folder, a
 * file that is no readable image, images of mixed sizes.
 */
public final class ImageFolderReader {

    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".gif", ".bmp");

    private ImageFolderReader() {
    }

    /** The class folders of {@code dir}, sorted by name. */
    public static List<Path> classFolders(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a folder");
        }
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().forEach(out::add);
        }
        if (out.isEmpty()) {
            throw new IOException(dir + " has no class sub-folders (expected one folder of images per class, or MNIST's"
                    + " four IDX files)");
        }
        return out;
    }

    public static ImageSet read(Path dir) throws IOException {
        List<Path> folders = classFolders(dir);
        List<String> classes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (Path folder : folders) {
            List<Path> images = new ArrayList<>();
            try (Stream<Path> s = Files.list(folder)) {
                s.filter(Files::isRegularFile).filter(ImageFolderReader::isImageName).sorted().forEach(images::add);
            }
            if (images.isEmpty()) {
                throw new IOException(folder + ": class folder holds no images (" + String.join(", ", EXTENSIONS) + ")");
            }
            for (Path p : images) {
                files.add(p);
                labels.add(classes.size());
            }
            classes.add(folder.getFileName().toString());
        }
        List<BufferedImage> decoded = new ArrayList<>(files.size());
        boolean gray = true;
        BufferedImage first = null;
        for (Path p : files) {
            BufferedImage img = decode(p);
            if (first == null) {
                first = img;
            } else if (img.getWidth() != first.getWidth() || img.getHeight() != first.getHeight()) {
                throw new IOException(p + ": " + img.getWidth() + "x" + img.getHeight() + " pixels, but " + files.get(0)
                        + " has " + first.getWidth() + "x" + first.getHeight() + " (all images must have one size)");
            }
            gray &= isGray(img);
            decoded.add(img);
        }
        ImageShape shape = new ImageShape(gray ? 1 : 3, first.getHeight(), first.getWidth());
        byte[] pixels = new byte[files.size() * shape.size()];
        for (int i = 0; i < decoded.size(); i++) {
            toChannels(decoded.get(i), shape, pixels, i * shape.size());
        }
        return new ImageSet(shape, pixels, labels.stream().mapToInt(Integer::intValue).toArray(), classes);
    }

    /** One image file, scaled to nothing: its own pixels. */
    public static BufferedImage decode(Path p) throws IOException {
        return decode(() -> ImageIO.read(p.toFile()), p.toString());
    }

    /**
     * One image from the bytes of an image file (a server's request body, say); {@code what}
     * names it in the messages.
     */
    public static BufferedImage decode(byte[] file, String what) throws IOException {
        return decode(() -> ImageIO.read(new java.io.ByteArrayInputStream(file)), what);
    }

    /** A call of ImageIO that reads one image, or null when no reader knows the format. */
    private interface ImageRead {
        BufferedImage read() throws IOException;
    }

    private static BufferedImage decode(ImageRead read, String what) throws IOException {
        BufferedImage img;
        try {
            img = read.read();
        } catch (IOException | RuntimeException e) {
            throw new IOException(what + ": cannot be read as an image (" + e.getMessage() + ")");
        }
        if (img == null) {
            throw new IOException(what + ": is no image ImageIO can read (PNG, JPEG, GIF or BMP)");
        }
        return img;
    }

    /** Refuses an image whose size is not {@code shape}'s, naming both sizes. */
    public static void requireSize(BufferedImage img, ImageShape shape, String what) {
        if (img.getWidth() != shape.width() || img.getHeight() != shape.height()) {
            throw new IllegalArgumentException(what + ": " + img.getWidth() + "x" + img.getHeight() + " pixels, the model reads "
                    + shape.width() + "x" + shape.height());
        }
    }

    /** Writes an image as {@code shape}'s channels (1 = gray, 3 = R, G, B) at {@code out[off]}. */
    public static void toChannels(BufferedImage img, ImageShape shape, byte[] out, int off) {
        int h = shape.height();
        int w = shape.width();
        // getRGB converts 8-bit gray through a colour space and changes the values: read those raw
        boolean rawGray = img.getType() == BufferedImage.TYPE_BYTE_GRAY;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = rawGray ? img.getRaster().getSample(x, y, 0) * 0x010101 : img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (shape.channels() == 1) {
                    out[off + y * w + x] = (byte) Math.round(0.299 * r + 0.587 * g + 0.114 * b);
                } else {
                    out[off + y * w + x] = (byte) r;
                    out[off + h * w + y * w + x] = (byte) g;
                    out[off + 2 * h * w + y * w + x] = (byte) b;
                }
            }
        }
    }

    private static boolean isGray(BufferedImage img) {
        if (img.getColorModel().getNumColorComponents() == 1) {
            return true;
        }
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                if (r != ((rgb >> 8) & 0xff) || r != (rgb & 0xff)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isImageName(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String e : EXTENSIONS) {
            if (n.endsWith(e)) {
                return true;
            }
        }
        return false;
    }
}
