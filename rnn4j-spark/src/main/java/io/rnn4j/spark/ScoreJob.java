package io.rnn4j.spark;

import com.google.gson.JsonObject;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code spark-submit --class io.rnn4j.spark.ScoreJob rnn4j-spark-VERSION-all.jar --model FILE
 * --input PATH --output PATH}: any rnn4j model applied to every row of a text, CSV, JSON, Parquet
 * or binary-file input ({@link Scorer} lists what each kind reads and adds), written as Parquet
 * (or JSON). The model kind is read from the file. Prints a JSON summary: rows, rows with an
 * error, seconds.
 */
@Command(name = "ScoreJob", mixinStandardHelpOptions = true,
        description = "Score every row of a data set with an rnn4j model on Spark (the kind is read from the model file).")
public final class ScoreJob implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "The rnn4j model file (read on the driver and broadcast).")
    Path model;

    @Option(names = "--input", required = true, description = "The data (a path Spark can read).")
    String input;

    @Option(names = "--format", defaultValue = "text", description = "text (one row per line, column 'value'), csv (with a header), json, parquet, or binary (one row per file, column 'content': images, WAV files) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--column", description = "The input column (default: value for text, content for binary, else text; a forecaster's window values).")
    String column;

    @Option(names = "--end-column", description = "A forecaster's second input: the column with each window's last time.")
    String endColumn;

    @Option(names = "--output", required = true, description = "Where to write the scored rows.")
    String output;

    @Option(names = "--output-format", defaultValue = "parquet", description = "parquet or json (default: ${DEFAULT-VALUE}).")
    String outputFormat;

    @Option(names = "--on-error", defaultValue = "fail", description = "fail (stop at a bad row, naming it) or null (null results and an error column) (default: ${DEFAULT-VALUE}).")
    String onError;

    @Option(names = "--prefix", defaultValue = "", description = "Put this before the added columns' names.")
    String prefix;

    @Option(names = "--batch", defaultValue = "64", description = "Rows per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(model)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--model " + model + " is not a file");
        }
        Scorer.OnError mode = switch (onError) {
            case "fail" -> Scorer.OnError.FAIL;
            case "null" -> Scorer.OnError.NULL_WITH_REASON;
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "--on-error must be fail or null, got '" + onError + "'");
        };
        SparkSession spark = SparkSession.builder().appName("rnn4j ScoreJob").getOrCreate();
        Dataset<Row> data = switch (format) {
            case "text" -> spark.read().text(input);
            case "csv" -> spark.read().option("header", "true").csv(input);
            case "json" -> spark.read().json(input);
            case "parquet" -> spark.read().parquet(input);
            case "binary" -> spark.read().format("binaryFile").load(input);
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "--format must be text, csv, json, parquet or binary, got '" + format + "'");
        };
        String inputColumn = column != null ? column : format.equals("text") ? "value" : format.equals("binary") ? "content" : "text";
        ModelSource source = ModelSource.broadcast(spark, model);
        Scorer scorer = ModelKinds.scorer(model, source).onError(mode).withPrefix(prefix).withBatch(batch);
        long start = System.nanoTime();
        Dataset<Row> scored = endColumn == null ? scorer.transform(data, inputColumn) : scorer.transform(data, inputColumn, endColumn);
        switch (outputFormat) {
            case "parquet" -> scored.write().parquet(output);
            case "json" -> scored.write().json(output);
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "--output-format must be parquet or json, got '" + outputFormat + "'");
        }
        Dataset<Row> written = outputFormat.equals("parquet") ? spark.read().parquet(output) : spark.read().json(output);
        JsonObject summary = new JsonObject();
        summary.addProperty("rows", written.count());
        if (mode == Scorer.OnError.NULL_WITH_REASON) {
            summary.addProperty("rows_with_error", written.filter(functions.col(prefix + "error").isNotNull()).count());
        }
        summary.addProperty("seconds", (System.nanoTime() - start) / 1e9);
        summary.addProperty("output", output);
        System.out.println(summary);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ScoreJob()).execute(args));
    }
}
