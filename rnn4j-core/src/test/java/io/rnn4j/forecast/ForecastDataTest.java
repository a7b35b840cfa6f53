package io.rnn4j.forecast;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading series from CSV, splits, scaling, calendar features, windows and metrics. */
class ForecastDataTest {

    @TempDir
    Path dir;

    Path csv(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static String refusal(Path p, String time) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimeSeriesCsv.read(p, time));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void readsSeriesWithMissingValuesAndGaps() throws Exception {
        Path p = csv("load.csv", "date,a,\"b, quoted\"\n2016-07-01 00:00:00,1.5,2\n2016-07-01 01:00:00,,3\n"
                + "2016-07-01 02:00,2.5,NA\n2016-07-01 05:00:00,3,4\n");
        TimeSeriesCsv.Read r = TimeSeriesCsv.read(p, null);
        TimeSeries s = r.series();
        assertEquals(List.of("a", "b, quoted"), s.columns());
        assertEquals(4, s.rows());
        assertEquals(1.5f, s.value(0, 0));
        assertTrue(Float.isNaN(s.value(1, 0)) && Float.isNaN(s.value(2, 1)));
        assertEquals(3600, r.report().interval());
        assertEquals(Map.of("a", 1, "b, quoted", 1), r.report().missing());
        assertEquals(List.of(new TimeSeriesCsv.Gap(5, 3 * 3600)), r.report().gaps());
        TimeSeries linear = TimeSeriesCsv.fillMissing(s, "linear");
        assertEquals(2f, linear.value(1, 0));
        assertEquals(3.5f, linear.value(2, 1));
        assertEquals(3f, TimeSeriesCsv.fillMissing(s, "previous").value(2, 1));
    }

    @Test
    void badFilesAreOneLineNamingRowAndColumn() throws Exception {
        assertTrue(refusal(csv("x.csv", "when,a\n1,2\n"), null).startsWith("x.csv: no time column (none is named date"));
        assertTrue(refusal(csv("x.csv", "when,a\n1,2\n"), "stamp").startsWith("x.csv: no time column 'stamp'"));
        assertEquals("t.csv:3: column 'date': cannot read '2016-13-01' as a time (yyyy-MM-dd, optionally with HH:mm or HH:mm:ss)",
                refusal(csv("t.csv", "date,a\n2016-01-01,1\n2016-13-01,2\n"), null));
        assertEquals("n.csv:2: column 'b': 'high' is not a number",
                refusal(csv("n.csv", "date,a,b\n2016-01-01,1,high\n"), null));
        assertEquals("f.csv:2: 2 fields, but the header has 3", refusal(csv("f.csv", "date,a,b\n2016-01-01,1\n"), null));
        assertTrue(refusal(csv("o.csv", "date,a\n2016-01-02,1\n2016-01-01,2\n"), null)
                .startsWith("o.csv:3: time '2016-01-01' does not come after the row before it"));
        TimeSeries s = TimeSeriesCsv.read(csv("ok.csv", "date,a\n2016-01-01,1\n2016-01-02,2\n"), null).series();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.column("OT"));
        assertEquals("ok.csv has no column 'OT'; its columns are a", e.getMessage());
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> Windows.of(3, 2, 0, s.rows(), "ok.csv"));
        assertEquals("ok.csv: rows 0..1 hold no window of look-back 3 and horizon 2 (5 rows needed)", w.getMessage());
    }

    @Test
    void splitsByCountsOrFractions() {
        assertEquals(new TimeSplit(8640, 2880, 2880), TimeSplit.parse("8640,2880,2880", 17420));
        // DLinear's code: int(0.7·n) train, int(0.2·n) test, the rest validation.
        assertEquals(new TimeSplit(12194, 1742, 3484), TimeSplit.parse(TimeSplit.DEFAULT, 17420));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TimeSplit.parse("9000,9000,9000", 17420)).getMessage()
                .contains("needs 27000 rows, but the series has 17420"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TimeSplit.parse("0.7,100,0.2", 17420)).getMessage()
                .contains("mix of row counts and fractions"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TimeSplit.parse("0.7,0.2", 17420)).getMessage()
                .contains("TRAIN,VAL,TEST"));
    }

    @Test
    void scalingUsesTheTrainingRowsOnly() {
        TimeSeries s = new TimeSeries("s", new long[]{1, 2, 3, 4}, List.of("a", "b"), new float[]{1, 5, 3, 5, 100, 5, 100, 5});
        Standardizer z = Standardizer.fit(s, 2);
        assertArrayEquals(new double[]{2, 5}, z.mean(), 1e-12);
        assertArrayEquals(new double[]{1, 1}, z.std(), 1e-12, "a: population σ of {1, 3}; b constant: σ = 1");
        TimeSeries scaled = z.apply(s);
        assertEquals(98f, scaled.value(2, 0));
        assertEquals(100, z.invert(scaled.value(2, 0), 0), 1e-6);
    }

    @Test
    void calendarFeaturesAsInformersTimeF() {
        // 2016-07-01 13:00 UTC: a Friday, day 183 of a leap year.
        long t = java.time.LocalDateTime.of(2016, 7, 1, 13, 0).toEpochSecond(java.time.ZoneOffset.UTC);
        float[] f = CalendarFeatures.of(new long[]{t});
        assertArrayEquals(new float[]{13 / 23f - 0.5f, 4 / 6f - 0.5f, -0.5f, 182 / 365f - 0.5f}, f, 1e-7f);
    }

    @Test
    void metricsByHand() {
        ForecastMetrics m = new ForecastMetrics(new Standardizer(new double[]{10}, new double[]{2}), new double[]{4});
        m.add(1, 0, 0);   // 12 against 10
        m.add(-1, 1, 0);  // 8 against 12
        assertEquals(2, m.count());
        assertEquals((1 + 4) / 2.0, m.mse(), 1e-12);
        assertEquals((1 + 2) / 2.0, m.mae(), 1e-12);
        assertEquals(Math.sqrt((4 + 16) / 2.0), m.rmse(), 1e-12);
        assertEquals(100 * (2 / 10.0 + 4 / 12.0) / 2, m.mape(), 1e-12);
        assertEquals(100 * (2 * 2 / 22.0 + 2 * 4 / 20.0) / 2, m.smape(), 1e-12);
        assertEquals((2 / 4.0 + 4 / 4.0) / 2, m.mase(), 1e-12);
    }
}
