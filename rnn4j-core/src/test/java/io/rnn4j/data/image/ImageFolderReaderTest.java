package io.rnn4j.data.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageFolderReaderTest {

    @TempDir
    Path dir;

    private Path png(String cls, String name, int w, int h, int type, int rgb) throws IOException {
        Files.createDirectories(dir.resolve(cls));
        BufferedImage img = new BufferedImage(w, h, type);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, x == 0 && y == 0 ? rgb : 0);
            }
        }
        Path p = dir.resolve(cls).resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    private static BufferedImage gray(int w, int h, int value) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(1, 0, 0, value);
        return img;
    }

    @Test
    void grayImagesKeepTheirRawValuesAndClassesAreSortedFolders() throws IOException {
        Files.createDirectories(dir.resolve("b_cat"));
        Files.createDirectories(dir.resolve("a_dog"));
        ImageIO.write(gray(3, 2, 200), "png", dir.resolve("b_cat/1.png").toFile());
        ImageIO.write(gray(3, 2, 17), "png", dir.resolve("a_dog/x.png").toFile());
        ImageIO.write(gray(3, 2, 90), "png", dir.resolve("a_dog/y.PNG").toFile());
        Files.writeString(dir.resolve("a_dog/notes.txt"), "not an image, not read");
        ImageSet set = ImageFolderReader.read(dir);
        assertEquals(List.of("a_dog", "b_cat"), set.classes());
        assertEquals("1x2x3", set.shape().toString());
        assertEquals(3, set.size());
        assertEquals(0, set.labels()[0]);
        assertEquals(1, set.labels()[2]);
        assertEquals(17, set.value(0, 1));
        assertEquals(90, set.value(1, 1));
        assertEquals(200, set.value(2, 1));
    }

    @Test
    void colourImagesGiveThreeChannels() throws IOException {
        png("red", "1.png", 2, 2, BufferedImage.TYPE_INT_RGB, 0xff1020);
        png("blue", "1.png", 2, 2, BufferedImage.TYPE_INT_RGB, 0x0000ff);
        ImageSet set = ImageFolderReader.read(dir);
        assertEquals("3x2x2", set.shape().toString());
        assertEquals(List.of("blue", "red"), set.classes());
        assertEquals(255, set.value(0, 8)); // blue channel of the blue image's pixel (0, 0)
        assertEquals(255, set.value(1, 0));
        assertEquals(0x10, set.value(1, 4));
        assertEquals(0x20, set.value(1, 8));
    }

    @Test
    void namesTheFileOrFolderAndTheProblem() throws IOException {
        IOException e = assertThrows(IOException.class, () -> ImageFolderReader.read(dir));
        assertTrue(e.getMessage().contains("has no class sub-folders"), e.getMessage());

        png("one", "1.png", 4, 4, BufferedImage.TYPE_INT_RGB, 0);
        Files.createDirectories(dir.resolve("two"));
        e = assertThrows(IOException.class, () -> ImageFolderReader.read(dir));
        assertEquals(dir.resolve("two") + ": class folder holds no images (.png, .jpg, .jpeg, .gif, .bmp)", e.getMessage());

        Path other = png("two", "big.png", 5, 4, BufferedImage.TYPE_INT_RGB, 0);
        e = assertThrows(IOException.class, () -> ImageFolderReader.read(dir));
        assertTrue(e.getMessage().startsWith(other + ": 5x4 pixels, but"), e.getMessage());
        assertTrue(e.getMessage().endsWith("has 4x4 (all images must have one size)"), e.getMessage());

        Files.delete(other);
        Path broken = dir.resolve("two/broken.png");
        Files.writeString(broken, "this is text, not a PNG");
        e = assertThrows(IOException.class, () -> ImageFolderReader.read(dir));
        assertTrue(e.getMessage().startsWith(broken + ": "), e.getMessage());
    }
}
