package io.rnn4j.examples;

import io.rnn4j.forecast.Baselines;
import io.rnn4j.forecast.ForecastBatches;
import io.rnn4j.forecast.ForecastHead;
import io.rnn4j.forecast.ForecastMetrics;
import io.rnn4j.forecast.Forecaster;
import io.rnn4j.forecast.Prediction;
import io.rnn4j.forecast.SegRnnConfig;
import io.rnn4j.forecast.SegRnnNetwork;
import io.rnn4j.forecast.Standardizer;
import io.rnn4j.forecast.TimeSeries;
import io.rnn4j.forecast.TimeSeriesCsv;
import io.rnn4j.forecast.TimeSplit;
import io.rnn4j.forecast.Windows;
import io.rnn4j.io.ForecastModelFile;
import io.rnn4j.optim.Adam;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.UpdateRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's forecasting example, as written there but smaller (the oil temperature alone,
 * look-back 336, 64 GRU units, two epochs): SegRNN already beats the seasonal naive forecast on
 * ETTh1's test part, its forecasts have the promised shape, and a model file written and read
 * back forecasts the same values.
 */
class ReadmeForecastExampleTest {

    @TempDir
    Path dir;

    @Test
    void segRnnOnEtth1OilTemperature() throws Exception {
        Path file = Path.of("..", "..", "shared", "data", "ett-small", "ETTh1.csv");
        assumeTrue(Files.exists(file), "ETTh1 is in ../shared/data/ett-small");
        // README: the example
        TimeSeries raw = TimeSeriesCsv.read(file, null).series().select(java.util.List.of("OT"));
        TimeSplit split = TimeSplit.parse("8640,2880,2880", raw.rows());
        Standardizer scaler = Standardizer.fit(raw, split.train());        // training rows only
        TimeSeries s = scaler.apply(raw);
        SegRnnNetwork net = SegRnnNetwork.create(new SegRnnConfig(336, 96, 48, 64, 0.5f, s.width(), s.width() > 1,
                ForecastHead.point("mae")), 1);
        Windows train = Windows.of(336, 96, 0, split.train(), "ETTh1 training part");
        UpdateRule rule = UpdateRule.of(Adam.adam(net.model().parameters())).learningRate(1e-3).build();
        new Trainer(Bptt.full(net.model(), net.head().loss(), rule), TrainingConfig.builder().epochs(2).seed(1).build())
                .fit(ForecastBatches.training(train, 256, starts -> net.batch(s, starts)), null);
        Windows test = Windows.of(336, 96, split.testStart(), split.end(), "ETTh1 test part");
        Forecaster f = new Forecaster(net, s.columns(), "date", split, scaler, 3600, 0.9, null);
        ForecastMetrics m = f.evaluate(s, test, 256, new ForecastMetrics(scaler, null));
        Prediction next = net.forecast(s, new int[]{split.testStart()}, 0.9); // (1, 96, 1), scaled
        // README: end
        ForecastMetrics seasonal = Baselines.evaluate(Baselines.seasonalNaive(24), s, test, new ForecastMetrics(scaler, null));
        assertTrue(m.mse() < seasonal.mse(), "SegRNN MSE " + m.mse() + " against the seasonal naive " + seasonal.mse());
        assertEquals(96, next.point().length);
        Path saved = dir.resolve("ot.model");
        ForecastModelFile.save(saved, f, null);
        Forecaster back = ForecastModelFile.load(saved);
        assertArrayEquals(next.point(), back.predict(s, new int[]{split.testStart()}).point());
        assertEquals(split.toString(), back.split().toString());
    }
}
