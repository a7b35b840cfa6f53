package io.rnn4j.cli;

import io.rnn4j.forecast.Forecaster;
import io.rnn4j.forecast.Prediction;
import io.rnn4j.forecast.TimeSeries;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A forecast against what happened: the look-back in grey, the actual future in black (when
 * known), the forecast in blue inside its prediction interval (light blue), one series, in its
 * own units.
 */
final class ForecastPlot {

    private ForecastPlot() {
    }

    /**
     * Draws series {@code column} (null: the first the model forecasts) of the window whose targets
     * start at row {@code t} of {@code raw}: its look-back, the actual values when {@code raw}
     * holds them, and the forecast {@code p} (scaled, (1, H, C)) with its interval, in the series'
     * units.
     */
    static void window(Path file, String title, Forecaster f, TimeSeries raw, int t, Prediction p, String column) {
        int c = column == null ? 0 : f.columns().indexOf(column);
        if (c < 0) {
            throw new UsageException("--column '" + column + "' is not one the model forecasts: " + String.join(", ", f.columns()));
        }
        int hz = f.horizon();
        int cs = f.columns().size();
        double[] history = new double[f.lookback()];
        for (int i = 0; i < history.length; i++) {
            history[i] = raw.value(t - f.lookback() + i, c);
        }
        boolean known = t + hz <= raw.rows();
        double[] actual = known ? new double[hz] : null;
        double[] forecast = new double[hz];
        double[] lower = p.hasIntervals() ? new double[hz] : null;
        double[] upper = p.hasIntervals() ? new double[hz] : null;
        for (int h = 0; h < hz; h++) {
            int at = h * cs + c;
            if (known) {
                actual[h] = raw.value(t + h, c);
            }
            forecast[h] = f.scaler().invert(p.point()[at], c);
            if (lower != null) {
                lower[h] = f.scaler().invert(p.lower()[at], c);
                upper[h] = f.scaler().invert(p.upper()[at], c);
            }
        }
        write(file, String.format(Locale.ROOT, "%s: %s, %s", raw.source(), f.columns().get(c), title), history, actual, forecast,
                lower, upper);
    }

    /**
     * @param history  the last look-back values
     * @param actual   the actual values over the horizon, or null when not yet known
     * @param forecast the forecast over the horizon
     * @param lower    the interval's lower ends, or null
     * @param upper    the interval's upper ends, or null
     */
    static void write(Path file, String title, double[] history, double[] actual, double[] forecast, double[] lower,
                      double[] upper) {
        int n = history.length + forecast.length;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] a : new double[][]{history, actual, forecast, lower, upper}) {
            if (a == null) {
                continue;
            }
            for (double v : a) {
                if (Double.isFinite(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        PngChart c = new PngChart(70, 20, 40, 40);
        double min = lo;
        double span = hi - lo;
        int h = forecast.length;
        int[] xs = new int[h + 1];
        int[] ys = new int[h + 1];
        int[] ys2 = new int[h + 1];
        if (lower != null && upper != null) {
            for (int i = 0; i < h; i++) {
                xs[i] = c.x((history.length + i) / (double) (n - 1));
                ys[i] = c.y(1 - (upper[i] - min) / span);
                ys2[i] = c.y(1 - (lower[i] - min) / span);
            }
            c.band(new Color(190, 215, 245), xs, ys, ys2, h);
        }
        int[] hx = new int[history.length];
        int[] hy = new int[history.length];
        for (int i = 0; i < history.length; i++) {
            hx[i] = c.x(i / (double) (n - 1));
            hy[i] = c.y(1 - (history[i] - min) / span);
        }
        c.polyline(Color.GRAY, 1.5f, hx, hy, history.length, false);
        if (actual != null) {
            curve(c, Color.BLACK, history, actual, n, min, span);
        }
        curve(c, new Color(30, 90, 200), history, forecast, n, min, span);
        c.text(Color.BLACK, title, c.left, 25);
        c.text(Color.DARK_GRAY, String.format(Locale.ROOT, "%.4g", hi), 5, c.top + 5);
        c.text(Color.DARK_GRAY, String.format(Locale.ROOT, "%.4g", lo), 5, c.top + c.plotHeight());
        c.text(Color.DARK_GRAY, "look-back (grey), actual (black), forecast (blue) with interval", c.left, c.top + c.plotHeight() + 25);
        try {
            c.write(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + file + ": " + CliFiles.describe(e));
        }
    }

    /** A curve over the horizon, joined to the last look-back value. */
    private static void curve(PngChart c, Color color, double[] history, double[] values, int n, double min, double span) {
        int[] xs = new int[values.length + 1];
        int[] ys = new int[values.length + 1];
        xs[0] = c.x((history.length - 1) / (double) (n - 1));
        ys[0] = c.y(1 - (history[history.length - 1] - min) / span);
        for (int i = 0; i < values.length; i++) {
            xs[i + 1] = c.x((history.length + i) / (double) (n - 1));
            ys[i + 1] = c.y(1 - (values[i] - min) / span);
        }
        c.polyline(color, 2f, xs, ys, values.length + 1, false);
    }
}
