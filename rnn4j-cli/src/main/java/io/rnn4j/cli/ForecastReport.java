package io.rnn4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.forecast.ForecastMetrics;
import io.rnn4j.forecast.Forecaster;

import java.util.Locale;

/**
 * How forecast scores are shown: one line for people, and the stable JSON keys of
 * {@code forecast train --json} and {@code forecast eval --json}: {@code mse}, {@code mae}
 * (scaled, as the papers report), {@code rmse}, {@code mape}, {@code smape} (percent), {@code mase}
 * (in the series' units), {@code coverage}, {@code interval_width} (series' units) and
 * {@code interval_level} when the model has intervals, {@code windows}, {@code columns}.
 */
final class ForecastReport {

    private ForecastReport() {
    }

    static void addScores(JsonObject out, ForecastMetrics m, Forecaster f, int windows) {
        out.addProperty("mse", m.mse());
        out.addProperty("mae", m.mae());
        out.addProperty("rmse", m.rmse());
        addFinite(out, "mape", m.mape());
        out.addProperty("smape", m.smape());
        addFinite(out, "mase", m.mase());
        if (f.hasIntervals()) {
            out.addProperty("coverage", m.coverage());
            out.addProperty("interval_width", m.widthOriginal());
            out.addProperty("interval_level", f.level());
        }
        out.addProperty("windows", windows);
        JsonArray cols = new JsonArray();
        f.columns().forEach(cols::add);
        out.add("columns", cols);
    }

    private static void addFinite(JsonObject out, String key, double v) {
        if (Double.isFinite(v)) {
            out.addProperty(key, v);
        }
    }

    static String line(ForecastMetrics m, int windows) {
        String intervals = Double.isNaN(m.coverage()) ? "" : String.format(Locale.ROOT, "; intervals cover %.1f%% (mean width %.4g)",
                100 * m.coverage(), m.widthOriginal());
        return String.format(Locale.ROOT, "test MSE %.4f, MAE %.4f (scaled), RMSE %.4g, sMAPE %.2f%%, MASE %.3f over %,d windows%s",
                m.mse(), m.mae(), m.rmse(), m.smape(), m.mase(), windows, intervals);
    }
}
