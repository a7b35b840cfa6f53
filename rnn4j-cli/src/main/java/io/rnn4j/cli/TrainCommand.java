package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.Version;
import io.rnn4j.data.CharVocabulary;
import io.rnn4j.data.LanguageModelBatches;
import io.rnn4j.data.TextSplit;
import io.rnn4j.data.Tokenizer;
import io.rnn4j.data.WordVocabulary;
import io.rnn4j.io.Checkpoint;
import io.rnn4j.io.ModelFile;
import io.rnn4j.io.SafeTensors;
import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Dropout;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.OneHot;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.JordanLayer;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Adam;
import io.rnn4j.optim.LearningRateSchedule;
import io.rnn4j.optim.Optimizer;
import io.rnn4j.optim.RmsProp;
import io.rnn4j.optim.Sgd;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.OnlineTrainer;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingAlgorithm;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.TrainingResult;
import io.rnn4j.train.rtrl.RtrlNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code rnn4j train}: a recurrent language model on a text file. The text is split in order
 * (the last {@code --val-fraction} validates), batched as B parallel streams with truncated BPTT
 * carrying state across batches, validated at intervals, and the best-validation weights are saved
 * with the tokenizer and the training provenance in one model file.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a character or word language model on a UTF-8 text file.")
final class TrainCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE", description = "UTF-8 text to learn (required unless --resume names a checkpoint).")
    Path data;

    @Option(names = "--tokens", defaultValue = "char", description = "Tokens: char (Unicode code points) or word (default: ${DEFAULT-VALUE}).")
    String tokens;

    @Option(names = "--min-count", converter = Ranges.Positive.class, defaultValue = "1", description = "Word tokens: words seen fewer times become <unk> (default: ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--max-vocab", converter = Ranges.Positive.class, defaultValue = "10000", description = "Word tokens: vocabulary cap including <unk> (default: ${DEFAULT-VALUE}).")
    int maxVocab;

    @Option(names = "--lowercase", defaultValue = "false", arity = "1", paramLabel = "true|false",
            description = "Word tokens: lower-case the text first (saved with the vocabulary, so eval and sample do too) (default: ${DEFAULT-VALUE}).")
    boolean lowercase;

    @Option(names = "--cell", defaultValue = "lstm", description = "Recurrent cell: lstm, gru, rnn (Elman), clockwork "
            + "(Clockwork RNN, --modules) or jordan (output fed back as context; one hidden layer) (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--modules", converter = Ranges.Positive.class, defaultValue = "4", description = "Clockwork cell: modules with periods 1, 2, 4, ...; "
            + "must divide --hidden (default: ${DEFAULT-VALUE}).")
    int modules;

    @Option(names = "--layers", converter = Ranges.Positive.class, defaultValue = "2", description = "Stacked recurrent layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--hidden", converter = Ranges.Positive.class, defaultValue = "256", description = "Units per layer (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--embed", converter = Ranges.Positive.class, defaultValue = "64", description = "Embedding width (default: ${DEFAULT-VALUE}).")
    int embed;

    @Option(names = "--dropout", converter = Ranges.DropProbability.class, defaultValue = "0.2", description = "Dropout between and after the recurrent layers (default: ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--algorithm", defaultValue = "tbptt", description = "tbptt: truncated BPTT over --seq-len windows with"
            + " the state carried from one to the next (default); bptt: full BPTT within each window, every window starting from"
            + " a zero state; rtrl, ekf, dekf: online, one update per token on one stream, by real-time recurrent learning"
            + " (with --optimizer), the global or the decoupled extended Kalman filter (--ekf-* options). The online algorithms"
            + " take one-hot inputs (no --embed, --dropout or --batch), cost O(n^4) per token for n units (use small"
            + " --hidden, e.g. 16) and cannot be resumed: at each --checkpoint-every, and on Ctrl-C, they save the model"
            + " trained so far to --out.")
    String algorithm;

    @Mixin
    EkfOptions ekf;

    @Option(names = "--seq-len", converter = Ranges.Positive.class, defaultValue = "100", description = "Truncated-BPTT window T (default: ${DEFAULT-VALUE}).")
    int seqLen;

    @Option(names = "--batch", converter = Ranges.Positive.class, defaultValue = "32", description = "Parallel streams B (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", converter = Ranges.PositiveReal.class, defaultValue = "0.002", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--schedule", defaultValue = "constant",
            description = "Learning-rate schedule: constant, or cosine (to lr/20 over the run's updates, which --max-steps "
                    + "or --epochs fix) (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--warmup", converter = Ranges.NonNegativeLong.class, defaultValue = "0", description = "Linear learning-rate warm-up over this many updates (default: ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam, sgd or rmsprop (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--clip", converter = Ranges.NonNegativeReal.class, defaultValue = "5", description = "Clip the global gradient norm to this; 0 turns it off (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--epochs", converter = Ranges.Positive.class, defaultValue = "10", description = "Passes over the training text (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--max-steps", converter = Ranges.NonNegativeLong.class, defaultValue = "0", description = "Stop after this many updates; 0 = no limit (default: ${DEFAULT-VALUE}).")
    long maxSteps;

    @Option(names = "--max-time", paramLabel = "DURATION", description = "Stop after this much training time, e.g. 90s, 10m, 1h.")
    String maxTime;

    @Option(names = "--validate-every", converter = Ranges.NonNegativeLong.class, description = "Validate every this many updates (default: 200; rtrl, ekf and dekf,"
            + " which update at every token: 5000).")
    Long validateEveryOption;

    /** --algorithm, parsed once at the start of {@link #run}. */
    private TrainingAlgorithm algo;

    /** The online algorithms update at every token, so they validate less often by default. */
    private static final long ONLINE_VALIDATE_EVERY = 5000;

    @Option(names = "--val-fraction", converter = Ranges.ZeroToOne.class, defaultValue = "0.1", description = "Share of the text, from its end, that validates (default: ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--seed", converter = Ranges.AnyLong.class, defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "model.rnn4j", paramLabel = "MODEL", description = "Where to save the model (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--checkpoint-every", defaultValue = "2m", paramLabel = "N|DURATION",
            description = "Write a checkpoint every N updates (a plain number) or every DURATION of training (e.g. 90s, 5m); "
                    + "0 turns periodic checkpoints off (default: ${DEFAULT-VALUE}). Ctrl-C always writes one. rtrl, ekf and dekf"
                    + " write no checkpoint but save the model trained so far to --out at this interval.")
    String checkpointEvery;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Where checkpoints go (default: MODEL.ckpt). "
            + "It is removed when the run finishes.")
    Path checkpoint;

    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "Continue the run that wrote CHECKPOINT exactly where "
            + "it stopped, with its options; --max-steps, --max-time, --epochs, --threads, --out, --checkpoint and "
            + "--checkpoint-every may be given anew (--max-time counts the time trained before).")
    Path resume;

    @Override
    public void run() {
        if (resume != null) {
            Checkpoint.Loaded loaded = Checkpoint.load(resume);
            TrainCommand resumed = ResumedTraining.merge(loaded, ResumedTraining.typed(spec.commandLine().getParseResult()),
                    resume.getFileName().toString());
            resumed.train(loaded, resume);
        } else {
            train(null, null);
        }
    }

    /** Trains from scratch, or on from {@code loaded} (read from {@code loadedFrom}) when it is not null. */
    private void train(Checkpoint.Loaded loaded, Path loadedFrom) {
        threads.apply();
        if (data == null) {
            throw new IllegalArgumentException("--data FILE is required (or --resume CHECKPOINT)");
        }
        algo = TrainingAlgorithm.parse(algorithm);
        Path metricsFile = metricsFile();
        Path plotFile = plotFile();
        Path checkpointFile = algo.online() ? null : checkpoint != null ? checkpoint : Path.of(out + ".ckpt");
        checkFiles(loadedFrom, metricsFile, plotFile, checkpointFile);
        boolean online = algo.online();
        boolean carryState = algo == TrainingAlgorithm.TBPTT;
        long validateEvery = validateEveryOption != null ? validateEveryOption : online ? ONLINE_VALIDATE_EVERY : 200;
        if (online) {
            refuseForOnline("--embed", "--dropout", "--batch", "--checkpoint");
        }
        double seconds = maxTime == null ? 0 : Durations.seconds(maxTime);
        byte[] bytes = CliFiles.readBytes("--data", data);
        String text = CliFiles.utf8("--data", data, bytes);
        Tokenizer tok = switch (tokens) {
            case "char" -> CharVocabulary.of(text);
            case "word" -> WordVocabulary.of(text, minCount, maxVocab, lowercase);
            default -> throw new IllegalArgumentException("--tokens must be char or word, got '" + tokens + "'");
        };
        TextSplit split = TextSplit.contiguous(tok.encode(text), valFraction);
        if (!online && split.train().length < (long) batch * seqLen + 1) {
            throw new IllegalArgumentException("the training text has " + split.train().length + " tokens; --batch " + batch
                    + " x --seq-len " + seqLen + " needs at least " + ((long) batch * seqLen + 1));
        }
        if (loaded == null) {
            requireMemory(tok.size(), online);
        }
        List<Batch> train = online ? List.of() : LanguageModelBatches.of(split.train(), seqLen, batch);
        BatchSource validation = null;
        if (split.validation().length >= 2) {
            int valBatch = Math.max(1, Math.min(batch, (split.validation().length - 1) / seqLen));
            int valLen = Math.min(seqLen, split.validation().length - 1);
            validation = BatchSource.fixed(LanguageModelBatches.of(split.validation(), valLen, valBatch));
        }
        String dataDigest = sha256(bytes);
        if (loaded != null) {
            String trainedOn = loaded.manifest().has("data_sha256") ? loaded.manifest().get("data_sha256").getAsString() : "";
            if (!trainedOn.equals(dataDigest)) {
                throw new IllegalArgumentException("--data " + data + " is not the text the run that wrote " + loadedFrom.getFileName()
                        + " trained on (SHA-256 " + abbreviate(dataDigest) + ", the checkpoint's is " + abbreviate(trainedOn) + ")");
            }
        }
        SequenceModel model = loaded != null ? loaded.model() : online ? onlineModel(tok.size()) : languageModel(tok.size());
        Optimizer opt = switch (optimizer) {
            case "adam" -> Adam.adam(model.parameters());
            case "sgd" -> new Sgd(model.parameters(), 0.9, false, 0);
            case "rmsprop" -> new RmsProp(model.parameters());
            default -> throw new IllegalArgumentException("--optimizer must be adam, sgd or rmsprop, got '" + optimizer + "'");
        };
        long updatesPerEpoch = online ? split.train().length - 1 : train.size(); // the online algorithms update per token
        long totalSteps = maxSteps > 0 ? Math.min(maxSteps, epochs * updatesPerEpoch) : epochs * updatesPerEpoch;
        LearningRateSchedule rate = switch (schedule) {
            case "constant" -> LearningRateSchedule.constant(lr);
            case "cosine" -> LearningRateSchedule.cosine(lr, totalSteps, lr / 20);
            default -> throw new IllegalArgumentException("--schedule must be constant or cosine, got '" + schedule + "'");
        };
        if (warmup > 0) {
            rate = LearningRateSchedule.warmup(warmup, rate);
        }
        if (online) {
            trainOnline(model, opt, rate, seconds, validateEvery, totalSteps, split.train(), validation, tok, dataDigest);
            return;
        }
        TrainingConfig cfg = TrainingConfig.defaults().withEpochs(epochs).withMaxSteps(maxSteps).withMaxSeconds(seconds)
                .withSchedule(rate).withClipNorm(clip).withTruncation(carryState ? seqLen : 0, carryState ? seqLen : 0)
                .withCarryState(carryState).withValidateEvery(validation == null ? 0 : validateEvery).withRestoreBest(true)
                .withSeed(seed);
        System.out.printf(Locale.ROOT, "rnn4j train: %s %dx%d (%,d parameters) on %s: %,d %s tokens, vocabulary %,d; "
                        + "%d thread(s), gemm %s%n", cell, layers, hidden, model.parameters().size(), data.getFileName(),
                split.train().length + split.validation().length, tokens, tok.size(), Parallel.threads(), Blas.backend().name());
        ProgressPrinter progress = seconds > 0 ? ProgressPrinter.ofSeconds(seconds) : ProgressPrinter.ofSteps(totalSteps);
        if (loaded == null && Files.exists(checkpointFile)) {
            throw new IllegalArgumentException(checkpointFile + " holds a checkpoint of an earlier run: continue it with --resume "
                    + checkpointFile + ", or delete it to start afresh");
        }
        if (loaded != null) {
            progress.withBestValidation(loaded.state().bestValidationLoss());
            System.out.printf(Locale.ROOT, "resuming from %s at update %,d (%.0f s trained)%n", loadedFrom,
                    loaded.state().updates(), loaded.state().elapsedSeconds());
        }
        JsonObject checkpointExtra = new JsonObject();
        checkpointExtra.add("tokenizer", tok.toJson());
        checkpointExtra.addProperty("data_sha256", dataDigest);
        checkpointExtra.add("options", ResumedTraining.toJson(ResumedTraining.arguments(spec)));
        MetricsLog metrics = new MetricsLog(metricsFile, loaded == null ? -1 : loaded.state().updates());
        Trainer trainer = new Trainer(model, new SoftmaxCrossEntropy(), opt, cfg).addListener(progress).addListener(metrics);
        CheckpointWriter writer = new CheckpointWriter(checkpointFile, model, checkpointExtra);
        CheckpointWriter.Interval interval = CheckpointWriter.Interval.parse(checkpointEvery);
        trainer.checkpointing(interval.steps(), interval.seconds(), writer);
        TrainingResult r;
        try (metrics; var onSignal = writer.stopOnSignal(trainer)) {
            r = trainer.fit(BatchSource.fixed(train), validation, loaded == null ? null : loaded.state());
            progress.finish();
            finish(r, model, tok, dataDigest, metrics, metricsFile, plotFile, checkpointFile);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + metricsFile + ": " + e.getMessage());
        }
    }

    /** Writes the plot and the model, and says how the run ended; a BPTT run's {@code checkpointFile} (null for online runs) is removed. */
    private void finish(TrainingResult r, SequenceModel model, Tokenizer tok, String dataDigest, MetricsLog metrics,
                        Path metricsFile, Path plotFile, Path checkpointFile) {
        try {
            LossPlot.write(plotFile, metrics.train, metrics.validation);
        } catch (IOException | RuntimeException | Error e) {
            System.err.println("rnn4j: warning: no loss plot (" + e + ")");
        }

        JsonObject extra = new JsonObject();
        extra.add("tokenizer", tok.toJson());
        JsonObject prov = new JsonObject();
        prov.addProperty("data_file", data.getFileName().toString());
        prov.addProperty("data_sha256", dataDigest);
        prov.addProperty("seed", seed);
        prov.addProperty("steps", r.steps());
        prov.addProperty("seconds", r.seconds());
        prov.addProperty("train_loss", r.lastTrainLoss());
        if (!Double.isNaN(r.bestValidationLoss())) {
            prov.addProperty("validation_loss", r.bestValidationLoss());
            prov.addProperty("validation_step", r.bestStep());
        }
        prov.addProperty("rnn4j_version", Version.get());
        prov.addProperty("command", provenanceCommand());
        extra.add("provenance", prov);
        try {
            ModelFile.save(out, model, extra, null);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + out + ": " + e.getMessage());
        }
        if (r.interrupted() && isOnline()) {
            System.out.printf(Locale.ROOT, "stopped at update %d; the model trained so far is saved (online runs write no"
                    + " checkpoint and cannot be resumed)%n", r.steps());
        } else if (r.interrupted()) {
            System.out.printf(Locale.ROOT, "stopped at update %d: checkpoint %s written; continue with: rnn4j train --resume %s%n",
                    r.steps(), checkpointFile, checkpointFile);
        } else if (checkpointFile != null) {
            try {
                Files.deleteIfExists(checkpointFile);
            } catch (IOException e) {
                System.err.println("rnn4j: warning: cannot remove " + checkpointFile + ": " + e.getMessage());
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d updates in %.1f s; train loss %.3f; best validation loss %s; saved %s "
                        + "(metrics %s, plot %s)%n",
                r.interrupted() ? "interrupted" : "done", r.steps(), r.seconds(), r.lastTrainLoss(),
                Double.isNaN(r.bestValidationLoss()) ? "-" : String.format(Locale.ROOT, "%.3f nats/token at update %d",
                        r.bestValidationLoss(), r.bestStep()), out, metricsFile.getFileName(), plotFile.getFileName());
        refuseIfDiverged(r);
    }

    /**
     * Ends a run that trained nothing (every update skipped for a non-finite gradient) or whose
     * training loss ended non-finite with exit code 3, after the files are written: the model
     * holds the best (or initial) finite weights, but the run itself failed.
     */
    private void refuseIfDiverged(TrainingResult r) {
        if (r.interrupted()) {
            return;
        }
        // Trainer counts applied updates in steps(); the online trainer counts the skipped ones too.
        long applied = isOnline() ? r.steps() - r.skippedSteps() : r.steps();
        if (applied == 0 && r.skippedSteps() > 0) {
            throw new RunFailedException("every one of the " + r.skippedSteps() + " updates was skipped because its gradient"
                    + " was not finite; nothing was trained (lower --lr, keep --clip on, or check the data)");
        }
        if (!Double.isFinite(r.lastTrainLoss())) {
            throw new RunFailedException("the training loss ended " + r.lastTrainLoss() + " after " + applied + " updates ("
                    + r.skippedSteps() + " more skipped for non-finite gradients): the run diverged (lower --lr, keep --clip on,"
                    + " or check the data)");
        }
    }

    private Path metricsFile() {
        return Path.of(out + ".metrics.jsonl");
    }

    private Path plotFile() {
        return Path.of(out + ".loss.png");
    }

    /**
     * Checks the files of the run before anything is read or written: the text is a readable
     * file; no output is a directory, or the same file as the text, the checkpoint resumed from
     * (except the checkpoint file itself, which a resumed run rewrites) or another output; and
     * temporaries left by a killed write of the model or the checkpoint are removed.
     */
    private void checkFiles(Path resumedFrom, Path metricsFile, Path plotFile, Path checkpointFile) {
        CliFiles.requireInputFile("--data", data);
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("--out", out);
        outputs.put("the metrics log (--out + .metrics.jsonl)", metricsFile);
        outputs.put("the loss plot (--out + .loss.png)", plotFile);
        if (resumedFrom != null) {
            // before the checkpoint joins the outputs: a resumed run rewrites the file it resumed from
            CliFiles.refuseClashes(Map.of("--resume", resumedFrom), outputs);
        }
        if (checkpointFile != null) {
            outputs.put(checkpoint != null ? "--checkpoint" : "the checkpoint (--out + .ckpt)", checkpointFile);
        }
        CliFiles.refuseClashes(Map.of("--data", data), outputs);
        for (Map.Entry<String, Path> o : outputs.entrySet()) {
            CliFiles.requireOutputFile(o.getKey(), o.getValue());
        }
        for (Path written : checkpointFile == null ? List.of(out) : List.of(out, checkpointFile)) {
            try {
                int removed = SafeTensors.removeStaleTemporaries(written);
                if (removed > 0) {
                    System.err.printf(Locale.ROOT, "rnn4j: removed %d temporary file(s) left beside %s by an interrupted write%n",
                            removed, written);
                }
            } catch (IOException e) {
                System.err.println("rnn4j: warning: cannot look for stale temporary files beside " + written + ": "
                        + CliFiles.describe(e));
            }
        }
    }

    /**
     * Refuses a model whose training would not fit in this JVM, with the estimate: weights,
     * gradients, optimizer moments and the copies a run keeps (best weights, checkpoint state),
     * about 8 floats per parameter, plus the activations of one batch of T × B steps.
     */
    private void requireMemory(int vocab, boolean online) {
        String what = String.format(Locale.ROOT, "train --cell %s --layers %d --hidden %d (vocabulary %,d)", cell, layers,
                hidden, vocab);
        long v = vocab;
        long h = hidden;
        if (cell.equals("jordan")) {
            long params = v * embed + h * embed + h * v + h + v * h + v;
            double activations = (double) seqLen * batch * (3 * h + 4 * v + 2 * embed);
            MemoryBudget.require(what, 4.0 * (8.0 * params + activations), String.format(Locale.ROOT,
                    "%,d parameters with their gradients, optimizer moments and saved copies", params));
        } else if (online) {
            MemoryBudget.requireLanguageModel(what, recurrentConfig(vocab).layers(layers), v, 0, 1, 1);
        } else {
            MemoryBudget.requireLanguageModel(what, recurrentConfig(embed).layers(layers), v, embed, seqLen, batch);
        }
    }

    private boolean isOnline() {
        return algo.online();
    }

    /** The options that define the run, as a command line, for the model's provenance. */
    private String provenanceCommand() {
        String common = "train --algorithm " + algorithm + " --tokens " + tokens + " --cell " + cell + " --layers " + layers
                + " --hidden " + hidden;
        String stop = (maxSteps > 0 ? " --max-steps " + maxSteps : "") + (maxTime != null ? " --max-time " + maxTime : "");
        if (isOnline()) {
            String rule = algo == TrainingAlgorithm.RTRL
                    ? " --lr " + lr + " --optimizer " + optimizer + " --schedule " + schedule + " --warmup " + warmup + " --clip " + clip
                    : " " + ekf.describe();
            return common + rule + " --seed " + seed + stop;
        }
        return common + " --embed " + embed + " --dropout " + dropout + " --seq-len " + seqLen + " --batch " + batch + " --lr " + lr
                + " --optimizer " + optimizer + " --schedule " + schedule + " --warmup " + warmup + " --clip " + clip
                + " --seed " + seed + stop;
    }

    /** Refuses options that the online algorithms have no use for, when they were typed. */
    private void refuseForOnline(String... names) {
        for (String name : names) {
            if (spec.commandLine().getParseResult().hasMatchedOption(name)) {
                throw new IllegalArgumentException(name + " does not apply to --algorithm " + algorithm + ": the online"
                        + " algorithms read one stream of one-hot tokens with no dropout, update at every token and write"
                        + " no resumable checkpoint (the model so far is saved to --out instead); drop " + name);
            }
        }
    }

    /**
     * The model RTRL and the filters train: one-hot tokens, the recurrent stack (no dropout) and
     * the softmax head.
     */
    private SequenceModel onlineModel(int vocab) {
        if (cell.equals("jordan") || cell.equals("clockwork")) {
            throw new IllegalArgumentException("--algorithm " + algorithm + " trains lstm, gru or rnn cells, not '" + cell + "'");
        }
        return new SequenceModel(vocab)
                .add("onehot", new OneHot(vocab))
                .add("rnn", new RecurrentLayer(recurrentConfig(vocab).layers(layers), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(hidden, vocab))
                .initialize(Init.PYTORCH, seed);
    }

    /** RTRL, EKF or DEKF: one update per token along the training text, then the model is saved. */
    private void trainOnline(SequenceModel model, Optimizer opt, LearningRateSchedule rate, double seconds,
                             long validateEvery, long totalSteps, int[] trainTokens, BatchSource validation, Tokenizer tok,
                             String dataDigest) {
        OnlineTrainer.Settings settings = new OnlineTrainer.Settings(algo, rate, clip, ekf.config(), epochs, maxSteps, seconds,
                validation == null ? 0 : validateEvery, ONLINE_REPORT_EVERY);
        OnlineTrainer trainer = new OnlineTrainer(model, algo == TrainingAlgorithm.RTRL ? opt : null, settings);
        RtrlNetwork.Spec rs = RtrlNetwork.specOf(model);
        System.out.printf(Locale.ROOT, "rnn4j train: %s %s %dx%d (%,d parameters) on %s: %,d %s tokens, vocabulary %,d;"
                        + " one-hot inputs, an update per token (%,d multiply-adds of sensitivities per token)%n",
                algorithm, cell, layers, hidden, model.parameters().size(), data.getFileName(), trainTokens.length, tokens,
                tok.size(), rs.multiplyAddsPerStep());
        ProgressPrinter progress = seconds > 0 ? ProgressPrinter.ofSeconds(seconds) : ProgressPrinter.ofSteps(totalSteps);
        Path metricsFile = metricsFile();
        Path plotFile = plotFile();
        MetricsLog metrics = new MetricsLog(metricsFile, -1);
        trainer.addListener(progress).addListener(metrics);
        // No resumable checkpoint (the sensitivities and covariances stay in memory), but the model
        // trained so far is saved at the checkpoint interval, so a crash loses at most one interval.
        CheckpointWriter.Interval interval = CheckpointWriter.Interval.parse(checkpointEvery);
        JsonObject partial = new JsonObject();
        partial.add("tokenizer", tok.toJson());
        JsonObject partialProvenance = new JsonObject();
        partialProvenance.addProperty("command", provenanceCommand());
        partialProvenance.addProperty("data_sha256", dataDigest);
        partialProvenance.addProperty("partial", true);
        partial.add("provenance", partialProvenance);
        trainer.saving(interval.steps(), interval.seconds(), m -> {
            try {
                ModelFile.save(out, m, partial, null);
            } catch (IOException e) {
                System.err.println("rnn4j: warning: cannot save the model so far to " + out + ": " + e.getMessage());
            }
        });
        try (metrics; var onSignal = CheckpointWriter.stopOnSignal(trainer::requestStop,
                "stopping after this token; saving the model ...")) {
            TrainingResult r = trainer.fit(trainTokens, validation);
            progress.finish();
            finish(r, model, tok, dataDigest, metrics, metricsFile, plotFile, null);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + metricsFile + ": " + e.getMessage());
        }
    }

    /** Online runs report their mean training loss every this many tokens. */
    private static final long ONLINE_REPORT_EVERY = 100;

    private SequenceModel languageModel(int vocab) {
        if (cell.equals("jordan")) {
            if (layers != 1 && spec.commandLine().getParseResult().hasMatchedOption("--layers")) {
                throw new IllegalArgumentException("--cell jordan has one hidden layer; drop --layers " + layers);
            }
            // The output (the logits) is the context fed back; there is no separate head.
            return new SequenceModel(vocab)
                    .add("embed", new Embedding(vocab, embed))
                    .add("jordan", new JordanLayer(embed, hidden, vocab, JordanLayer.OutputActivation.IDENTITY, false))
                    .initialize(Init.PYTORCH, seed);
        }
        RecurrentConfig rc = recurrentConfig(embed).layers(layers).dropout(dropout);
        return new SequenceModel(vocab)
                .add("embed", new Embedding(vocab, embed))
                .add("rnn", new RecurrentLayer(rc, RecurrentLayer.Output.SEQUENCE))
                .add("drop", new Dropout(dropout))
                .add("head", new Dense(hidden, vocab))
                .initialize(Init.PYTORCH, seed);
    }

    /** One layer of the --cell recurrent kind over {@code inputSize} features. */
    private RecurrentConfig recurrentConfig(int inputSize) {
        return switch (cell) {
            case "lstm" -> RecurrentConfig.lstm(inputSize, hidden);
            case "gru" -> RecurrentConfig.gru(inputSize, hidden);
            case "rnn" -> RecurrentConfig.rnn(inputSize, hidden);
            case "clockwork" -> RecurrentConfig.clockwork(inputSize, hidden, modules);
            default -> throw new IllegalArgumentException("--cell must be lstm, gru, rnn, clockwork or jordan, got '" + cell + "'");
        };
    }

    private static String abbreviate(String digest) {
        return digest.length() > 12 ? digest.substring(0, 12) + "..." : digest;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
