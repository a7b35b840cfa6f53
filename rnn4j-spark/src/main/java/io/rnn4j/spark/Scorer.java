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
import org.apache.spark.sql.api.java.UDF2;
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
    private final RowScoring scoring;
    private final String prefix;
    private final OnError onError;
    private final int batch;
    private final int maxTokens;
    private final int threadsPerTask;
    /** How many columns the model adds (the error column not counted): read per row, so kept. */
    private final int modelColumns;

    private Scorer(ModelSource source, RowScoring scoring, String prefix, OnError onError, int batch, int maxTokens,
                   int threadsPerTask) {
        this.source = source;
        this.scoring = scoring;
        this.prefix = prefix;
        this.onError = onError;
        this.batch = batch;
        this.maxTokens = maxTokens;
        this.threadsPerTask = threadsPerTask;
        this.modelColumns = scoring.columns("").size();
    }

    /** A language model ({@code rnn4j train}): adds {@code loss} (nats per token) and {@code tokens}. */
    public static Scorer languageModel(ModelSource source) {
        return new Scorer(source, new LanguageModelScoring(), "", OnError.FAIL, 64, 100_000, 0);
    }

    /**
     * A forecaster ({@code rnn4j forecast train}): reads a window's values, an array of L rows
     * (the look-back) of the model's input series in raw units, and the time of its last row
     * (epoch seconds or a timestamp); adds {@code forecast}, H rows of the forecast series, and
     * {@code lower} and {@code upper}, the prediction interval's ends (null without intervals).
     */
    public static Scorer forecaster(ModelSource source) {
        return new Scorer(source, new ForecastScoring(), "", OnError.FAIL, 64, 100_000, 0);
    }

    /**
     * Any model file's network that reads vectors (a task's, an imported ONNX or PyTorch model):
     * reads a numeric sequence, {@code array<array<double>>} (steps of inputs) or
     * {@code array<double>} (one input per step); adds {@code output}, the last step's output, and
     * {@code outputs}, every step's. {@link #withMaxTokens} bounds the steps.
     */
    public static Scorer sequenceModel(ModelSource source) {
        return new Scorer(source, new SequenceScoring(), "", OnError.FAIL, 64, 100_000, 0);
    }

    /**
     * A translation model ({@code rnn4j translate train}): reads a sentence (string); adds
     * {@code translation} (greedy) and {@code log_probability}.
     */
    public static Scorer translator(ModelSource source) {
        return new Scorer(source, new TranslationScoring(), "", OnError.FAIL, 64, 100_000, 0);
    }

    /**
     * A sequence tagger ({@code rnn4j tag train}): reads a sentence, {@code array<string>} of words
     * or a string split at white space ({@code word|feature} for a tagger that reads features);
     * adds {@code tags}.
     */
    public static Scorer tagger(ModelSource source) {
        return new Scorer(source, new TaggerScoring(), "", OnError.FAIL, 64, 100_000, 0);
    }

    /**
     * An image classifier ({@code rnn4j image train}): reads image files' bytes (binary, e.g. the
     * {@code content} column of {@code spark.read().format("binaryFile")}); adds {@code label},
     * {@code probability}, {@code probabilities}.
     */
    public static Scorer imageClassifier(ModelSource source) {
        return new Scorer(source, new ImageScoring(), "", OnError.FAIL, 64, 100_000, 0);
    }

    /**
     * An image captioner ({@code rnn4j caption train}): reads image files' bytes (binary); adds
     * {@code caption} (greedy) and {@code log_probability}.
     */
    public static Scorer imageCaptioner(ModelSource source) {
        return new Scorer(source, new CaptionScoring(), "", OnError.FAIL, 64, 100_000, 0);
    }

    /**
     * A speech recogniser ({@code rnn4j speech train}): reads WAV files' bytes (binary); adds
     * {@code transcript} (best path).
     */
    public static Scorer speechRecognizer(ModelSource source) {
        return new Scorer(source, new SpeechScoring(), "", OnError.FAIL, 64, 100_000, 0);
    }

    /**
     * A video predictor ({@code rnn4j video train}): reads each clip's T input frames as binary
     * (T·H·W grey bytes, frame after frame); adds {@code frames}, the K predicted frames alike.
     */
    public static Scorer videoPredictor(ModelSource source) {
        return new Scorer(source, new VideoScoring(), "", OnError.FAIL, 64, 100_000, 0);
    }

    /** A text classifier ({@code rnn4j classify train}): adds {@code label}, {@code probability}, {@code probabilities}. */
    public static Scorer textClassifier(ModelSource source) {
        return new Scorer(source, new ClassifierScoring(), "", OnError.FAIL, 64, 100_000, 0);
    }

    /** Puts {@code prefix} before the added columns' names (default none). */
    public Scorer withPrefix(String prefix) {
        return new Scorer(source, scoring, prefix, onError, batch, maxTokens, threadsPerTask);
    }

    /** What a bad row does (default {@link OnError#FAIL}). */
    public Scorer onError(OnError onError) {
        return new Scorer(source, scoring, prefix, onError, batch, maxTokens, threadsPerTask);
    }

    /** Rows per batch of a language model (default 64). */
    public Scorer withBatch(int batch) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        return new Scorer(source, scoring, prefix, onError, batch, maxTokens, threadsPerTask);
    }

    /** Rows with more tokens than this are bad rows (default 100,000). */
    public Scorer withMaxTokens(int maxTokens) {
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
        }
        return new Scorer(source, scoring, prefix, onError, batch, maxTokens, threadsPerTask);
    }

    /**
     * Each task computes with {@code n} rnn4j threads (sets {@link io.rnn4j.kernel.Parallel} in the
     * executor JVM); 0, the default, leaves the JVM's setting, all its cores, which oversubscribes
     * an executor that runs several tasks at once: give cores ÷ task slots.
     */
    public Scorer withThreadsPerTask(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("threadsPerTask must be >= 0, got " + n);
        }
        return new Scorer(source, scoring, prefix, onError, batch, maxTokens, n);
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
     * @param columns the input columns: a text model's text column; a forecaster's window values
     *                and window end time (see {@link #forecaster})
     * @throws IllegalArgumentException when an input column is missing or of the wrong type, or an
     *                                  added column's name is taken
     */
    public Dataset<Row> transform(Dataset<Row> data, String... columns) {
        StructType in = data.schema();
        List<String> names = Arrays.asList(in.fieldNames());
        if (columns.length != scoring.inputs()) {
            throw new IllegalArgumentException("this model reads " + scoring.inputs() + " column(s), given " + Arrays.asList(columns));
        }
        int[] indices = new int[columns.length];
        for (int i = 0; i < columns.length; i++) {
            if (!names.contains(columns[i])) {
                throw new IllegalArgumentException("the data has no column '" + columns[i] + "'; it has " + names);
            }
            indices[i] = in.fieldIndex(columns[i]);
        }
        scoring.check(in, Arrays.asList(columns));
        StructType out = in;
        for (StructField f : addedColumns()) {
            if (names.contains(f.name())) {
                throw new IllegalArgumentException("the data already has a column '" + f.name() + "'; choose a prefix with"
                        + " withPrefix");
            }
            out = out.add(f);
        }
        PartitionScorer partition = new PartitionScorer(this, String.join(", ", columns), indices);
        return data.mapPartitions((MapPartitionsFunction<Row, Row>) partition::apply, Encoders.row(out));
    }

    /**
     * Registers {@code name(...)} as a Spark SQL function of the input columns, returning a struct
     * of the added columns ({@code SELECT name(text).loss FROM t}). It scores one row per call:
     * {@link #transform} batches and is faster on many rows.
     */
    public void register(SparkSession spark, String name) {
        StructType struct = new StructType(addedColumns().toArray(StructField[]::new));
        if (scoring.inputs() == 1) {
            spark.udf().register(name, (UDF1<Object, Row>) a -> one(RowFactory.create(a)), struct);
        } else {
            spark.udf().register(name, (UDF2<Object, Object, Row>) (a, b) -> one(RowFactory.create(a, b)), struct);
        }
    }

    private Row one(Row arguments) {
        Executors.useThreads(threadsPerTask);
        int[] indices = new int[arguments.length()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
        }
        Object input = scoring.read(arguments, indices);
        return RowFactory.create(valuesOf(score(java.util.Collections.singletonList(input)).get(0), "the argument"));
    }

    /** Scores inputs; a null input is a bad row. A model that cannot be loaded makes every row bad. */
    List<RowOutcome> score(List<Object> texts) {
        List<Object> present = new ArrayList<>();
        for (Object t : texts) {
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
            String reason = "model " + source.name() + " cannot be used: " + (e.getMessage() != null ? e.getMessage() : e.toString());
            scored = present.stream().map(t -> RowOutcome.refused(reason)).toList();
        }
        List<RowOutcome> out = new ArrayList<>(texts.size());
        int k = 0;
        for (Object t : texts) {
            out.add(t == null ? RowOutcome.refused(scoring.inputs() == 1 ? "the text is null" : "an input is null")
                    : scored.get(k++));
        }
        return out;
    }

    /** The added columns' values for one outcome; under FAIL a bad row throws, naming {@code where}. */
    Object[] valuesOf(RowOutcome o, String where) {
        if (o.bad() && onError == OnError.FAIL) {
            throw new IllegalArgumentException("rnn4j: " + where + ": " + o.reason() + " (Scorer.onError(NULL_WITH_REASON)"
                    + " gives such rows null results and the reason instead)");
        }
        int n = modelColumns;
        Object[] v = new Object[onError == OnError.NULL_WITH_REASON ? n + 1 : n];
        if (o.values() != null) {
            System.arraycopy(o.values(), 0, v, 0, n);
        }
        if (onError == OnError.NULL_WITH_REASON) {
            v[n] = o.reason();
        }
        return v;
    }

    int threadsPerTask() {
        return threadsPerTask;
    }

    RowScoring scoring() {
        return scoring;
    }

    int chunk() {
        return batch * CHUNK_BATCHES;
    }
}
