package io.rnn4j.spark.examples;

import io.rnn4j.spark.ModelSource;
import io.rnn4j.spark.Scorer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A text classifier as a Spark SQL function: every sentence of {@code sentence-polarity}
 * labelled in one query, and the labels counted against the file each sentence came from.
 *
 * <pre>
 * spark-submit --class io.rnn4j.spark.examples.SentimentSqlExample rnn4j-spark-VERSION-all.jar \
 *     mr.model ../shared/data/sentence-polarity [OUTPUT]
 * </pre>
 *
 * {@code mr.model} comes from {@code rnn4j classify train --data ../shared/data/sentence-polarity
 * --test-share 0.2 --out mr.model ...}; most of the sentences were its training data, so the
 * agreement printed is not a test accuracy (the CLI's test split gives that).
 */
public final class SentimentSqlExample {

    private SentimentSqlExample() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: SentimentSqlExample MODEL SENTENCE_POLARITY_FOLDER [OUTPUT]");
            System.exit(2);
        }
        SparkSession spark = SparkSession.builder().appName("rnn4j sentiment through Spark SQL").getOrCreate();
        Scorer classifier = Scorer.textClassifier(ModelSource.broadcast(spark, Path.of(args[0])));
        classifier.register(spark, "sentiment");
        String folder = args[1];
        spark.read().text(folder + "/rt-polarity.pos").withColumn("file", functions.lit("pos"))
                .union(spark.read().text(folder + "/rt-polarity.neg").withColumn("file", functions.lit("neg")))
                .createOrReplaceTempView("sentences");
        long start = System.nanoTime();
        // the function once per row, its struct's fields read after
        var labelled = spark.sql("SELECT file, value, s.label AS label, s.probability AS probability"
                + " FROM (SELECT file, value, sentiment(value) AS s FROM sentences)");
        labelled.cache();
        long rows = labelled.count();
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Row> counts = labelled.groupBy("file", "label").count().orderBy("file", "label").collectAsList();
        long agree = 0;
        for (Row r : counts) {
            System.out.printf(Locale.ROOT, "file %s  label %s  %,d%n", r.getString(0), r.getString(1), r.getLong(2));
            if (r.getString(0).equals(r.getString(1))) {
                agree += r.getLong(2);
            }
        }
        System.out.printf(Locale.ROOT, "%,d sentences labelled in %.1f s (%,.0f rows/s); label = file for %.2f %%%n", rows, seconds,
                rows / seconds, 100.0 * agree / rows);
        // the same through transform, which scores each partition's rows in length-sorted batches
        start = System.nanoTime();
        long batched = classifier.transform(spark.table("sentences"), "value").filter("label = file").count();
        seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "transform: %,d rows in %.1f s (%,.0f rows/s); label = file for %.2f %%%n", rows, seconds,
                rows / seconds, 100.0 * batched / rows);
        if (args.length > 2) {
            labelled.write().parquet(args[2]);
        }
        spark.stop();
    }
}
