package io.rnn4j.spark;

import com.google.gson.JsonObject;
import io.rnn4j.data.CharVocabulary;
import io.rnn4j.io.ModelFile;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code spark-submit --class io.rnn4j.spark.TrainLanguageModelJob rnn4j-spark-VERSION-all.jar
 * --data TEXT --out MODEL}: a character LSTM language model trained data-parallel on a text
 * (any path Spark reads), saved as {@code rnn4j train} saves one ({@code rnn4j sample} reads it).
 * Prints one line per step and a JSON summary; progress and timings are what the scaling notes use.
 */
@Command(name = "TrainLanguageModelJob", mixinStandardHelpOptions = true,
        description = "Train a character LSTM language model on Spark, data-parallel (synchronous gradients or parameter averaging).")
public final class TrainLanguageModelJob implements Callable<Integer> {

    @Option(names = "--data", required = true, description = "Text to train on (a path Spark can read; lines joined by newlines).")
    String data;

    @Option(names = "--out", required = true, description = "The model file to write (on the driver).")
    Path out;

    @Option(names = "--partitions", defaultValue = "0", description = "Partitions (workers) to split the windows into; 0 = Spark's default parallelism.")
    int partitions;

    @Option(names = "--steps", defaultValue = "100", description = "Updates to make (default: ${DEFAULT-VALUE}).")
    long steps;

    @Option(names = "--batch", defaultValue = "64", description = "Global batch of windows per update (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq-len", defaultValue = "100", description = "Steps per window (default: ${DEFAULT-VALUE}).")
    int seqLen;

    @Option(names = "--hidden", defaultValue = "256", description = "LSTM units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", defaultValue = "2", description = "LSTM layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--embed", defaultValue = "64", description = "Embedding size (default: ${DEFAULT-VALUE}).")
    int embed;

    @Option(names = "--lr", defaultValue = "0.002", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--clip", defaultValue = "5", description = "Gradient-norm clip, 0 for none (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--mode", defaultValue = "sync", description = "sync (synchronous gradients) or averaging (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--period", defaultValue = "8", description = "Averaging: local steps between averages (default: ${DEFAULT-VALUE}).")
    int period;

    @Option(names = "--threads-per-task", defaultValue = "1", description = "rnn4j threads in each task (default: ${DEFAULT-VALUE}: Spark's task slots are the parallelism).")
    int threadsPerTask;

    @Option(names = "--checkpoint", description = "Checkpoint file on the driver.")
    Path checkpoint;

    @Option(names = "--checkpoint-every", defaultValue = "50", description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(names = "--resume", description = "Go on from this checkpoint (same data, batch, mode and partitions).")
    Path resume;

    @Option(names = "--seed", defaultValue = "1", description = "Initial weights and dropout seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        SparkSession spark = SparkSession.builder().appName("rnn4j TrainLanguageModelJob").getOrCreate();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<String> lines = jsc.textFile(data, Math.max(1, partitions));
        String alphabet = lines.flatMap(l -> l.codePoints().mapToObj(Character::toString).iterator()).distinct().collect()
                .stream().collect(Collectors.joining()) + "\n";
        CharVocabulary vocabulary = CharVocabulary.of(alphabet);
        TokenWindows windows = new TokenWindows(seqLen);
        JavaRDD<int[]> examples = windows.of(lines, vocabulary);
        if (partitions > 0 && examples.getNumPartitions() != partitions) {
            examples = examples.repartition(partitions);
        }
        examples = examples.persist(StorageLevel.MEMORY_AND_DISK());
        long count = examples.count();
        System.err.printf(Locale.ROOT, "rnn4j: %,d windows of %d characters in %d partitions, vocabulary %d%n", count, seqLen + 1,
                examples.getNumPartitions(), vocabulary.size());

        int vocab = vocabulary.size();
        SequenceModel model = new SequenceModel(vocab)
                .add("embed", new Embedding(vocab, embed))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(embed, hidden).layers(layers), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(hidden, vocab))
                .initialize(Init.PYTORCH, seed);
        DataParallelConfig config = DataParallelConfig.defaults().withBatch(batch).withLearningRate(lr).withClipNorm(clip)
                .withSeed(seed).withThreadsPerTask(threadsPerTask);
        config = switch (mode) {
            case "sync" -> config.synchronous();
            case "averaging" -> config.averagingEvery(period);
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "--mode must be sync or averaging, got '" + mode + "'");
        };
        if (checkpoint != null) {
            config = config.withCheckpoints(checkpoint, checkpointEvery);
        }
        DataParallelTrainer<int[]> trainer = new DataParallelTrainer<>(spark, model, windows, SoftmaxCrossEntropy::new,
                Factories.adam(), config);
        long tokensPerStep = (long) batch * seqLen;
        DataParallelTrainer.Result r = resume == null
                ? trainer.fit(examples, steps, p -> report(p, tokensPerStep))
                : trainer.resume(resume, examples, steps, p -> report(p, tokensPerStep));

        JsonObject extra = new JsonObject();
        extra.add("tokenizer", vocabulary.toJson());
        JsonObject provenance = new JsonObject();
        provenance.addProperty("trainer", "rnn4j-spark TrainLanguageModelJob");
        provenance.addProperty("data", data);
        provenance.addProperty("steps", r.steps());
        provenance.addProperty("mode", mode);
        provenance.addProperty("partitions", r.partitions());
        extra.add("provenance", provenance);
        ModelFile.save(out, model, extra, null);
        JsonObject summary = new JsonObject();
        summary.addProperty("steps", r.steps());
        summary.addProperty("last_loss", r.lastLoss());
        summary.addProperty("seconds", r.seconds());
        summary.addProperty("partitions", r.partitions());
        summary.addProperty("parameters", model.parameters().size());
        summary.addProperty("model", out.toString());
        System.out.println(summary);
        examples.unpersist(false);
        return 0;
    }

    private static void report(DataParallelTrainer.Progress p, long tokensPerStep) {
        System.err.printf(Locale.ROOT, "step %6d  loss %.3f  %.3f s  %,.0f tok/s%n", p.step(), p.loss(), p.seconds(),
                p.step() * tokensPerStep / Math.max(p.seconds(), 1e-9));
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainLanguageModelJob()).execute(args));
    }
}
