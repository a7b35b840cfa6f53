package io.rnn4j.spark;

import io.rnn4j.forecast.EncoderDecoder;
import io.rnn4j.forecast.EncoderDecoderConfig;
import io.rnn4j.forecast.ForecastHead;
import io.rnn4j.forecast.Forecaster;
import io.rnn4j.forecast.Prediction;
import io.rnn4j.forecast.Standardizer;
import io.rnn4j.forecast.TimeSeries;
import io.rnn4j.forecast.TimeSplit;
import io.rnn4j.io.ForecastModelFile;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A forecaster over windows under local[2]: each row's forecast and interval equal the model's own
 * on the same window of the series (an encoder–decoder, whose decoder reads the forecast steps'
 * calendar, so the times must be right too).
 */
class ForecastScoringTest {

    private static final int LOOKBACK = 24;
    private static final int HORIZON = 6;
    private static final long HOUR = 3600;
    private static final long START = 1_700_000_000L - 1_700_000_000L % HOUR;

    @TempDir
    static Path dir;
    static SparkSession spark;
    static TimeSeries series;
    static Forecaster forecaster;
    static Path file;

    @BeforeAll
    static void build() throws Exception {
        spark = LocalSpark.get();
        int rows = 400;
        long[] times = new long[rows];
        float[] values = new float[rows * 2];
        for (int t = 0; t < rows; t++) {
            times[t] = START + t * HOUR;
            values[2 * t] = (float) (10 + 3 * Math.sin(2 * Math.PI * t / 24));
            values[2 * t + 1] = (float) (5 + Math.cos(2 * Math.PI * t / 12) + 0.01 * t);
        }
        series = new TimeSeries("synthetic", times, List.of("a", "b"), values);
        TimeSplit split = TimeSplit.parse("280,60,60", rows);
        Standardizer scaler = Standardizer.fit(series, split.train());
        EncoderDecoder net = EncoderDecoder.create(new EncoderDecoderConfig(LOOKBACK, HORIZON, RecurrentConfig.CellType.GRU, 8, 1,
                true, false, 0f, 2, ForecastHead.gaussian()), 3);
        forecaster = new Forecaster(net, series.columns(), "time", split, scaler, HOUR, 0.9, null);
        file = dir.resolve("forecaster.model");
        ForecastModelFile.save(file, forecaster, null);
    }

    private static Dataset<Row> windows(int[] ends) {
        List<Row> rows = new ArrayList<>();
        for (int end : ends) {
            double[][] v = new double[LOOKBACK][2];
            for (int t = 0; t < LOOKBACK; t++) {
                for (int c = 0; c < 2; c++) {
                    v[t][c] = series.value(end - LOOKBACK + 1 + t, c);
                }
            }
            rows.add(RowFactory.create(end, v, new Timestamp(series.times()[end] * 1000)));
        }
        StructType schema = new StructType().add("end_row", DataTypes.IntegerType)
                .add("values", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)))
                .add("end", DataTypes.TimestampType);
        return spark.createDataFrame(rows, schema).repartition(3);
    }

    @Test
    void everyWindowsForecastAndIntervalEqualTheModelsOwn() {
        int[] ends = new int[40];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = LOOKBACK - 1 + 7 * i;
        }
        Scorer scorer = Scorer.forecaster(ModelSource.broadcast(spark, file)).withBatch(8);
        List<Row> scored = scorer.transform(windows(ends), "values", "end").collectAsList();
        assertEquals(ends.length, scored.size());
        TimeSeries scaled = forecaster.scaler().apply(series);
        for (Row r : scored) {
            int end = r.getInt(0);
            Prediction p = forecaster.predict(scaled, new int[]{end + 1});
            List<Object> forecast = r.getList(3);
            List<Object> lower = r.getList(4);
            for (int h = 0; h < HORIZON; h++) {
                for (int c = 0; c < 2; c++) {
                    double expected = forecaster.scaler().invert(p.point()[h * 2 + c], c);
                    double got = ((scala.collection.Seq<?>) forecast.get(h)).apply(c) instanceof Double d ? d : Double.NaN;
                    assertEquals(expected, got, 1e-4 * Math.max(1, Math.abs(expected)), "window ending at row " + end + ", h " + h);
                    double low = forecaster.scaler().invert(p.lower()[h * 2 + c], c);
                    assertEquals(low, (Double) ((scala.collection.Seq<?>) lower.get(h)).apply(c), 1e-4 * Math.max(1, Math.abs(low)));
                }
            }
        }
    }

    @Test
    void theSqlFunctionAndBadWindows() {
        Scorer scorer = Scorer.forecaster(ModelSource.broadcast(spark, file));
        scorer.register(spark, "forecast_next");
        windows(new int[]{LOOKBACK - 1, 100}).createOrReplaceTempView("windows");
        List<Row> viaSql = spark.sql("SELECT end_row, forecast_next(values, end).forecast[0][0] AS first FROM windows ORDER BY end_row")
                .collectAsList();
        List<Row> viaTransform = scorer.transform(windows(new int[]{LOOKBACK - 1, 100}), "values", "end").orderBy("end_row")
                .collectAsList();
        for (int i = 0; i < 2; i++) {
            double t = (Double) ((scala.collection.Seq<?>) viaTransform.get(i).getList(3).get(0)).apply(0);
            assertEquals(t, viaSql.get(i).getDouble(1), 1e-6);
        }

        List<Row> rows = new ArrayList<>();
        rows.add(RowFactory.create(0, new double[][]{{1, 2}, {3, 4}}, 1_700_000_000L));
        double[][] nan = new double[LOOKBACK][2];
        nan[5][1] = Double.NaN;
        rows.add(RowFactory.create(1, nan, 1_700_000_000L));
        rows.add(RowFactory.create(2, new double[LOOKBACK][3], 1_700_000_000L));
        rows.add(RowFactory.create(3, null, 1_700_000_000L));
        StructType schema = new StructType().add("id", DataTypes.IntegerType)
                .add("values", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)))
                .add("end", DataTypes.LongType);
        List<Row> bad = scorer.onError(Scorer.OnError.NULL_WITH_REASON)
                .transform(spark.createDataFrame(rows, schema), "values", "end").orderBy("id").collectAsList();
        assertEquals("the window has 2 rows; the model reads a look-back of 24", bad.get(0).getString(6));
        assertEquals("look-back row 5, series b is NaN", bad.get(1).getString(6));
        assertEquals("look-back row 0 has 3 values; the model reads 2 ([a, b])", bad.get(2).getString(6));
        assertEquals("an input is null", bad.get(3).getString(6));
        assertTrue(bad.get(0).isNullAt(3));

        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> scorer.transform(spark.createDataFrame(rows, schema), "id", "end"));
        assertTrue(wrong.getMessage().startsWith("column 'id' is int; a forecaster reads each window's values as"), wrong.getMessage());
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class,
                () -> scorer.transform(spark.createDataFrame(rows, schema), "values"));
        assertEquals("this model reads 2 column(s), given [values]", one.getMessage());
    }
}
