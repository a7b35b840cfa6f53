package io.rnn4j.cli;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A PNG of the training loss (smoothed, blue) and the validation loss (orange) against updates.
 */
final class LossPlot {

    private static final Color TRAIN = new Color(31, 119, 180);
    private static final Color VALIDATION = new Color(255, 127, 14);

    private LossPlot() {
    }

    /**
     * Draws the plot of a run's metrics log; a plot that cannot be drawn (no display fonts, a full
     * disk) is a warning, not a failed run, since the model and the metrics are what count.
     */
    static void writeOrWarn(Path file, MetricsLog metrics) {
        try {
            write(file, metrics.train, metrics.validation);
        } catch (IOException | RuntimeException | Error e) {
            System.err.println("rnn4j: warning: no loss plot (" + e + ")");
        }
    }

    static void write(Path file, List<MetricsLog.Point> train, List<MetricsLog.Point> validation) throws IOException {
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
        PngChart chart = new PngChart(60, 20, 20, 40);
        int[] xs = new int[Math.max(train.size(), validation.size())];
        int[] ys = new int[xs.length];
        int n = 0;
        for (int i = 0; i < train.size(); i++) {
            if (Double.isFinite(smooth[i])) {
                xs[n] = chart.x((double) train.get(i).step() / maxStep);
                ys[n++] = chart.y((hi - smooth[i]) / (hi - lo));
            }
        }
        chart.polyline(TRAIN, 2f, xs, ys, n, false);
        n = 0;
        for (MetricsLog.Point p : validation) {
            xs[n] = chart.x((double) p.step() / maxStep);
            ys[n++] = chart.y((hi - p.loss()) / (hi - lo));
        }
        chart.polyline(VALIDATION, 2f, xs, ys, n, true);
        int h = PngChart.HEIGHT;
        chart.text(Color.DARK_GRAY, String.format(Locale.ROOT, "%.2f", hi), 5, chart.top + 10);
        chart.text(Color.DARK_GRAY, String.format(Locale.ROOT, "%.2f", lo), 5, h - chart.bottom);
        chart.text(Color.DARK_GRAY, "0", chart.left, h - chart.bottom + 15);
        chart.text(Color.DARK_GRAY, maxStep + " updates", PngChart.WIDTH - chart.right - 90, h - chart.bottom + 15);
        chart.text(TRAIN, "train (smoothed)", chart.left + 10, h - 8);
        chart.text(VALIDATION, "validation", chart.left + 140, h - 8);
        chart.write(file);
    }
}
