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
 * {@code rnn4j demo}: trains a character-level LSTM on a text (by default a short essay that
 * ships inside rnn4j) for a fixed time, showing progress, then writes a sample.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Train a small character LSTM for about a minute and print generated text.")
final class DemoCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--data", paramLabel = "FILE", defaultValue = "${env:RNN4J_DATA}",
            description = "UTF-8 text to learn (default: the file named by the environment variable RNN4J_DATA, "
                    + "else the essay embedded in rnn4j).")
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

    @Option(names = "--length", converter = Ranges.NonNegative.class, defaultValue = "400", description = "Characters to generate (default: ${DEFAULT-VALUE}).")
    int length;

    @Option(names = "--temperature", converter = Ranges.PositiveReal.class, defaultValue = "0.6", description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--seed", converter = Ranges.AnyLong.class, defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public void run() {
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
        int[] valIds = java.util.Arrays.copyOfRange(ids, split, ids.length);
        List<Batch> train = LanguageModelBatches.of(trainIds, seqLen, batch);
        List<Batch> val = LanguageModelBatches.of(valIds, Math.min(seqLen, (valIds.length - 1)), 1);

        int v = vocab.size();
        SequenceModel model = new SequenceModel(v)
                .add("embed", new Embedding(v, EMBED))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(EMBED, hidden), RecurrentLayer.Output.SEQUENCE))
                .add("drop", new Dropout(0.25f))
                .add("head", new Dense(hidden, v))
                .initialize(Init.PYTORCH, seed);
        System.out.printf(Locale.ROOT, "rnn4j demo: char LSTM 1x%d on %s (%,d characters, vocabulary %d), %d thread(s), gemm %s%n",
                hidden, data == null ? "the embedded essay" : data.getFileName(), ids.length, v, Parallel.threads(), Blas.backend().name());
        System.out.printf(Locale.ROOT, "training for %.0f s: batch %d x %d steps, Adam lr %s, clip 5%n", seconds, batch, seqLen, lr);
        TrainingConfig cfg = TrainingConfig.builder().epochs(1_000_000).maxSeconds(seconds).carryState(true).seed(seed)
                .validateEvery(25).restoreBest(true).build();
        UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters())).learningRate(lr).clipNorm(5).build();
        Trainer trainer = new Trainer(Bptt.truncated(model, new SoftmaxCrossEntropy(), rule, seqLen, seqLen), cfg);
        ProgressPrinter progress = ProgressPrinter.ofSeconds(seconds);
        trainer.addListener(progress);
        TrainingResult r = trainer.fit(BatchSource.fixed(train), BatchSource.fixed(val));
        progress.finish();
        System.out.printf(Locale.ROOT, "done: %d updates in %.1f s; best validation loss %.3f nats/char at update %d (kept); "
                + "last train loss %.3f%n", r.steps(), r.seconds(), r.bestValidationLoss(), r.bestStep(), r.lastTrainLoss());

        String prime = text.substring(0, text.offsetByCodePoints(0, Math.min(3, text.codePointCount(0, text.length()))));
        System.out.println();
        System.out.println("sample (temperature " + temperature + "):");
        System.out.print(prime);
        new TextSampler(model, vocab).sample(prime, length, temperature, 0, 1.0, seed, s -> {
            System.out.print(s);
            System.out.flush();
        });
        System.out.println();
    }

    /** The demo model's embedding width. */
    private static final int EMBED = 32;

    private String readText() {
        if (data != null) {
            return CliFiles.readUtf8("--data", data);
        }
        try {
            try (InputStream in = DemoCommand.class.getResourceAsStream("demo-corpus.txt")) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the text: " + e.getMessage());
        }
    }
}
