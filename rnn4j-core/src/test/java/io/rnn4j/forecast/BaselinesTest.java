package io.rnn4j.forecast;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The baselines on series whose answers are known, and on ETTh1. */
class BaselinesTest {

    static TimeSeries series(int rows, java.util.function.IntToDoubleFunction f) {
        long[] t = new long[rows];
        float[] v = new float[rows];
        for (int i = 0; i < rows; i++) {
            t[i] = 3600L * i;
            v[i] = (float) f.applyAsDouble(i);
        }
        return new TimeSeries("synthetic", t, List.of("y"), v);
    }

    @Test
    void seasonalNaiveIsExactOnAPeriodicSeriesAndNaiveIsNot() {
        TimeSeries s = series(200, i -> Math.sin(2 * Math.PI * i / 24));
        Windows w = Windows.of(48, 30, 150, 200, "s");
        ForecastMetrics seasonal = Baselines.evaluate(Baselines.seasonalNaive(24), s, w, new ForecastMetrics(null, null));
        ForecastMetrics naive = Baselines.evaluate(Baselines.naive(), s, w, new ForecastMetrics(null, null));
        assertEquals(0, seasonal.mse(), 1e-10);
        assertTrue(naive.mse() > 0.3, "naive MSE " + naive.mse());
        assertEquals(w.count() * 30L, seasonal.count());
    }

    @Test
    void theLinearMapForecastsALinearRecurrenceExactly() {
        // sin(ωt) = 2cos(ω)·sin(ω(t−1)) − sin(ω(t−2)): every future value is linear in the last two.
        TimeSeries s = series(400, i -> Math.sin(0.1 * i) + 0.5 * Math.cos(0.37 * i));
        Baselines.Linear linear = Baselines.Linear.fit(s, Windows.of(8, 12, 0, 300, "s"), 1e-9);
        ForecastMetrics m = Baselines.evaluate(linear, s, Windows.of(8, 12, 300, 400, "s"), new ForecastMetrics(null, null));
        assertTrue(m.mse() < 1e-6, "linear MSE " + m.mse());
    }

    @Test
    void theEchoStateBaselineLearnsAPeriodicSeries() {
        TimeSeries s = series(1500, i -> Math.sin(2 * Math.PI * i / 24) + 0.3 * Math.sin(2 * Math.PI * i / 7));
        Windows train = Windows.of(48, 24, 0, 1200, "s");
        Windows test = Windows.of(48, 24, 1200, 1500, "s");
        Baselines.EchoState esn = Baselines.EchoState.fit(s, train,
                io.rnn4j.reservoir.ReservoirConfig.builder(100, 1, 24).spectralRadius(0.95).inputScaling(0.5).seed(3).build(), 1,
                1e-6);
        ForecastMetrics m = Baselines.evaluate(esn, s, test, new ForecastMetrics(null, null));
        ForecastMetrics naive = Baselines.evaluate(Baselines.naive(), s, test, new ForecastMetrics(null, null));
        assertTrue(m.mse() < 0.01 * naive.mse(), "echo-state MSE " + m.mse() + " against the naive " + naive.mse());
    }

    /**
     * ETTh1, all 7 series, the long-horizon protocol (8,640/2,880/2,880 rows, scaled with the
     * training statistics, look-back 336, horizon 96): the closed-form linear map against the
     * naive forecasts. Prints the numbers.
     */
    @Test
    void etth1Baselines() throws Exception {
        Path file = Path.of("..", "..", "shared", "data", "ett-small", "ETTh1.csv");
        assumeTrue(Files.exists(file), "ETTh1 is in ../shared/data/ett-small");
        TimeSeries raw = TimeSeriesCsv.read(file, null).series();
        TimeSplit split = TimeSplit.parse("8640,2880,2880", raw.rows());
        Standardizer z = Standardizer.fit(raw, split.train());
        TimeSeries s = z.apply(raw);
        Windows train = Windows.of(336, 96, 0, split.train(), "ETTh1");
        Windows test = Windows.of(336, 96, split.testStart(), split.end(), "ETTh1");
        assertEquals(2880 - 96 + 1, test.count());
        double[] scale = ForecastMetrics.naiveScale(raw, split.train(), 24);
        ForecastMetrics naive = Baselines.evaluate(Baselines.naive(), s, test, new ForecastMetrics(z, scale));
        ForecastMetrics seasonal = Baselines.evaluate(Baselines.seasonalNaive(24), s, test, new ForecastMetrics(z, scale));
        ForecastMetrics linear = Baselines.evaluate(Baselines.Linear.fit(s, train, 1e-3), s, test, new ForecastMetrics(z, scale));
        for (var e : List.of(java.util.Map.entry("naive", naive), java.util.Map.entry("seasonal naive", seasonal),
                java.util.Map.entry("linear", linear))) {
            System.out.printf(Locale.ROOT, "ETTh1 L=336 H=96 %-15s MSE %.4f MAE %.4f RMSE %.3f sMAPE %.1f %% MASE %.3f%n",
                    e.getKey(), e.getValue().mse(), e.getValue().mae(), e.getValue().rmse(), e.getValue().smape(), e.getValue().mase());
        }
        assertTrue(linear.mse() < seasonal.mse() && linear.mse() < naive.mse(), "the linear map beats both naive forecasts");
    }
}
