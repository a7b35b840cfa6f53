package io.rnn4j.forecast;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.train.Batch;

import java.util.ArrayList;
import java.util.List;

/**
 * A trained forecaster with everything needed to use it on a CSV file again: the network and
 * its shape, the series it forecasts (by column name) and any driving series it also reads, the time column, the split and the scaling
 * it was trained with (so evaluation scores the same test part), the series' usual sampling
 * interval, and its prediction intervals: the head's own (Gaussian or quantile) or, for a point
 * head, offsets fitted on the validation residuals.
 *
 * <p>Forecasts are of the scaled series, (K, H, C) row-major for K windows; {@link #prepare}
 * turns a file's series into the scaled ones, refusing a file without the model's columns.
 */
public final class Forecaster {

    private final ForecastNetwork network;
    private final List<String> columns;
    private final List<String> drivers;
    private final String timeColumn;
    private final TimeSplit split;
    private final Standardizer scaler;
    private final long interval;
    private final double level;
    private final ResidualIntervals intervals;

    /**
     * @param timeColumn the time column's name as the training file had it
     * @param interval   the series' usual step in seconds, for the times of new forecasts
     * @param level      the confidence of the prediction intervals (a quantile head's is its outer quantiles')
     * @param intervals  a point head's residual intervals, or null before they are fitted
     */
    public Forecaster(ForecastNetwork network, List<String> columns, String timeColumn,
                      TimeSplit split, Standardizer scaler, long interval, double level, ResidualIntervals intervals) {
        this(network, columns, List.of(), timeColumn, split, scaler, interval, level, intervals);
    }

    /**
     * As the other constructor, for a network that also reads driving series (DA-RNN):
     * {@code drivers} names them, and the scaler covers the columns then the drivers.
     */
    public Forecaster(ForecastNetwork network, List<String> columns, List<String> drivers, String timeColumn,
                      TimeSplit split, Standardizer scaler, long interval, double level, ResidualIntervals intervals) {
        if (columns.size() != network.channels()) {
            throw new IllegalArgumentException("a model of " + network.channels() + " series cannot forecast columns " + columns);
        }
        if (drivers.size() != network.drivers()) {
            throw new IllegalArgumentException("a model reading " + network.drivers() + " driving series cannot read " + drivers);
        }
        this.network = network;
        this.columns = List.copyOf(columns);
        this.drivers = List.copyOf(drivers);
        this.timeColumn = timeColumn;
        this.split = split;
        this.scaler = scaler;
        this.interval = interval;
        this.level = network.head().level(level);
        this.intervals = intervals;
    }

    public ForecastNetwork network() {
        return network;
    }

    public SequenceModel model() {
        return network.model();
    }

    public List<String> columns() {
        return columns;
    }

    /** The driving series the network reads besides the forecast ones (empty for most networks). */
    public List<String> drivers() {
        return drivers;
    }

    /** The forecast columns, then the drivers: the series {@link #prepare} keeps. */
    public List<String> inputColumns() {
        List<String> all = new ArrayList<>(columns);
        all.addAll(drivers);
        return all;
    }

    public String timeColumn() {
        return timeColumn;
    }

    public TimeSplit split() {
        return split;
    }

    public Standardizer scaler() {
        return scaler;
    }

    public long interval() {
        return interval;
    }

    /** A point head's validation-fitted interval offsets, or null. */
    public ResidualIntervals intervals() {
        return intervals;
    }

    /** Whether forecasts come with intervals: a probabilistic head, or a point head's fitted offsets. */
    public boolean hasIntervals() {
        return network.head().probabilistic() || intervals != null;
    }

    /** The intervals' nominal confidence. */
    public double level() {
        return level;
    }

    public int lookback() {
        return network.lookback();
    }

    public int horizon() {
        return network.horizon();
    }

    public Forecaster withIntervals(ResidualIntervals fitted) {
        return new Forecaster(network, columns, drivers, timeColumn, split, scaler, interval, level, fitted);
    }

    /**
     * The model's series of {@code file}, scaled as in training. A file without one of them is
     * refused naming the file, the column and what the model was trained on.
     */
    public TimeSeries prepare(TimeSeries file) {
        for (String c : inputColumns()) {
            if (!file.columns().contains(c)) {
                throw new IllegalArgumentException(file.source() + " has no column '" + c + "', which the model "
                        + (columns.contains(c) ? "forecasts" : "reads as a driving series") + "; it was trained on "
                        + String.join(", ", inputColumns()) + " and the file has " + String.join(", ", file.columns()));
            }
        }
        return scaler.apply(file.select(inputColumns()));
    }

    /** A training batch of the windows whose targets start at {@code starts}. */
    public Batch batch(TimeSeries scaled, int[] starts) {
        return network.batch(scaled, starts);
    }

    /** Scaled forecasts (K, H, C) of the windows whose targets start at {@code starts}, with intervals when it has them. */
    public Prediction predict(TimeSeries scaled, int[] starts) {
        Prediction p = network.forecast(scaled, starts, level);
        if (p.hasIntervals() || intervals == null) {
            return p;
        }
        int cs = network.channels();
        float[] lower = new float[p.point().length];
        float[] upper = new float[p.point().length];
        for (int i = 0; i < lower.length; i++) {
            int c = i % cs;
            int h = (i / cs) % horizon();
            lower[i] = p.point()[i] + intervals.lower(h, c);
            upper[i] = p.point()[i] + intervals.upper(h, c);
        }
        return new Prediction(p.point(), lower, upper);
    }

    /** Forecasts of every window, in batches of {@code batch}: (K, H, C) each. */
    public Prediction predict(TimeSeries scaled, Windows windows, int batch) {
        int hc = horizon() * network.channels();
        float[] point = new float[windows.count() * hc];
        float[] lower = hasIntervals() ? new float[point.length] : null;
        float[] upper = hasIntervals() ? new float[point.length] : null;
        for (int from = 0; from < windows.count(); from += batch) {
            int n = Math.min(batch, windows.count() - from);
            int[] starts = new int[n];
            for (int k = 0; k < n; k++) {
                starts[k] = windows.targetStart(from + k);
            }
            Prediction p = predict(scaled, starts);
            System.arraycopy(p.point(), 0, point, from * hc, n * hc);
            if (lower != null) {
                System.arraycopy(p.lower(), 0, lower, from * hc, n * hc);
                System.arraycopy(p.upper(), 0, upper, from * hc, n * hc);
            }
        }
        return new Prediction(point, lower, upper);
    }

    /** The actual values (K, H, C) of every window (NaN where missing): the first C series, before any drivers. */
    public static float[] actuals(TimeSeries scaled, Windows windows, int channels) {
        int width = scaled.width();
        int h = windows.horizon();
        float[] a = new float[windows.count() * h * channels];
        for (int k = 0; k < windows.count(); k++) {
            for (int j = 0; j < h; j++) {
                System.arraycopy(scaled.values(), (windows.targetStart(k) + j) * width, a, (k * h + j) * channels, channels);
            }
        }
        return a;
    }

    /** Errors (and interval coverage, when fitted) of every window's forecast. */
    public ForecastMetrics evaluate(TimeSeries scaled, Windows windows, int batch, ForecastMetrics into) {
        Prediction p = predict(scaled, windows, batch);
        float[] a = actuals(scaled, windows, network.channels());
        int cs = network.channels();
        for (int i = 0; i < a.length; i++) {
            int c = i % cs;
            into.add(p.point()[i], a[i], c);
            if (p.hasIntervals()) {
                into.addInterval(p.lower()[i], p.upper()[i], a[i], c);
            }
        }
        return into;
    }

    public JsonObject toJson() {
        JsonObject j = new JsonObject();
        j.add("network", network.toJson());
        JsonArray cols = new JsonArray();
        columns.forEach(cols::add);
        j.add("columns", cols);
        if (!drivers.isEmpty()) {
            JsonArray ds = new JsonArray();
            drivers.forEach(ds::add);
            j.add("drivers", ds);
        }
        j.addProperty("time_column", timeColumn);
        j.addProperty("split", split.toString());
        j.add("mean", doubles(scaler.mean()));
        j.add("std", doubles(scaler.std()));
        j.addProperty("interval_seconds", interval);
        j.addProperty("level", level);
        if (intervals != null) {
            j.add("intervals", intervals.toJson());
        }
        return j;
    }

    /** The forecaster a model file's manifest entry describes around its loaded network. */
    public static Forecaster fromJson(SequenceModel model, JsonElement e) {
        JsonObject j = e.getAsJsonObject();
        List<String> cols = new ArrayList<>();
        j.getAsJsonArray("columns").forEach(c -> cols.add(c.getAsString()));
        List<String> drivers = new ArrayList<>();
        if (j.has("drivers")) {
            j.getAsJsonArray("drivers").forEach(c -> drivers.add(c.getAsString()));
        }
        String[] parts = j.get("split").getAsString().split(",");
        TimeSplit split = new TimeSplit(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        Standardizer scaler = new Standardizer(toDoubles(j.getAsJsonArray("mean")), toDoubles(j.getAsJsonArray("std")));
        ResidualIntervals iv = j.has("intervals") ? ResidualIntervals.fromJson(j.getAsJsonObject("intervals")) : null;
        return new Forecaster(ForecastNetwork.fromJson(model, j.getAsJsonObject("network")), cols, drivers,
                j.get("time_column").getAsString(), split, scaler, j.get("interval_seconds").getAsLong(), j.get("level").getAsDouble(),
                iv);
    }

    private static JsonArray doubles(double[] v) {
        JsonArray a = new JsonArray();
        for (double x : v) {
            a.add(x);
        }
        return a;
    }

    private static double[] toDoubles(JsonArray a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsDouble();
        }
        return v;
    }
}
