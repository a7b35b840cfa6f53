package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.data.CharVocabulary;
import io.rnn4j.data.LanguageModelBatches;
import io.rnn4j.data.TextSplit;
import io.rnn4j.data.Tokenizer;
import io.rnn4j.data.WordVocabulary;
import io.rnn4j.io.Checkpoint;
import io.rnn4j.io.ModelFile;
import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.optim.LearningRateSchedule;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.OnlineLearning;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingAlgorithm;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.TrainingResult;
import io.rnn4j.train.TrainingState;
import io.rnn4j.train.TrainingStrategy;
import io.rnn4j.train.UpdateRule;
import io.rnn4j.train.rtrl.RtrlNetwork;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * One run of {@code rnn4j train} from its options: reads and splits the text, builds the model
 * ({@link LanguageModels}) and the training strategy of {@code --algorithm}, runs the one
 * {@link Trainer} with progress, metrics and checkpoints (or, for the online algorithms, the model
 * so far saved at the checkpoint interval), and writes the model, the metrics and the loss plot.
 */
final class TrainingRun {

    /** The online algorithms update at every token, so they validate less often by default. */
    private static final long ONLINE_VALIDATE_EVERY = 5000;

    /** Online runs read the text in chunks of this many tokens: a progress report each. */
    private static final int ONLINE_CHUNK = 100;

    private final TrainCommand o;
    private final TrainingAlgorithm algo;
    private final LanguageModels models;
    private final TrainingOutputs files;

    TrainingRun(TrainCommand options) {
        this.o = options;
        this.algo = UsageException.of(() -> TrainingAlgorithm.parse(options.algorithm));
        this.models = new LanguageModels(options);
        this.files = new TrainingOutputs(options, algo);
    }

    /** The time trained so far, for a cosine schedule annealed over --max-time. */
    private final RunClock clock = new RunClock();

    /** Trains from scratch, or on from {@code loaded} (read from {@code loadedFrom}) when it is not null. */
    JsonObject run(Checkpoint.Loaded loaded, Path loadedFrom) {
        o.threads.apply();
        if (o.data == null) {
            throw new UsageException("--data FILE is required (or --resume CHECKPOINT)");
        }
        boolean online = algo.online();
        Path checkpointFile = online ? null : o.checkpoint != null ? o.checkpoint : Path.of(o.out + ".ckpt");
        files.checkFiles(loadedFrom, files.metricsFile(), files.plotFile(), checkpointFile);
        long validateEvery = o.validateEveryOption != null ? o.validateEveryOption : online ? ONLINE_VALIDATE_EVERY : 200;
        if (online) {
            refuseForOnline("--embed", "--dropout", "--batch", "--checkpoint");
        }
        double seconds = o.maxTime == null ? 0 : Durations.seconds(o.maxTime);
        byte[] bytes = CliFiles.readBytes("--data", o.data);
        String text = CliFiles.utf8("--data", o.data, bytes);
        Tokenizer tok = switch (o.tokens) {
            case "char" -> CharVocabulary.of(text);
            case "word" -> WordVocabulary.of(text, o.minCount, o.maxVocab, o.lowercase);
            default -> throw new UsageException("--tokens must be char or word, got '" + o.tokens + "'");
        };
        TextSplit split = TextSplit.contiguous(tok.encode(text), o.valFraction);
        if (!online && split.train().length < (long) o.batch * o.seqLen + 1) {
            throw new IllegalArgumentException("the training text has " + split.train().length + " tokens; --batch " + o.batch
                    + " x --seq-len " + o.seqLen + " needs at least " + ((long) o.batch * o.seqLen + 1));
        }
        if (loaded == null) {
            models.requireMemory(tok.size(), online);
        }
        List<Batch> train = online ? LanguageModelBatches.stream(split.train(), tok.size(), ONLINE_CHUNK)
                : LanguageModelBatches.of(split.train(), o.seqLen, o.batch);
        BatchSource validation = null;
        if (split.validation().length >= 2) {
            int valBatch = Math.max(1, Math.min(o.batch, (split.validation().length - 1) / o.seqLen));
            int valLen = Math.min(o.seqLen, split.validation().length - 1);
            validation = BatchSource.fixed(LanguageModelBatches.of(split.validation(), valLen, valBatch));
        }
        String dataDigest = TrainingOutputs.sha256(bytes);
        if (loaded != null) {
            String trainedOn = loaded.manifest().has("data_sha256") ? loaded.manifest().get("data_sha256").getAsString() : "";
            if (!trainedOn.equals(dataDigest)) {
                throw new IllegalArgumentException("--data " + o.data + " is not the text the run that wrote "
                        + loadedFrom.getFileName() + " trained on (SHA-256 " + TrainingOutputs.abbreviate(dataDigest)
                        + ", the checkpoint's is " + TrainingOutputs.abbreviate(trainedOn) + ")");
            }
        }
        SequenceModel model = loaded != null ? loaded.model() : online ? models.forOnline(tok.size()) : models.forBptt(tok.size());
        long updatesPerEpoch = online ? split.train().length - 1 : train.size(); // the online algorithms update per token
        long totalSteps = o.maxSteps > 0 ? Math.min(o.maxSteps, o.epochs() * updatesPerEpoch) : o.epochs() * updatesPerEpoch;
        // RTRL refuses sizes whose sensitivities would not fit: the options ask too much, a usage error.
        TrainingStrategy strategy = UsageException.of(() -> strategy(model, totalSteps, seconds));
        TrainingConfig cfg = TrainingConfig.builder().epochs(o.epochs()).maxSteps(o.maxSteps).maxSeconds(seconds)
                .carryState(algo != TrainingAlgorithm.BPTT).validateEvery(validation == null ? 0 : validateEvery)
                .restoreBest(true).seed(o.seed).build();
        announce(model, tok, split, online);
        ProgressPrinter progress = seconds > 0 ? ProgressPrinter.ofSeconds(seconds) : ProgressPrinter.ofSteps(totalSteps);
        if (loaded == null && checkpointFile != null && Files.exists(checkpointFile)) {
            throw new IllegalArgumentException(checkpointFile + " holds a checkpoint of an earlier run: continue it with --resume "
                    + checkpointFile + ", or delete it to start afresh");
        }
        if (loaded != null) {
            progress.withBestValidation(loaded.state().best().validationLoss());
            System.out.printf(Locale.ROOT, "resuming from %s at update %,d (%.0f s trained)%n", loadedFrom,
                    loaded.state().updates(), loaded.state().totals().elapsedSeconds());
        }
        MetricsLog metrics = new MetricsLog(files.metricsFile(), loaded == null ? -1 : loaded.state().updates());
        Trainer trainer = new Trainer(strategy, cfg).addListener(clock).addListener(progress).addListener(metrics);
        CheckpointWriter.Interval interval = CheckpointWriter.Interval.parse(o.checkpointEvery);
        trainer.checkpointing(interval.steps(), interval.seconds(), online ? partialSaver(model, tok, dataDigest)
                : new CheckpointWriter(checkpointFile, model, checkpointExtra(tok, dataDigest)));
        TrainingResult r;
        try (metrics; var onSignal = CheckpointWriter.stopOnSignal(trainer::requestStop, online
                ? "stopping after this token; saving the model ..." : "stopping after this batch; writing a checkpoint ...")) {
            r = trainer.fit(BatchSource.fixed(train), validation, loaded == null ? null : loaded.state());
            progress.finish();
            return files.finish(r, model, tok, dataDigest, metrics, checkpointFile);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + files.metricsFile() + ": " + e.getMessage());
        }
    }

    /** How --algorithm changes the weights: BPTT with the --optimizer and its rate, or RTRL, or a filter. */
    /** @param budget the run's --max-time in seconds, 0 when none */
    private TrainingStrategy strategy(SequenceModel model, long totalSteps, double budget) {
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        if (algo == TrainingAlgorithm.EKF) {
            return OnlineLearning.ekf(model, loss, o.ekf.config());
        }
        if (algo == TrainingAlgorithm.DEKF) {
            return OnlineLearning.dekf(model, loss, o.ekf.config());
        }
        LearningRateSchedule rate = switch (o.schedule) {
            case "constant" -> LearningRateSchedule.constant(o.lr);
            // annealed over whichever ends the run first: its updates, or its --max-time
            case "cosine" -> LearningRateSchedule.cosineOverProgress(o.lr, o.lr / 20, step -> Math.max(
                    (double) step / Math.max(1, totalSteps), budget > 0 ? clock.seconds() / budget : 0));
            default -> throw new UsageException("--schedule must be constant or cosine, got '" + o.schedule + "'");
        };
        if (o.warmup > 0) {
            rate = LearningRateSchedule.warmup(o.warmup, rate);
        }
        UpdateRule rule = UpdateRule.of(models.optimizer(model)).schedule(rate).clipNorm(o.clip).build();
        return switch (algo) {
            case BPTT -> Bptt.full(model, loss, rule);
            case TBPTT -> Bptt.truncated(model, loss, rule, o.seqLen, o.seqLen);
            default -> OnlineLearning.rtrl(model, loss, rule);
        };
    }

    private void announce(SequenceModel model, Tokenizer tok, TextSplit split, boolean online) {
        if (online) {
            RtrlNetwork.Spec rs = RtrlNetwork.specOf(model);
            System.out.printf(Locale.ROOT, "rnn4j train: %s %s %dx%d (%,d parameters) on %s: %,d %s tokens, vocabulary %,d;"
                            + " one-hot inputs, an update per token (%,d multiply-adds of sensitivities per token)%n",
                    o.algorithm, o.cell, o.layers, o.hidden, model.parameters().size(), o.data.getFileName(),
                    split.train().length, o.tokens, tok.size(), rs.multiplyAddsPerStep());
        } else {
            System.out.printf(Locale.ROOT, "rnn4j train: %s %dx%d (%,d parameters) on %s: %,d %s tokens, vocabulary %,d; "
                            + "%d thread(s), gemm %s%n", o.cell, o.layers, o.hidden, model.parameters().size(),
                    o.data.getFileName(), split.train().length + split.validation().length, o.tokens, tok.size(),
                    Parallel.threads(), Blas.backend().name());
        }
    }

    private JsonObject checkpointExtra(Tokenizer tok, String dataDigest) {
        JsonObject extra = new JsonObject();
        extra.add("tokenizer", tok.toJson());
        extra.addProperty("data_sha256", dataDigest);
        extra.add("options", ResumedTraining.toJson(ResumedTraining.arguments(o.spec)));
        return extra;
    }

    /**
     * An online run writes no resumable checkpoint (its sensitivities and covariances stay in
     * memory), but the model trained so far (the best validated weights, else the current ones) is
     * saved to --out at the checkpoint interval, so a crash loses at most one interval.
     */
    private Consumer<TrainingState> partialSaver(SequenceModel model, Tokenizer tok, String dataDigest) {
        JsonObject partial = new JsonObject();
        partial.add("tokenizer", tok.toJson());
        JsonObject provenance = new JsonObject();
        provenance.addProperty("command", files.provenanceCommand());
        provenance.addProperty("data_sha256", dataDigest);
        provenance.addProperty("partial", true);
        partial.add("provenance", provenance);
        return state -> {
            // RTRL's optimizer works on the model's values: lend them to the file and put them back
            float[] live = model.parameters().values().clone();
            float[] saved = state.best().parameters() != null ? state.best().parameters() : state.parameters();
            System.arraycopy(saved, 0, model.parameters().values(), 0, saved.length);
            try {
                CliFiles.noteRemovedFolder(o.out);
                ModelFile.save(o.out, model, partial, null);
            } catch (IOException e) {
                System.err.println("rnn4j: warning: cannot save the model so far to " + o.out + ": " + e.getMessage());
            } finally {
                System.arraycopy(live, 0, model.parameters().values(), 0, live.length);
            }
        };
    }

    /** Refuses options that the online algorithms have no use for, when they were typed. */
    private void refuseForOnline(String... names) {
        for (String name : names) {
            if (o.spec.commandLine().getParseResult().hasMatchedOption(name)) {
                throw new UsageException(name + " does not apply to --algorithm " + o.algorithm + ": the online"
                        + " algorithms read one stream of one-hot tokens with no dropout, update at every token and write"
                        + " no resumable checkpoint (the model so far is saved to --out instead); drop " + name);
            }
        }
    }

}
