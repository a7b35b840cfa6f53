package io.rnn4j.cli;

import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.tasks.GradientFlow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code rnn4j vanishing}: prints and plots ‖∂loss/∂x_{t−k}‖ against k for RNN, LSTM and GRU on the
 * adding problem, the vanishing gradient made visible.
 */
@Command(name = "vanishing", mixinStandardHelpOptions = true,
        description = "Show the vanishing gradient: the norm of d loss / d x at step t-k against k for RNN, LSTM and GRU"
                + " on the adding problem, as a table and a PNG.")
final class VanishingCommand implements Runnable {

    private static final RecurrentConfig.CellType[] CELLS = {
            RecurrentConfig.CellType.RNN, RecurrentConfig.CellType.LSTM, RecurrentConfig.CellType.GRU};
    private static final Color[] COLORS = {new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C)};

    @Mixin
    ThreadsOption threads;

    @Option(names = "--length", defaultValue = "100", description = "Sequence length T (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--hidden", defaultValue = "32", description = "Hidden units of each network (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--forget-bias", description = "LSTM: initial forget-gate bias (default: PyTorch's 0).")
    Float forgetBias;

    @Option(names = "--sequences", defaultValue = "256", description = "Sequences averaged over (default: ${DEFAULT-VALUE}).")
    int sequences;

    @Option(names = "--train-updates", defaultValue = "0",
            description = "BPTT updates on the task before measuring; 0 measures the freshly initialised nets (default: ${DEFAULT-VALUE}).")
    int trainUpdates;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--png", defaultValue = "vanishing-gradient.png", description = "Plot file (default: ${DEFAULT-VALUE}).")
    Path png;

    @Override
    public void run() {
        threads.apply();
        if (length < 20 || hidden < 1 || sequences < 1 || trainUpdates < 0) {
            throw new IllegalArgumentException("need --length >= 20, --hidden >= 1, --sequences >= 1 and --train-updates >= 0");
        }
        double[][] g = new double[CELLS.length][];
        for (int c = 0; c < CELLS.length; c++) {
            g[c] = GradientFlow.measure(CELLS[c], hidden, forgetBias, length, sequences, trainUpdates, seed);
        }
        System.out.printf(Locale.ROOT, "mean |d loss / d x(t-k)| on the adding problem (T=%d), %d units, %s%n", length, hidden,
                trainUpdates == 0 ? "freshly initialised" : "after " + trainUpdates + " BPTT updates");
        System.out.printf(Locale.ROOT, "%6s %12s %12s %12s%n", "k", "rnn", "lstm", "gru");
        for (int k = 0; k < length; k = k < 10 ? k + 1 : k + 10) {
            System.out.printf(Locale.ROOT, "%6d %12.3e %12.3e %12.3e%n", k, g[0][k], g[1][k], g[2][k]);
        }
        for (int c = 0; c < CELLS.length; c++) {
            System.out.printf(Locale.ROOT, "%s: g(%d)/g(0) = %.2e%n", CELLS[c].name().toLowerCase(Locale.ROOT), length - 1,
                    g[c][length - 1] / g[c][0]);
        }
        try {
            write(png, g);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + png + ": " + e.getMessage(), e);
        }
        System.out.println("plot: " + png);
    }

    /** log10 g(k) against k, one line per cell. */
    private void write(Path file, double[][] g) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int w = 800;
        int h = 480;
        int left = 70;
        int right = 20;
        int top = 30;
        int bottom = 45;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : g) {
            for (double v : row) {
                if (v > 0) {
                    lo = Math.min(lo, Math.log10(v));
                    hi = Math.max(hi, Math.log10(v));
                }
            }
        }
        lo = Math.floor(Math.max(lo, hi - 30));
        hi = Math.ceil(hi);
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = img.createGraphics();
        gr.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        gr.setColor(Color.WHITE);
        gr.fillRect(0, 0, w, h);
        gr.setColor(Color.GRAY);
        gr.drawRect(left, top, w - left - right, h - top - bottom);
        gr.setColor(Color.DARK_GRAY);
        int span = (int) (hi - lo);
        int stepDecades = Math.max(1, span / 8);
        for (int d = (int) lo; d <= hi; d += stepDecades) {
            int y = (int) (top + (hi - d) / (hi - lo) * (h - top - bottom));
            gr.drawString("1e" + d, 10, y + 4);
            gr.setColor(new Color(0xEEEEEE));
            gr.drawLine(left + 1, y, w - right - 1, y);
            gr.setColor(Color.DARK_GRAY);
        }
        int n = g[0].length;
        for (int k = 0; k < n; k += Math.max(1, n / 10)) {
            int x = left + (int) ((double) k / (n - 1) * (w - left - right));
            gr.drawString(Integer.toString(k), x - 6, h - bottom + 16);
        }
        gr.drawString("k (steps before the loss)", w / 2 - 60, h - 8);
        gr.drawString(String.format(Locale.ROOT, "|d loss / d x(t-k)|, adding problem T=%d, %d units%s", length, hidden,
                trainUpdates == 0 ? ", at initialisation" : ", after " + trainUpdates + " updates"), left, 20);
        gr.setStroke(new BasicStroke(2f));
        for (int c = 0; c < g.length; c++) {
            gr.setColor(COLORS[c]);
            int px = -1;
            int py = -1;
            for (int k = 0; k < n; k++) {
                double v = g[c][k] > 0 ? Math.max(lo, Math.log10(g[c][k])) : lo;
                int x = left + (int) ((double) k / (n - 1) * (w - left - right));
                int y = (int) (top + (hi - v) / (hi - lo) * (h - top - bottom));
                if (px >= 0) {
                    gr.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            gr.drawString(CELLS[c].name().toLowerCase(Locale.ROOT), w - right - 60, top + 20 + 16 * c);
        }
        gr.dispose();
        ImageIO.write(img, "png", file.toFile());
    }
}
