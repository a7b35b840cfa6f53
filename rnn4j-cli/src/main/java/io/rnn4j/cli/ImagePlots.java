package io.rnn4j.cli;

import io.rnn4j.data.image.ImageSet;

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
import java.util.List;

/**
 * The pictures {@code rnn4j image eval} writes: a confusion matrix (rows the true class, columns
 * the predicted one, each cell shaded by its share of the row and labelled with its count) and a
 * grid of misclassified images, each captioned "true → predicted".
 */
final class ImagePlots {

    private static final int CELL = 36;
    private static final int MARGIN = 16;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private ImagePlots() {
    }

    static void confusion(Path file, int[][] counts, List<String> classes) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int k = classes.size();
        FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(FONT);
        int label = 0;
        for (String c : classes) {
            label = Math.max(label, fm.stringWidth(c));
        }
        int left = MARGIN + label + 8;
        int top = MARGIN + fm.getHeight() * 2;
        int width = left + k * CELL + MARGIN;
        int height = top + k * CELL + MARGIN + fm.getHeight();
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(FONT);
        g.setColor(Color.BLACK);
        g.drawString("predicted", left, MARGIN + fm.getAscent());
        for (int r = 0; r < k; r++) {
            long rowTotal = 0;
            for (int c = 0; c < k; c++) {
                rowTotal += counts[r][c];
            }
            for (int c = 0; c < k; c++) {
                float share = rowTotal == 0 ? 0f : (float) counts[r][c] / rowTotal;
                // the diagonal in blue, mistakes in red, so a few errors stand out against the hits
                int level = 255 - Math.round(200 * (float) Math.sqrt(share));
                g.setColor(r == c ? new Color(level, level, 255) : new Color(255, level, level));
                g.fillRect(left + c * CELL, top + r * CELL, CELL, CELL);
                if (counts[r][c] > 0) {
                    String n = Integer.toString(counts[r][c]);
                    g.setColor(Color.BLACK);
                    g.drawString(n, left + c * CELL + (CELL - fm.stringWidth(n)) / 2, top + r * CELL + (CELL + fm.getAscent()) / 2 - 2);
                }
            }
            g.setColor(Color.BLACK);
            g.drawString(classes.get(r), left - 6 - fm.stringWidth(classes.get(r)), top + r * CELL + (CELL + fm.getAscent()) / 2 - 2);
        }
        for (int c = 0; c < k; c++) {
            String s = classes.get(c);
            g.drawString(s, left + c * CELL + (CELL - fm.stringWidth(s)) / 2, top - 4);
        }
        g.drawString("true class down, predicted across", left, top + k * CELL + fm.getAscent() + 4);
        g.setColor(Color.GRAY);
        g.drawRect(left, top, k * CELL, k * CELL);
        g.dispose();
        write(img, file);
    }

    /** Up to {@code images.length} images in a grid of 10 per row, each scaled up 2× and captioned. */
    static void grid(Path file, ImageSet set, int[] images, String[] captions) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int scale = Math.max(1, 56 / Math.max(set.shape().height(), set.shape().width()));
        int w = set.shape().width() * scale;
        int h = set.shape().height() * scale;
        FontMetrics fm = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics().getFontMetrics(FONT);
        int cellW = Math.max(w, 64) + 8;
        int cellH = h + fm.getHeight() + 8;
        int perRow = 10;
        int rows = Math.max(1, (images.length + perRow - 1) / perRow);
        BufferedImage img = new BufferedImage(MARGIN * 2 + perRow * cellW, MARGIN * 2 + rows * cellH, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(FONT);
        if (images.length == 0) {
            g.setColor(Color.BLACK);
            g.drawString("no misclassified images", MARGIN, MARGIN + fm.getAscent());
        }
        int area = set.shape().area();
        for (int n = 0; n < images.length; n++) {
            int x0 = MARGIN + (n % perRow) * cellW + (cellW - w) / 2;
            int y0 = MARGIN + (n / perRow) * cellH;
            int off = images[n] * set.shape().size();
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = (y / scale) * set.shape().width() + x / scale;
                    int rgb;
                    if (set.shape().channels() >= 3) {
                        rgb = (set.pixels()[off + p] & 0xff) << 16 | (set.pixels()[off + area + p] & 0xff) << 8
                                | (set.pixels()[off + 2 * area + p] & 0xff);
                    } else {
                        int v = set.pixels()[off + p] & 0xff;
                        rgb = v * 0x010101;
                    }
                    img.setRGB(x0 + x, y0 + y, rgb);
                }
            }
            g.setColor(Color.BLACK);
            String c = captions[n];
            g.drawString(c, MARGIN + (n % perRow) * cellW + (cellW - fm.stringWidth(c)) / 2, y0 + h + fm.getAscent() + 2);
        }
        g.dispose();
        write(img, file);
    }

    /** Writes a PNG atomically: a hidden temporary file beside it, then a rename. */
    static void write(BufferedImage img, Path file) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        ImageIO.write(img, "png", tmp.toFile());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
