package io.rnn4j.cli;

import io.rnn4j.caption.CaptionModel;
import io.rnn4j.caption.Captioner;
import io.rnn4j.data.image.ImageSet;
import io.rnn4j.nn.conv.ImageShape;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

/**
 * A PNG of where a captioner looked: one panel per written word (and END), each the picture
 * enlarged with that step's attention weights over the feature map laid on it in red (bilinear
 * between the map's cells, scaled so the step's largest weight is full red), the word beneath.
 * Without attention there are no weights and each panel is the plain picture.
 */
final class CaptionAttentionPicture {

    private static final int SCALE = 3;
    private static final int PER_ROW = 6;
    private static final int GAP = 8;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);

    private CaptionAttentionPicture() {
    }

    /**
     * Writes {@code DIR/NAME.attention.png} for picture {@code index} of {@code images}, NAME the
     * source file's name without its extension, and returns its path.
     */
    static Path writeInto(Path dir, Path source, ImageSet images, int index, Captioner.Caption caption, CaptionModel model) {
        String name = source.getFileName().toString();
        int dot = name.lastIndexOf('.');
        Path file = dir.resolve((dot > 0 ? name.substring(0, dot) : name) + ".attention.png");
        try {
            Files.createDirectories(dir);
            write(file, images, index, Arrays.asList(caption.text().split(" ")), caption.attention(), model.featureShape());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + e.getMessage());
        }
        return file;
    }

    static void write(Path file, ImageSet images, int index, List<String> words, float[][] attention, ImageShape map)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        int h = images.shape().height();
        int w = images.shape().width();
        int ph = h * SCALE;
        int pw = w * SCALE;
        int label = 22;
        int panels = Math.max(1, attention.length);
        int cols = Math.min(PER_ROW, panels);
        int rows = (panels + cols - 1) / cols;
        BufferedImage out = new BufferedImage(GAP + cols * (pw + GAP), GAP + rows * (ph + label + GAP), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.setFont(FONT);
        FontMetrics fm = g.getFontMetrics();
        for (int k = 0; k < panels; k++) {
            float[] weights = k < attention.length ? attention[k] : new float[0];
            float top = 0f;
            for (float v : weights) {
                top = Math.max(top, v);
            }
            int x0 = GAP + (k % cols) * (pw + GAP);
            int y0 = GAP + (k / cols) * (ph + label + GAP);
            for (int y = 0; y < ph; y++) {
                for (int x = 0; x < pw; x++) {
                    int v = images.value(index, (y / SCALE) * w + x / SCALE);
                    float a = weights.length == map.area() && top > 0f
                            ? weightAt(weights, map, (y + 0.5f) / ph, (x + 0.5f) / pw) / top : 0f;
                    int r = Math.round(v + (255 - v) * 0.75f * a);
                    int gb = Math.round(v * (1 - 0.6f * a));
                    out.setRGB(x0 + x, y0 + y, (r << 16) | (gb << 8) | gb);
                }
            }
            String word = k < words.size() ? words.get(k) : "</s>";
            g.setColor(Color.BLACK);
            g.drawString(word, x0 + (pw - fm.stringWidth(word)) / 2, y0 + ph + fm.getAscent() + 2);
        }
        g.dispose();
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        ImageIO.write(out, "png", tmp.toFile());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The weight map (map.height × map.width cells) at relative position (v, u) in [0, 1), bilinear between cell centres. */
    private static float weightAt(float[] weights, ImageShape map, float v, float u) {
        float fy = Math.max(0f, Math.min(map.height() - 1f, v * map.height() - 0.5f));
        float fx = Math.max(0f, Math.min(map.width() - 1f, u * map.width() - 0.5f));
        int y0 = (int) fy;
        int x0 = (int) fx;
        int y1 = Math.min(y0 + 1, map.height() - 1);
        int x1 = Math.min(x0 + 1, map.width() - 1);
        float dy = fy - y0;
        float dx = fx - x0;
        return (1 - dy) * ((1 - dx) * weights[y0 * map.width() + x0] + dx * weights[y0 * map.width() + x1])
                + dy * ((1 - dx) * weights[y1 * map.width() + x0] + dx * weights[y1 * map.width() + x1]);
    }
}
