package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.forecast.DaRnn;
import io.rnn4j.forecast.ForecastMetrics;
import io.rnn4j.forecast.Forecaster;
import io.rnn4j.forecast.TimeSeries;
import io.rnn4j.forecast.TimeSplit;
import io.rnn4j.forecast.Windows;
import io.rnn4j.io.ForecastModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** {@code rnn4j forecast eval}: a forecaster's errors on a part of the file it was trained on. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score a forecaster on the test part of a CSV file (the split and scaling it was trained with): MSE and"
                + " MAE on the scaled series, RMSE, MAPE, sMAPE and MASE in the series' units, and the coverage and width of its"
                + " prediction intervals.")
final class ForecastEvalCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", required = true, description = "Model file written by forecast train.")
    Path model;

    @Mixin
    ForecastData.Options data;

    @Option(names = "--part", defaultValue = "test", description = "test, validation or train (default: ${DEFAULT-VALUE}).")
    String part;

    @Option(names = "--season", converter = Ranges.Positive.class, defaultValue = "1",
            description = "Season of the naive forecast MASE divides by (default: ${DEFAULT-VALUE}, the previous step).")
    int season;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw one window's forecast against the actual values.")
    Path plot;

    @Option(names = "--attention", paramLabel = "FILE.png", description = "darnn: draw one window's input attention (over"
            + " the driving series) and temporal attention (over the encoder's steps) as heat maps.")
    Path attention;

    @Option(names = "--window", converter = Ranges.NonNegative.class, description = "The window --plot and --attention draw,"
            + " counted from 0 in the part (default: the last).")
    Integer window;

    @Option(names = "--column", description = "The series --plot draws (default: the first the model forecasts).")
    String column;

    @Option(names = "--json", description = "Print {\"mse\", \"mae\", \"horizon\", ...} as one JSON object.")
    boolean json;

    @Override
    public void run() {
        threads.apply();
        CliFiles.requireInputFile("--model", model);
        Forecaster f = ForecastModelFile.load(model);
        if (data.timeColumn == null) {
            data.timeColumn = f.timeColumn();
        }
        PrintStream log = json ? System.err : System.out;
        ForecastData.Loaded loaded = ForecastData.read(data, f.inputColumns(), log, ", which the model reads (it was trained on "
                + String.join(", ", f.inputColumns()) + ")");
        TimeSeries raw = loaded.series();
        TimeSplit s = f.split();
        if (raw.rows() < s.end()) {
            throw new IllegalArgumentException(raw.source() + " has " + raw.rows() + " rows; the model's split " + s + " needs "
                    + s.end() + " (evaluate on the file it was trained on, or one that extends it)");
        }
        int from;
        int to;
        switch (part) {
            case "test" -> { from = s.testStart(); to = s.end(); }
            case "validation" -> { from = s.validationStart(); to = s.testStart(); }
            case "train" -> { from = 0; to = s.train(); }
            default -> throw new UsageException("--part takes test, validation or train, not '" + part + "'");
        }
        if (attention != null && !(f.network() instanceof DaRnn)) {
            throw new UsageException("--attention draws DA-RNN's attention; " + model + " holds a "
                    + f.network().kind() + " model");
        }
        TimeSeries scaled = f.prepare(raw);
        Windows w = Windows.of(f.lookback(), f.horizon(), from, to, raw.source() + " (" + part + " part of split " + s + ")");
        long t0 = System.nanoTime();
        ForecastMetrics m = f.evaluate(scaled, w, ForecastTraining.EVAL_BATCH, new ForecastMetrics(f.scaler(),
                ForecastMetrics.naiveScale(raw, s.train(), season)));
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (plot != null) {
            plotWindow(f, raw, scaled, w);
        }
        if (attention != null) {
            plotAttention((DaRnn) f.network(), f, scaled, w);
        }
        JsonObject out = new JsonObject();
        out.addProperty("horizon", f.horizon());
        out.addProperty("lookback", f.lookback());
        out.addProperty("part", part);
        ForecastReport.addScores(out, m, f, w.count());
        out.addProperty("seconds", seconds);
        if (json) {
            System.out.println(ClassifyReport.GSON.toJson(out));
        } else {
            System.out.println(ForecastReport.line(m, w.count()).replace("test ", part + " ")
                    + String.format(Locale.ROOT, "; horizon %d, look-back %d", f.horizon(), f.lookback()));
        }
    }

    private int chosenWindow(Windows w) {
        int k = window == null ? w.count() - 1 : window;
        if (k >= w.count()) {
            throw new UsageException("--window " + k + " is past the part's " + w.count() + " windows");
        }
        return k;
    }

    private void plotAttention(DaRnn network, Forecaster f, TimeSeries scaled, Windows w) {
        int k = chosenWindow(w);
        DaRnn.Weights weights = network.attention(scaled, w.targetStart(k));
        try {
            DaRnnAttentionPlot.write(attention, String.format(Locale.ROOT, "DA-RNN forecasting %s: %s window %d of %d",
                    f.columns().get(0), part, k, w.count()), f.drivers(), f.lookback(), weights);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot write --attention " + attention + ": " + CliFiles.describe(e));
        }
    }

    private void plotWindow(Forecaster f, TimeSeries raw, TimeSeries scaled, Windows w) {
        int k = chosenWindow(w);
        int t = w.targetStart(k);
        ForecastPlot.window(plot, String.format(Locale.ROOT, "%s window %d of %d, horizon %d", part, k, w.count(), f.horizon()), f, raw,
                t, f.predict(scaled, new int[]{t}), column);
    }
}
