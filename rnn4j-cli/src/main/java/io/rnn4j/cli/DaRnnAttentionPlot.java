package io.rnn4j.cli;

import io.rnn4j.forecast.DaRnn;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A PNG of one window's two DA-RNN attentions, as heat maps: above, the input attention α (one
 * row per driving series, one column per look-back step); below, the temporal attention β (one
 * row per decoder step, one column per encoder step). Each map is shaded from its own smallest
 * weight (white) to its largest (black), both printed above it with the uniform weight, since α
 * spreads over a few series and β over many steps, and a nearly uniform map is worth seeing as such.
 */
final class DaRnnAttentionPlot {

    private static final int MARGIN = 16;
    private static final int GAP = 36;

    private DaRnnAttentionPlot() {
    }

    static void write(Path file, String title, List<String> drivers, int lookback, DaRnn.Weights w) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int n = drivers.size();
        int cell = Math.max(2, Math.min(14, 900 / lookback));
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        FontMetrics fm = probe.createGraphics().getFontMetrics(font);
        int labels = 0;
        for (String d : drivers) {
            labels = Math.max(labels, fm.stringWidth(d));
        }
        labels = Math.max(labels, fm.stringWidth("decoder step")) + 8;
        int left = MARGIN + labels;
        int line = fm.getHeight();
        int top1 = MARGIN + 2 * line;
        int inputRows = Math.max(n * cell, 12 * n);
        int rowHeight = inputRows / n;
        int top2 = top1 + n * rowHeight + GAP + line;
        int width = left + lookback * cell + MARGIN;
        int height = top2 + lookback * cell + line + MARGIN;
        width = Math.max(width, left + fm.stringWidth(title) + MARGIN);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setFont(font);
        g.setColor(Color.BLACK);
        g.drawString(title, MARGIN, MARGIN + fm.getAscent());
        float[] input = range(w.input());
        g.drawString(String.format(Locale.ROOT, "input attention over the driving series (white %.3f to black %.3f;"
                + " uniform %.3f)", input[0], input[1], 1.0 / n), left, top1 - 4);
        for (int k = 0; k < n; k++) {
            for (int t = 0; t < lookback; t++) {
                shade(g, w.input()[t * n + k], input);
                g.fillRect(left + t * cell, top1 + k * rowHeight, cell, rowHeight);
            }
            g.setColor(Color.BLACK);
            g.drawString(drivers.get(k), left - 4 - fm.stringWidth(drivers.get(k)),
                    top1 + k * rowHeight + (rowHeight + fm.getAscent()) / 2 - 1);
        }
        float[] temporal = range(w.temporal());
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "temporal attention over the encoder's steps (white %.4f to black %.4f;"
                + " uniform %.4f)", temporal[0], temporal[1], 1.0 / lookback), left, top2 - 4);
        for (int r = 0; r < lookback; r++) {
            for (int s = 0; s < lookback; s++) {
                shade(g, w.temporal()[r * lookback + s], temporal);
                g.fillRect(left + s * cell, top2 + r * cell, cell, cell);
            }
        }
        g.setColor(Color.BLACK);
        g.drawString("decoder step", left - 4 - fm.stringWidth("decoder step"), top2 + fm.getAscent());
        String axis = String.format(Locale.ROOT, "look-back step 1 … %d (the last is the latest)", lookback);
        g.drawString(axis, left, top2 + lookback * cell + line);
        g.setColor(Color.GRAY);
        g.drawRect(left, top1, lookback * cell, n * rowHeight);
        g.drawRect(left, top2, lookback * cell, lookback * cell);
        g.dispose();
        ImagePlots.write(image, file);
    }

    /** White at {@code range[0]}, black at {@code range[1]}. */
    private static void shade(Graphics2D g, float v, float[] range) {
        float span = Math.max(range[1] - range[0], 1e-12f);
        int level = 255 - Math.round(255 * Math.max(0f, Math.min(1f, (v - range[0]) / span)));
        g.setColor(new Color(level, level, level));
    }

    /** {min, max} of the weights. */
    private static float[] range(float[] a) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float v : a) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return new float[] {lo, hi};
    }
}
