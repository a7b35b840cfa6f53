package io.rnn4j.cli;

import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.tasks.GradientFlow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.awt.Color;
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

    @Option(names = "--length", converter = Ranges.Positive.class, defaultValue = "100", description = "Sequence length T (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--hidden", converter = Ranges.Positive.class, defaultValue = "32", description = "Hidden units of each network (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--forget-bias", converter = Ranges.FiniteFloat.class, description = "LSTM: initial forget-gate bias (default: PyTorch's 0).")
    Float forgetBias;

    @Option(names = "--sequences", converter = Ranges.Positive.class, defaultValue = "256", description = "Sequences averaged over (default: ${DEFAULT-VALUE}).")
    int sequences;

    @Option(names = "--train-updates", converter = Ranges.NonNegative.class, defaultValue = "0",
            description = "BPTT updates on the task before measuring; 0 measures the freshly initialised nets (default: ${DEFAULT-VALUE}).")
    int trainUpdates;

    @Option(names = "--seed", converter = Ranges.AnyLong.class, defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--png", defaultValue = "vanishing-gradient.png", description = "Plot file (default: ${DEFAULT-VALUE}).")
    Path png;

    @Option(names = "--json", description = "Print g(k) for every k and cell as one JSON object on stdout (the plot is still written).")
    boolean json;

    @Override
    public void run() {
        threads.apply();
        ApplicationTraining.reporting(json, this::measure);
    }

    private com.google.gson.JsonObject measure() {
        if (length < 20 || hidden < 1 || sequences < 1 || trainUpdates < 0) {
            throw new UsageException("need --length >= 20, --hidden >= 1, --sequences >= 1 and --train-updates >= 0");
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
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        o.addProperty("length", length);
        o.addProperty("hidden", hidden);
        o.addProperty("sequences", sequences);
        o.addProperty("train_updates", trainUpdates);
        o.addProperty("seed", seed);
        com.google.gson.JsonObject cells = new com.google.gson.JsonObject();
        for (int c = 0; c < CELLS.length; c++) {
            com.google.gson.JsonArray values = new com.google.gson.JsonArray();
            for (double v : g[c]) {
                values.add(v);
            }
            cells.add(CELLS[c].name().toLowerCase(Locale.ROOT), values);
        }
        o.add("gradient_norm_by_k", cells);
        o.addProperty("plot", png.toString());
        return o;
    }

    /** log10 g(k) against k, one line per cell. */
    private void write(Path file, double[][] g) throws IOException {
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
        PngChart chart = new PngChart(70, 20, 30, 45);
        int stepDecades = Math.max(1, (int) (hi - lo) / 8);
        for (int d = (int) lo; d <= hi; d += stepDecades) {
            int y = chart.y((hi - d) / (hi - lo));
            chart.polyline(new Color(0xEEEEEE), 1f, new int[] {chart.left + 1, PngChart.WIDTH - chart.right - 1},
                    new int[] {y, y}, 2, false);
            chart.text(Color.DARK_GRAY, "1e" + d, 10, y + 4);
        }
        int n = g[0].length;
        int bottomEdge = PngChart.HEIGHT - chart.bottom;
        for (int k = 0; k < n; k += Math.max(1, n / 10)) {
            chart.text(Color.DARK_GRAY, Integer.toString(k), chart.x((double) k / (n - 1)) - 6, bottomEdge + 16);
        }
        chart.text(Color.DARK_GRAY, "k (steps before the loss)", PngChart.WIDTH / 2 - 60, PngChart.HEIGHT - 8);
        chart.text(Color.DARK_GRAY, String.format(Locale.ROOT, "|d loss / d x(t-k)|, adding problem T=%d, %d units%s", length,
                hidden, trainUpdates == 0 ? ", at initialisation" : ", after " + trainUpdates + " updates"), chart.left, 20);
        int[] xs = new int[n];
        int[] ys = new int[n];
        for (int c = 0; c < g.length; c++) {
            for (int k = 0; k < n; k++) {
                double v = g[c][k] > 0 ? Math.max(lo, Math.log10(g[c][k])) : lo;
                xs[k] = chart.x((double) k / (n - 1));
                ys[k] = chart.y((hi - v) / (hi - lo));
            }
            chart.polyline(COLORS[c], 2f, xs, ys, n, false);
            chart.text(COLORS[c], CELLS[c].name().toLowerCase(Locale.ROOT), PngChart.WIDTH - chart.right - 60, chart.top + 20 + 16 * c);
        }
        chart.write(file);
    }
}
