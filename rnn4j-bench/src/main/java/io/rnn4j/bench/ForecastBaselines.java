package io.rnn4j.bench;

import io.rnn4j.forecast.Baselines;
import io.rnn4j.forecast.ForecastMetrics;
import io.rnn4j.forecast.Standardizer;
import io.rnn4j.forecast.TimeSeries;
import io.rnn4j.forecast.TimeSeriesCsv;
import io.rnn4j.forecast.TimeSplit;
import io.rnn4j.forecast.Windows;
import io.rnn4j.reservoir.ReservoirConfig;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The forecasting baselines on ETTh1 (8,640/2,880/2,880 rows, scaled with the training part):
 * every series at the long-horizon papers' horizons with look-back 336, and the oil temperature
 * alone at Informer's horizons with look-backs 96 and 336; the closed-form linear map against
 * the seasonal naive forecast and an echo state network (200 units, look-back 96, readout fitted
 * on every second training window), MSE and MAE on the scaled test part.
 *
 * <pre>  java -cp rnn4j-bench/target/rnn4j-benchmarks.jar io.rnn4j.bench.ForecastBaselines ../shared/data/ett-small/ETTh1.csv</pre>
 */
public final class ForecastBaselines {

    private ForecastBaselines() {
    }

    public static void main(String[] args) throws Exception {
        TimeSeries all = TimeSeriesCsv.read(Path.of(args.length > 0 ? args[0] : "../shared/data/ett-small/ETTh1.csv"), null).series();
        System.out.println("| series | look-back | horizon | linear MSE | linear MAE | seasonal naive MSE | seasonal naive MAE |"
                + " echo state (L 96) MSE | echo state MAE |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (boolean univariate : new boolean[]{false, true}) {
            TimeSeries raw = univariate ? all.select(List.of("OT")) : all;
            TimeSplit split = TimeSplit.parse("8640,2880,2880", raw.rows());
            Standardizer z = Standardizer.fit(raw, split.train());
            TimeSeries s = z.apply(raw);
            for (int h : univariate ? new int[]{24, 48, 168, 336, 720} : new int[]{96, 192, 336, 720}) {
                for (int l : univariate ? new int[]{96, 336} : new int[]{336}) {
                    Windows train = Windows.of(l, h, 0, split.train(), raw.source());
                    Windows test = Windows.of(l, h, split.testStart(), split.end(), raw.source());
                    ForecastMetrics linear = Baselines.evaluate(Baselines.Linear.fit(s, train, 1e-3), s, test,
                            new ForecastMetrics(null, null));
                    ForecastMetrics seasonal = Baselines.evaluate(Baselines.seasonalNaive(24), s, test, new ForecastMetrics(null, null));
                    ForecastMetrics esn = Baselines.evaluate(Baselines.EchoState.fit(s, Windows.of(96, h, 0, split.train(), raw.source()),
                            ReservoirConfig.builder(200, 1, h).spectralRadius(0.95).inputScaling(0.5).seed(1).build(), 2, 1e-2),
                            s, Windows.of(96, h, split.testStart(), split.end(), raw.source()), new ForecastMetrics(null, null));
                    System.out.printf(Locale.ROOT, "| %s | %d | %d | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |%n", univariate ? "OT" : "all 7",
                            l, h, linear.mse(), linear.mae(), seasonal.mse(), seasonal.mae(), esn.mse(), esn.mae());
                }
            }
        }
    }
}
