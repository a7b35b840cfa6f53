package io.rnn4j.cli;

import io.rnn4j.forecast.Forecaster;
import io.rnn4j.forecast.Prediction;
import io.rnn4j.forecast.TimeSeries;
import io.rnn4j.interop.AtomicFiles;
import io.rnn4j.io.ForecastModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** {@code rnn4j forecast predict}: the next H steps after a file's last row, with prediction intervals. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Forecast the H steps after the last row of a CSV file from its last L rows: a CSV of time, then for each"
                + " series its forecast and, when the model has them, the interval's lower and upper ends (COL_lower, COL_upper),"
                + " in the series' units.")
final class ForecastPredictCommand implements Runnable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", required = true, description = "Model file written by forecast train.")
    Path model;

    @Mixin
    ForecastData.Options data;

    @Option(names = "--out", paramLabel = "FILE.csv", description = "Write the forecast here instead of standard output.")
    Path out;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw the forecast of one series after its look-back.")
    Path plot;

    @Option(names = "--column", description = "The series --plot draws (default: the first the model forecasts).")
    String column;

    @Option(names = "--json", description = "Print the forecast as one JSON object on stdout ({times, series: {COL: {point,"
            + " lower, upper}}}) instead of the CSV; with --out the CSV is still written there.")
    boolean json;

    @Override
    public void run() {
        threads.apply();
        CliFiles.requireInputFile("--model", model);
        if (out != null) {
            CliFiles.requireOutputFile("--out", out);
        }
        Forecaster f = ForecastModelFile.load(model);
        if (data.timeColumn == null) {
            data.timeColumn = f.timeColumn();
        }
        PrintStream log = System.err;
        ForecastData.Loaded loaded = ForecastData.read(data, f.inputColumns(), log, ", which the model reads (it was trained on "
                + String.join(", ", f.inputColumns()) + ")");
        TimeSeries raw = loaded.series();
        if (raw.rows() < f.lookback()) {
            throw new IllegalArgumentException(raw.source() + " has " + raw.rows() + " rows; the model reads the last " + f.lookback());
        }
        int t = raw.rows();
        long step = f.interval() > 0 ? f.interval() : loaded.report().interval();
        Prediction fc = forecastAfterEnd(f, f.prepare(raw), step);
        int hz = f.horizon();
        int cs = f.columns().size();
        StringBuilder csv = new StringBuilder(loaded.timeColumn());
        for (String c : f.columns()) {
            csv.append(',').append(c);
            if (fc.hasIntervals()) {
                csv.append(',').append(c).append("_lower,").append(c).append("_upper");
            }
        }
        csv.append('\n');
        com.google.gson.JsonArray times = new com.google.gson.JsonArray();
        com.google.gson.JsonObject series = new com.google.gson.JsonObject();
        for (String c : f.columns()) {
            com.google.gson.JsonObject one = new com.google.gson.JsonObject();
            one.add("point", new com.google.gson.JsonArray());
            if (fc.hasIntervals()) {
                one.add("lower", new com.google.gson.JsonArray());
                one.add("upper", new com.google.gson.JsonArray());
            }
            series.add(c, one);
        }
        for (int h = 0; h < hz; h++) {
            long time = raw.times()[t - 1] + (h + 1) * step;
            String when = LocalDateTime.ofEpochSecond(time, 0, ZoneOffset.UTC).format(TIME);
            csv.append(when);
            times.add(when);
            for (int c = 0; c < cs; c++) {
                int at = h * cs + c;
                com.google.gson.JsonObject one = series.getAsJsonObject(f.columns().get(c));
                double point = f.scaler().invert(fc.point()[at], c);
                csv.append(',').append(number(point));
                one.getAsJsonArray("point").add(point);
                if (fc.hasIntervals()) {
                    double lower = f.scaler().invert(fc.lower()[at], c);
                    double upper = f.scaler().invert(fc.upper()[at], c);
                    csv.append(',').append(number(lower)).append(',').append(number(upper));
                    one.getAsJsonArray("lower").add(lower);
                    one.getAsJsonArray("upper").add(upper);
                }
            }
            csv.append('\n');
        }
        if (json) {
            com.google.gson.JsonObject o = new com.google.gson.JsonObject();
            o.addProperty("model", model.getFileName().toString());
            o.addProperty("horizon", hz);
            o.add("times", times);
            o.add("series", series);
            System.out.println(ClassifyReport.GSON.toJson(o));
        }
        if (out == null) {
            if (!json) {
                System.out.print(csv);
            }
        } else {
            try {
                AtomicFiles.write(out, csv.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot write --out " + out + ": " + CliFiles.describe(e));
            }
            log.printf(Locale.ROOT, "wrote %d steps of %d series to %s%n", hz, cs, out);
        }
        if (plot != null) {
            ForecastPlot.window(plot, String.format(Locale.ROOT, "the %d steps after the last row", hz), f, raw, t, fc, column);
        }
    }

    /**
     * The forecast after the last row: the series padded with H unknown rows, so the one window
     * whose targets start after the end reads exactly the last L rows.
     */
    private static Prediction forecastAfterEnd(Forecaster f, TimeSeries scaled, long step) {
        int cs = scaled.width();
        int rows = scaled.rows() + f.horizon();
        float[] v = java.util.Arrays.copyOf(scaled.values(), rows * cs);
        java.util.Arrays.fill(v, scaled.rows() * cs, v.length, Float.NaN);
        long[] times = java.util.Arrays.copyOf(scaled.times(), rows);
        for (int i = scaled.rows(); i < rows; i++) {
            times[i] = times[i - 1] + step; // the calendar of the forecast steps
        }
        TimeSeries padded = new TimeSeries(scaled.source(), times, scaled.columns(), v);
        return f.predict(padded, new int[]{scaled.rows()});
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
