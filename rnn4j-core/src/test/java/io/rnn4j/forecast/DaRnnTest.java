package io.rnn4j.forecast;

import io.rnn4j.io.ForecastModelFile;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.train.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DA-RNN as a forecaster: its training targets and its forecasts use the same layout (the model's
 * output plus the last value is the forecast), its two attentions come back per window with the
 * promised shapes, and a model file keeps its drivers and forecasts the same values.
 */
class DaRnnTest {

    private static final int L = 12;
    private static final int H = 5;

    @TempDir
    Path dir;

    /** y follows x₁ three steps late; x₂ is noise. */
    private static TimeSeries series(int rows) {
        SplittableRandom rng = new SplittableRandom(3);
        long[] times = new long[rows];
        float[] v = new float[rows * 3];
        for (int t = 0; t < rows; t++) {
            times[t] = 1_600_000_000L + 3600L * t;
            float x1 = (float) Math.sin(t / 4.0);
            v[t * 3 + 1] = x1;
            v[t * 3 + 2] = (float) rng.nextGaussian();
            v[t * 3] = t >= 3 ? v[(t - 3) * 3 + 1] : 0f;
        }
        return new TimeSeries("generated", times, List.of("y", "x1", "x2"), v);
    }

    private static DaRnn network() {
        return DaRnn.create(new DaRnnConfig(L, H, 2, RecurrentConfig.CellType.LSTM, 8, 0f, ForecastHead.point("mse")), 5);
    }

    @Test
    void targetsAndForecastsShareOneLayout() {
        TimeSeries s = series(60);
        DaRnn net = network();
        int[] starts = {L, L + 7, 40};
        Batch batch = net.batch(s, starts);
        float[] out = net.model().forward(batch.namedInputs(), ForwardContext.inference()).output("forecast").values;
        Prediction p = net.forecast(s, starts, 0.9);
        assertEquals(starts.length * H, p.point().length);
        for (int w = 0; w < starts.length; w++) {
            float last = s.value(starts[w] - 1, 0);
            for (int j = 0; j < H; j++) {
                assertEquals(out[w * H + j] + last, p.point()[w * H + j], 1e-6f);
            }
        }
    }

    @Test
    void bothAttentionsOfAWindow() {
        DaRnn.Weights w = network().attention(series(60), 30);
        assertEquals(L * 2, w.input().length);
        assertEquals(L * L, w.temporal().length);
        for (int t = 0; t < L; t++) {
            assertEquals(1f, w.input()[t * 2] + w.input()[t * 2 + 1], 1e-6f);
            float sum = 0f;
            for (int s = 0; s < L; s++) {
                assertTrue(w.temporal()[t * L + s] > 0f);
                sum += w.temporal()[t * L + s];
            }
            assertEquals(1f, sum, 1e-5f);
        }
    }

    @Test
    void aModelFileKeepsTheDriversAndTheForecasts() throws Exception {
        TimeSeries raw = series(80);
        TimeSplit split = TimeSplit.parse("50,15,15", raw.rows());
        Standardizer scaler = Standardizer.fit(raw, split.train());
        TimeSeries s = scaler.apply(raw);
        DaRnn net = network();
        Forecaster f = new Forecaster(net, List.of("y"), List.of("x1", "x2"), "time", split, scaler, 3600, 0.9, null);
        Path file = dir.resolve("darnn.model");
        ForecastModelFile.save(file, f, null);
        Forecaster back = ForecastModelFile.load(file);
        assertEquals(List.of("x1", "x2"), back.drivers());
        assertEquals(List.of("y", "x1", "x2"), back.inputColumns());
        assertArrayEquals(f.predict(s, new int[] {60, 70}).point(), back.predict(back.prepare(raw), new int[] {60, 70}).point());
        assertThrows(IllegalArgumentException.class,
                () -> new Forecaster(net, List.of("y"), List.of("x1"), "time", split, scaler, 3600, 0.9, null));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> back.prepare(raw.select(List.of("y", "x1"))));
        assertTrue(missing.getMessage().contains("no column 'x2', which the model reads as a driving series"), missing.getMessage());
    }
}
