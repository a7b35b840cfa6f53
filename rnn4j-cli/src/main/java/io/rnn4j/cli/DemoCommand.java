package io.rnn4j.cli;

import io.rnn4j.train.UpdateRule;
import io.rnn4j.train.Bptt;
import io.rnn4j.data.CharVocabulary;
import io.rnn4j.data.LanguageModelBatches;
import io.rnn4j.data.TextSampler;
import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Dropout;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Adam;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code rnn4j demo}: trains a character-level LSTM on a text for a fixed time, showing progress
 * and the validation curve, then writes a sample. By default the text is Tiny Shakespeare
 * (1,115,394 characters of Shakespeare's plays, public domain, as Karpathy's char-rnn collected
 * them), shipped gzipped inside rnn4j: enough text that a minute of training does not see it
 * twice, so the model learns the plays' form (speakers' names, verse lines) instead of
 * memorising a page.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train a small character LSTM for about a minute and print generated text.")
final class DemoCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--data", paramLabel = "FILE", defaultValue = "${env:RNN4J_DATA}",
            description = "UTF-8 text to learn (default: the file named by the environment variable RNN4J_DATA, "
                    + "else Tiny Shakespeare, embedded in rnn4j).")
    Path data;

    @Option(names = "--seconds", converter = Ranges.PositiveReal.class, defaultValue = "60", description = "Training time budget in seconds (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--hidden", converter = Ranges.Positive.class, defaultValue = "192", description = "LSTM units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--seq-len", converter = Ranges.Positive.class, defaultValue = "64", description = "Truncated-BPTT window (default: ${DEFAULT-VALUE}).")
    int seqLen;

    @Option(names = "--batch", converter = Ranges.Positive.class, defaultValue = "16", description = "Parallel streams per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", converter = Ranges.PositiveReal.class, defaultValue = "0.004", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--dropout", converter = Ranges.DropProbability.class, defaultValue = "0.1", description = "Dropout before the output layer (default: ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--validate-every", converter = Ranges.Positive.class, defaultValue = "100", description = "Updates between validations (default: ${DEFAULT-VALUE}).")
    long validateEvery;

    @Option(names = "--length", converter = Ranges.NonNegative.class, defaultValue = "400", description = "Characters to generate (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--temperature", converter = Ranges.PositiveReal.class, defaultValue = "0.6", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--seed", converter = Ranges.AnyLong.class, defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the run's result (updates, losses, the validation curve, the sample) as one"
            + " JSON object on stdout; the progress goes to stderr.")
    boolean json;

    @Override
    public void run() {
        ApplicationTraining.reporting(json, this::demo);
    }

    private com.google.gson.JsonObject demo() {
        threads.apply();
        String text = readText();
        CharVocabulary vocab = CharVocabulary.of(text);
        int[] ids = vocab.encode(text);
        int split = (int) (ids.length * 0.9);
        if (split < (long) batch * seqLen + 1 || ids.length - split < 2) {
            throw new IllegalArgumentException("the text has " + ids.length + " characters; the demo trains on the first 90 % and "
                    + "needs at least " + ((long) batch * seqLen + 1) + " there for --batch " + batch + " x --seq-len " + seqLen
                    + " (lower them, or give a longer --data)");
        }
        MemoryBudget.requireLanguageModel("demo --hidden " + hidden, RecurrentConfig.lstm(EMBED, hidden), vocab.size(), EMBED,
                seqLen, batch);
        int[] trainIds = java.util.Arrays.copyOfRange(ids, 0, split);
        // validation reads the start of the held-out 10 %, at most VALIDATION_CHARS of it, so
        // that checking it often costs little of the minute
        int[] valIds = java.util.Arrays.copyOfRange(ids, split, (int) Math.min(ids.length, split + VALIDATION_CHARS + 1L));
        List<Batch> train = LanguageModelBatches.of(trainIds, seqLen, batch);
        int valStreams = Math.max(1, Math.min(batch, (valIds.length - 1) / seqLen));
        List<Batch> val = LanguageModelBatches.of(valIds, Math.min(seqLen, valIds.length - 1), valStreams);

        int v = vocab.size();
        SequenceModel model = new SequenceModel(v)
                .add("embed", new Embedding(v, EMBED))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(EMBED, hidden), RecurrentLayer.Output.SEQUENCE))
                .add("drop", new Dropout(dropout))
                .add("head", new Dense(hidden, v))
                .initialize(Init.PYTORCH, seed);
        System.out.printf(Locale.ROOT, "rnn4j demo: char LSTM 1x%d on %s (%,d characters, vocabulary %d), %d thread(s), gemm %s%n",
                hidden, data == null ? "Tiny Shakespeare (embedded)" : data.getFileName(), ids.length, v, Parallel.threads(),
                Blas.backend().name());
        System.out.printf(Locale.ROOT, "training for %.0f s: batch %d x %d steps, Adam lr %s, clip 5, dropout %s; validation on"
                + " %,d held-out characters every %d updates%n", seconds, batch, seqLen, lr, dropout, valIds.length - 1, validateEvery);
        TrainingConfig cfg = TrainingConfig.builder().epochs(1_000_000).maxSeconds(seconds).carryState(true).seed(seed)
                .validateEvery(validateEvery).restoreBest(true).build();
        UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters())).learningRate(lr).clipNorm(5).build();
        Trainer trainer = new Trainer(Bptt.truncated(model, new SoftmaxCrossEntropy(), rule, seqLen, seqLen), cfg);
        ProgressPrinter progress = ProgressPrinter.ofSeconds(seconds).withValidationCurve("nats/char");
        trainer.addListener(progress);
        com.google.gson.JsonArray curve = new com.google.gson.JsonArray();
        trainer.addListener(m -> {
            if (m.hasValidation()) {
                com.google.gson.JsonObject point = new com.google.gson.JsonObject();
                point.addProperty("update", m.step());
                point.addProperty("validation_loss", m.validationLoss());
                curve.add(point);
            }
        });
        TrainingResult r = trainer.fit(BatchSource.fixed(train), BatchSource.fixed(val));
        progress.finish();
        System.out.printf(Locale.ROOT, "done: %d updates in %.1f s; best validation loss %.3f nats/char at update %d (kept); "
                + "last train loss %.3f%n", r.steps(), r.seconds(), r.bestValidationLoss(), r.bestStep(), r.lastTrainLoss());

        String prime = text.substring(0, text.offsetByCodePoints(0, Math.min(PRIME, text.codePointCount(0, text.length()))));
        System.out.println();
        System.out.println("sample (temperature " + temperature + "):");
        System.out.print(prime);
        String sample = new TextSampler(model, vocab).sample(prime, length, temperature, 0, 1.0, seed, s -> {
            System.out.print(s);
            System.out.flush();
        });
        System.out.println();
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        o.addProperty("updates", r.steps());
        o.addProperty("seconds", r.seconds());
        o.addProperty("best_validation_loss", r.bestValidationLoss());
        o.addProperty("best_update", r.bestStep());
        o.addProperty("train_loss", r.lastTrainLoss());
        o.add("validation_curve", curve);
        o.addProperty("temperature", temperature);
        o.addProperty("sample", prime + sample);
        return o;
    }

    /** The demo model's embedding width. */
    private static final int EMBED = 32;

    /** Characters of the text's start that the sample continues. */
    private static final int PRIME = 3;

    /** The most held-out characters a validation reads. */
    static final int VALIDATION_CHARS = 16_384;

    /** The embedded corpus, gzipped. */
    static final String CORPUS = "demo-corpus.txt.gz";

    private String readText() {
        if (data != null) {
            return CliFiles.readUtf8("--data", data);
        }
        try {
            try (InputStream in = new java.util.zip.GZIPInputStream(DemoCommand.class.getResourceAsStream(CORPUS))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the text: " + e.getMessage());
        }
    }
}
