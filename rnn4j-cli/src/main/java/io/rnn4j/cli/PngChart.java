package io.rnn4j.cli;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An 800×480 PNG with a framed plot area, drawn with the JDK's own imaging so no plotting stack
 * is needed. Curves are polylines in pixel coordinates; text is skipped on a machine with no
 * usable font, since the curves are still worth having.
 */
final class PngChart {

    static final int WIDTH = 800;
    static final int HEIGHT = 480;

    final int left;
    final int right;
    final int top;
    final int bottom;
    private final BufferedImage image;
    private final Graphics2D g;

    /** A white canvas whose plot area is inset by the given margins, framed in grey. */
    PngChart(int left, int right, int top, int bottom) {
        System.setProperty("java.awt.headless", "true");
        this.left = left;
        this.right = right;
        this.top = top;
        this.bottom = bottom;
        image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.GRAY);
        g.drawRect(left, top, plotWidth(), plotHeight());
    }

    int plotWidth() {
        return WIDTH - left - right;
    }

    int plotHeight() {
        return HEIGHT - top - bottom;
    }

    /** The pixel column of a value at {@code fraction} (0 … 1) across the plot area. */
    int x(double fraction) {
        return left + (int) Math.round(fraction * plotWidth());
    }

    /** The pixel row of a value at {@code fraction} (0 … 1) down from the top of the plot area. */
    int y(double fraction) {
        return top + (int) Math.round(fraction * plotHeight());
    }

    /** Joins the first n points with lines of the given width, and marks each with a dot when {@code dots}. */
    void polyline(Color color, float width, int[] xs, int[] ys, int n, boolean dots) {
        g.setColor(color);
        g.setStroke(new BasicStroke(width));
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                g.drawLine(xs[i - 1], ys[i - 1], xs[i], ys[i]);
            }
            if (dots) {
                g.fillOval(xs[i] - 3, ys[i] - 3, 6, 6);
            }
        }
    }

    /** Fills the region between two curves over the same n columns (an interval band). */
    void band(Color color, int[] xs, int[] upper, int[] lower, int n) {
        int[] px = new int[2 * n];
        int[] py = new int[2 * n];
        for (int i = 0; i < n; i++) {
            px[i] = xs[i];
            py[i] = upper[i];
            px[2 * n - 1 - i] = xs[i];
            py[2 * n - 1 - i] = lower[i];
        }
        g.setColor(color);
        g.fillPolygon(px, py, 2 * n);
    }

    /** Text at (x, y), or nothing where no font can be loaded. */
    void text(Color color, String s, int x, int y) {
        try {
            g.setColor(color);
            g.drawString(s, x, y);
        } catch (RuntimeException | Error e) {
            // No usable font on this machine.
        }
    }

    void write(Path file) throws IOException {
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }
}
