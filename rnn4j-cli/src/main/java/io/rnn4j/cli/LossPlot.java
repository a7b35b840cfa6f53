package io.rnn4j.cli;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A PNG of the training loss (smoothed, blue) and the validation loss (orange) against updates,
 * drawn with the JDK's own imaging so no plotting stack is needed.
 */
final class LossPlot {

    private LossPlot() {
    }

    static void write(Path file, List<MetricsLog.Point> train, List<MetricsLog.Point> validation) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = 800;
        int h = 480;
        int left = 60;
        int right = 20;
        int top = 20;
        int bottom = 40;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        long maxStep = 1;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        double[] smooth = new double[train.size()];
        double s = Double.NaN;
        for (int i = 0; i < train.size(); i++) {
            double v = train.get(i).loss();
            if (Double.isFinite(v)) {
                s = Double.isNaN(s) ? v : 0.95 * s + 0.05 * v;
            }
            smooth[i] = s;
            maxStep = Math.max(maxStep, train.get(i).step());
            if (Double.isFinite(s)) {
                lo = Math.min(lo, s);
                hi = Math.max(hi, s);
            }
        }
        for (MetricsLog.Point p : validation) {
            maxStep = Math.max(maxStep, p.step());
            lo = Math.min(lo, p.loss());
            hi = Math.max(hi, p.loss());
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        g.setColor(Color.GRAY);
        g.drawRect(left, top, w - left - right, h - top - bottom);
        g.setStroke(new BasicStroke(2f));
        g.setColor(new Color(31, 119, 180));
        int[] prev = null;
        for (int i = 0; i < train.size(); i++) {
            if (!Double.isFinite(smooth[i])) {
                continue;
            }
            int[] pt = point(train.get(i).step(), smooth[i], maxStep, lo, hi, w, h, left, right, top, bottom);
            if (prev != null) {
                g.drawLine(prev[0], prev[1], pt[0], pt[1]);
            }
            prev = pt;
        }
        g.setColor(new Color(255, 127, 14));
        prev = null;
        for (MetricsLog.Point p : validation) {
            int[] pt = point(p.step(), p.loss(), maxStep, lo, hi, w, h, left, right, top, bottom);
            g.fillOval(pt[0] - 3, pt[1] - 3, 6, 6);
            if (prev != null) {
                g.drawLine(prev[0], prev[1], pt[0], pt[1]);
            }
            prev = pt;
        }
        try {
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, "%.2f", hi), 5, top + 10);
            g.drawString(String.format(Locale.ROOT, "%.2f", lo), 5, h - bottom);
            g.drawString("0", left, h - bottom + 15);
            g.drawString(maxStep + " updates", w - right - 90, h - bottom + 15);
            g.setColor(new Color(31, 119, 180));
            g.drawString("train (smoothed)", left + 10, h - 8);
            g.setColor(new Color(255, 127, 14));
            g.drawString("validation", left + 140, h - 8);
        } catch (RuntimeException | Error e) {
            // No usable font on this machine: the curves are still worth having.
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static int[] point(long step, double loss, long maxStep, double lo, double hi,
                               int w, int h, int left, int right, int top, int bottom) {
        int x = left + (int) Math.round((double) step / maxStep * (w - left - right));
        int y = top + (int) Math.round((hi - loss) / (hi - lo) * (h - top - bottom));
        return new int[] {x, y};
    }
}
