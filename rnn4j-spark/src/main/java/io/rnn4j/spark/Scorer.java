package io.rnn4j.spark;

import io.rnn4j.io.TextClassifierFile;
import io.rnn4j.text.TextClassifier;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Applies an rnn4j model to a text column of a DataFrame and adds its results as new columns;
 * also as a Spark SQL function. The model is shipped once ({@link ModelSource}) and loaded once
 * per executor JVM; within a partition the rows are scored in length-sorted batches.
 *
 * <pre>{@code
 * Scorer lm = Scorer.languageModel(ModelSource.broadcast(spark, Path.of("shakespeare.rnn4j")));
 * Dataset<Row> scored = lm.transform(lines, "text");          // + loss, tokens
 * lm.register(spark, "rnn4j_lm");                               // SELECT rnn4j_lm(text).loss FROM lines
 * }</pre>
 *
 * Bad rows (a null, a character the model does not know, more than {@link #withMaxTokens} tokens)
 * either stop the job with a message naming the row and the reason ({@link OnError#FAIL}, the
 * default) or get null results and the reason in an {@code error} column
 * ({@link OnError#NULL_WITH_REASON}); so does a model file missing on an executor.
 */
public final class Scorer implements Serializable {

    private static final long serialVersionUID = 1L;

    /** What a bad row does. */
    public enum OnError {
        /** Stop the job, naming the row and what is wrong with it. */
        FAIL,
        /** Give the row null results and the reason in an extra {@code error} column. */
        NULL_WITH_REASON
    }

    /** Rows read from a partition before they are sorted and batched. */
    private static final int CHUNK_BATCHES = 16;

    private final ModelSource source;
    private final TextScoring scoring;
    private final String prefix;
    private final OnError onError;
    private final int batch;
    private final int maxTokens;

    private Scorer(ModelSource source, TextScoring scoring, String prefix, OnError onError, int batch, int maxTokens) {
        this.source = source;
        this.scoring = scoring;
        this.prefix = prefix;
        this.onError = onError;
        this.batch = batch;
        this.maxTokens = maxTokens;
    }

    /** A language model ({@code rnn4j train}): adds {@code loss} (nats per token) and {@code tokens}. */
    public static Scorer languageModel(ModelSource source) {
        return new Scorer(source, new LanguageModelScoring(), "", OnError.FAIL, 64, 100_000);
    }

    /** A text classifier ({@code rnn4j classify train}): adds {@code label}, {@code probability}, {@code probabilities}. */
    public static Scorer textClassifier(ModelSource source) {
        return new Scorer(source, new ClassifierScoring(), "", OnError.FAIL, 64, 100_000);
    }

    /** Puts {@code prefix} before the added columns' names (default none). */
    public Scorer withPrefix(String prefix) {
        return new Scorer(source, scoring, prefix, onError, batch, maxTokens);
    }

    /** What a bad row does (default {@link OnError#FAIL}). */
    public Scorer onError(OnError onError) {
        return new Scorer(source, scoring, prefix, onError, batch, maxTokens);
    }

    /** Rows per batch of a language model (default 64). */
    public Scorer withBatch(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        return new Scorer(source, scoring, prefix, onError, batch, maxTokens);
    }

    /** Rows with more tokens than this are bad rows (default 100,000). */
    public Scorer withMaxTokens(int maxTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
        }
        return new Scorer(source, scoring, prefix, onError, batch, maxTokens);
    }

    /** A text classifier's classes, in the order of its {@code probabilities} column (loads it here). */
    public List<String> classes() {
        if (!(scoring instanceof ClassifierScoring)) {
            throw new IllegalStateException("only a text classifier has classes");
        }
        TextClassifier classifier = Executors.model(source, ClassifierScoring.KIND, TextClassifierFile::load);
        return classifier.classes();
    }

    /** The columns added, with {@code error} last under {@link OnError#NULL_WITH_REASON}. */
    public List<StructField> addedColumns() {
        List<StructField> out = new ArrayList<>(scoring.columns(prefix));
        if (onError == OnError.NULL_WITH_REASON) {
            out.add(DataTypes.createStructField(prefix + "error", DataTypes.StringType, true));
        }
        return out;
    }

    /**
     * {@code data} with the model's columns added after its own.
     *
     * @throws IllegalArgumentException when {@code column} is missing or not a string, or an added
     *                                  column's name is taken
     */
    public Dataset<Row> transform(Dataset<Row> data, String column) {
        StructType in = data.schema();
        int index = textColumn(in, column);
        StructType out = in;
        for (StructField f : addedColumns()) {
            if (Arrays.asList(in.fieldNames()).contains(f.name())) {
                throw new IllegalArgumentException("the data already has a column '" + f.name() + "'; choose a prefix with"
                        + " withPrefix");
            }
            out = out.add(f);
        }
        PartitionScorer partition = new PartitionScorer(this, column, index);
        return data.mapPartitions((MapPartitionsFunction<Row, Row>) partition::apply, Encoders.row(out));
    }

    /**
     * Registers {@code name(text)} as a Spark SQL function returning a struct of the added columns
     * ({@code SELECT name(text).loss FROM t}). It scores one row per call: {@link #transform}
     * batches and is faster on many rows.
     */
    public void register(SparkSession spark, String name) {
        StructType struct = new StructType(addedColumns().toArray(StructField[]::new));
        spark.udf().register(name, (UDF1<String, Row>) text -> RowFactory.create(valuesOf(score(List.of(text)).get(0),
                "the argument")), struct);
    }

    private static int textColumn(StructType schema, String column) {
        List<String> names = Arrays.asList(schema.fieldNames());
        if (!names.contains(column)) {
            throw new IllegalArgumentException("the data has no column '" + column + "'; it has " + names);
        }
        StructField f = schema.apply(column);
        if (!f.dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("column '" + column + "' is " + f.dataType().simpleString()
                    + "; the model reads text (string): cast it, or pick the text column");
        }
        return schema.fieldIndex(column);
    }

    /** Scores texts; a null text is a bad row. A model that cannot be loaded makes every row bad. */
    List<RowOutcome> score(List<String> texts) {
        List<String> present = new ArrayList<>();
        for (String t : texts) {
            if (t != null) {
                present.add(t);
            }
        }
        List<RowOutcome> scored;
        try {
            scored = scoring.score(source, present, batch, maxTokens);
        } catch (RuntimeException e) {
            if (onError == OnError.FAIL) {
                throw e;
            }
            String reason = "model " + source.name() + " cannot be used: " + e.getMessage();
            scored = present.stream().map(t -> RowOutcome.refused(reason)).toList();
        }
        List<RowOutcome> out = new ArrayList<>(texts.size());
        int k = 0;
        for (String t : texts) {
            out.add(t == null ? RowOutcome.refused("the text is null") : scored.get(k++));
        }
        return out;
    }

    /** The added columns' values for one outcome; under FAIL a bad row throws, naming {@code where}. */
    Object[] valuesOf(RowOutcome o, String where) {
        if (o.bad() && onError == OnError.FAIL) {
            throw new IllegalArgumentException("rnn4j: " + where + ": " + o.reason() + " (Scorer.onError(NULL_WITH_REASON)"
                    + " gives such rows null results and the reason instead)");
        }
        int n = scoring.columns(prefix).size();
        Object[] v = new Object[addedColumns().size()];
        if (o.values() != null) {
            System.arraycopy(o.values(), 0, v, 0, n);
        }
        if (onError == OnError.NULL_WITH_REASON) {
            v[n] = o.reason();
        }
        return v;
    }

    int chunk() {
        return batch * CHUNK_BATCHES;
    }
}
