package io.rnn4j.spark.examples;

import io.rnn4j.forecast.Forecaster;
import io.rnn4j.io.ForecastModelFile;
import io.rnn4j.spark.ModelSource;
import io.rnn4j.spark.Scorer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A forecaster as a Spark SQL function over ETTh1: the windows are made in SQL (the last L rows
 * before each hour, by a window function), every window of the test part is forecast, and the
 * oil temperature's mean absolute error over the horizon is computed in the same query, beside
 * the seasonal naive forecast's (the value 24 hours before each forecast hour).
 *
 * <pre>
 * spark-submit --class io.rnn4j.spark.examples.ForecastSqlExample rnn4j-spark-VERSION-all.jar \
 *     etth1.model ../shared/data/ett-small/ETTh1.csv [TEST_START_ROW TEST_END_ROW]
 * </pre>
 *
 * {@code etth1.model} comes from {@code rnn4j forecast train --csv ETTh1.csv --split
 * 8640,2880,2880 ...}; the test part is rows 11,520 to 14,400 (the defaults), and a window counts
 * when its whole horizon lies in it, as {@code rnn4j forecast eval} counts them.
 */
public final class ForecastSqlExample {

    private ForecastSqlExample() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ForecastSqlExample MODEL ETTh1.csv [TEST_START_ROW TEST_END_ROW]");
            System.exit(2);
        }
        Forecaster f = ForecastModelFile.load(Path.of(args[0])); // for its columns, look-back and horizon
        int testStart = args.length > 2 ? Integer.parseInt(args[2]) : 11_520;
        int testEnd = args.length > 3 ? Integer.parseInt(args[3]) : 14_400;
        int l = f.lookback();
        int h = f.horizon();
        int ot = f.columns().indexOf("OT");
        if (h < 24) {
            throw new IllegalArgumentException("the seasonal naive forecast here needs a horizon of 24 hours or more, the model has " + h);
        }
        if (ot < 0) {
            throw new IllegalArgumentException(args[0] + " does not forecast OT; it forecasts " + f.columns());
        }
        SparkSession spark = SparkSession.builder().appName("rnn4j ETTh1 forecasts through Spark SQL").getOrCreate();
        // each task one rnn4j thread: Spark's task slots are the parallelism
        Scorer.forecaster(ModelSource.broadcast(spark, Path.of(args[0]))).withThreadsPerTask(1).register(spark, "forecast_next");
        spark.read().option("header", "true").option("inferSchema", "true").csv(args[1]).createOrReplaceTempView("etth1");
        String series = f.inputColumns().stream().map(c -> "CAST(" + c + " AS DOUBLE)").collect(Collectors.joining(", "));
        // one row per hour: the look-back ending there, and the next H oil temperatures
        spark.sql(String.format(Locale.ROOT, """
                SELECT row, end, lookback, future, seasonal FROM (
                  SELECT row_number() OVER (ORDER BY date) - 1 AS row,
                         to_timestamp_ntz(date) AS end,
                         collect_list(array(%s)) OVER (ORDER BY date ROWS BETWEEN %d PRECEDING AND CURRENT ROW) AS lookback,
                         collect_list(CAST(OT AS DOUBLE)) OVER (ORDER BY date ROWS BETWEEN 1 FOLLOWING AND %d FOLLOWING) AS future,
                         collect_list(CAST(OT AS DOUBLE)) OVER (ORDER BY date ROWS BETWEEN 23 PRECEDING AND %d FOLLOWING) AS seasonal
                  FROM etth1)
                WHERE size(lookback) = %d AND size(future) = %d AND row + 1 >= %d AND row + %d < %d
                """, series, l - 1, h, h - 24, l, h, testStart, h, testEnd)).repartition(4).createOrReplaceTempView("windows");
        long start = System.nanoTime();
        spark.table("windows").cache().count(); // the windowing, timed apart from the forecasts
        double windowing = (System.nanoTime() - start) / 1e9;
        start = System.nanoTime();
        var forecasts = spark.sql(String.format(Locale.ROOT, """
                SELECT row, future, seasonal, transform(forecast_next(lookback, end).forecast, x -> x[%d]) AS predicted
                FROM windows""", ot));
        forecasts.cache();
        long windows = forecasts.count();
        double seconds = (System.nanoTime() - start) / 1e9;
        forecasts.createOrReplaceTempView("forecasts");
        Row mae = spark.sql("""
                SELECT avg(aggregate(zip_with(predicted, future, (p, y) -> abs(p - y)), 0D, (a, x) -> a + x) / size(future)),
                       avg(aggregate(zip_with(slice(seasonal, 1, size(future)), future, (p, y) -> abs(p - y)), 0D, (a, x) -> a + x)
                           / size(future))
                FROM forecasts""").first();
        System.out.printf(Locale.ROOT, "windows made by SQL in %.1f s; %,d test windows forecast by the SQL function in %.1f s"
                + " (%,.0f windows/s)%n", windowing, windows, seconds, windows / seconds);
        start = System.nanoTime();
        long batched = Scorer.forecaster(ModelSource.broadcast(spark, Path.of(args[0]))).withBatch(64).withThreadsPerTask(1)
                .transform(spark.table("windows"), "lookback", "end").count();
        seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "the same %,d windows through transform, 64 at a time: %.1f s (%,.0f windows/s)%n", batched,
                seconds, batched / seconds);
        System.out.printf(Locale.ROOT, "OT mean absolute error over %d hours: model %.3f, seasonal naive (24 h) %.3f (degrees)%n", h,
                mae.getDouble(0), mae.getDouble(1));
        spark.stop();
    }
}
