package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.io.Checkpoint;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.TrainingResult;
import io.rnn4j.train.TrainingStrategy;
import io.rnn4j.train.Validation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The loop every application's {@code train} command runs the same way (image, caption,
 * translate): the trainer from the {@link RunOptions}, progress and the metrics log, checkpoints
 * carrying the run's options, Ctrl-C, and the resumed state; the command supplies the model,
 * the strategy, the batches and what to do with the result.
 */
final class ApplicationTraining {

    /**
     * @param run           the shared options
     * @param epochs        the command's --epochs
     * @param validateEvery the command's --validate-every (0: no validation)
     * @param perEpoch      updates per epoch, for the progress line's total
     * @param rateUnit      what the progress line's rate counts, e.g. "img/s"
     * @param metricsFile   OUT.metrics.jsonl
     * @param checkpointFile     where checkpoints go (OUT.ckpt)
     * @param model              the model a checkpoint saves
     * @param checkpointManifest what a checkpoint carries besides: the model's description, the
     *                           data's digest and the run's options
     * @param patience           validations without improvement before training stops; 0 = never
     */
    record Setup(RunOptions run, int epochs, long validateEvery, long perEpoch, String rateUnit, Path metricsFile,
                 Path checkpointFile, SequenceModel model, JsonObject checkpointManifest, int patience) {

        Setup(RunOptions run, int epochs, long validateEvery, long perEpoch, String rateUnit, Path metricsFile,
              Path checkpointFile, SequenceModel model, JsonObject checkpointManifest) {
            this(run, epochs, validateEvery, perEpoch, rateUnit, metricsFile, checkpointFile, model, checkpointManifest, 0);
        }
    }

    private ApplicationTraining() {
    }

    /**
     * Trains {@code strategy} on {@code train} (validating with {@code validation}, which may be
     * null), continuing {@code loaded} when not null, then calls {@code finish} with the result and
     * the metrics log while the log is still open.
     */
    static void fit(Setup s, TrainingStrategy strategy, BatchSource train, Validation validation, Checkpoint.Loaded loaded,
                    Path loadedFrom, Finish finish) {
        double seconds = s.run().maxSeconds();
        TrainingConfig.Builder builder = TrainingConfig.builder().epochs(s.epochs()).maxSteps(s.run().maxSteps).maxSeconds(seconds)
                .validateEvery(validation == null ? 0 : s.validateEvery()).restoreBest(true).seed(s.run().seed);
        if (s.patience() > 0 && validation != null) {
            builder.earlyStopping(s.patience(), 0);
        }
        TrainingConfig cfg = builder.build();
        long all = (long) s.epochs() * s.perEpoch();
        long totalSteps = s.run().maxSteps > 0 ? Math.min(s.run().maxSteps, all) : all;
        ProgressPrinter progress = (seconds > 0 ? ProgressPrinter.ofSeconds(seconds) : ProgressPrinter.ofSteps(totalSteps))
                .withRateUnit(s.rateUnit());
        if (loaded != null) {
            progress.withBestValidation(loaded.state().best().validationLoss());
            System.out.printf(Locale.ROOT, "resuming from %s at update %,d (%.0f s trained)%n", loadedFrom,
                    loaded.state().updates(), loaded.state().totals().elapsedSeconds());
        }
        MetricsLog metrics = new MetricsLog(s.metricsFile(), loaded == null ? -1 : loaded.state().updates());
        Trainer trainer = new Trainer(strategy, cfg).addListener(progress).addListener(metrics);
        CheckpointWriter.Interval interval = CheckpointWriter.Interval.parse(s.run().checkpointEvery);
        trainer.checkpointing(interval.steps(), interval.seconds(),
                new CheckpointWriter(s.checkpointFile(), s.model(), s.checkpointManifest()));
        try (metrics; var onSignal = CheckpointWriter.stopOnSignal(trainer::requestStop,
                "stopping after this batch; writing a checkpoint ...")) {
            TrainingResult r = trainer.fit(train, validation, loaded == null ? null : loaded.state());
            progress.finish();
            finish.accept(r, metrics);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + s.metricsFile() + ": " + e.getMessage());
        }
    }

    /**
     * Runs a command whose result is a JSON object: with {@code json} its progress and notes go
     * to standard error and the object alone, pretty-printed, to standard output. Returns the
     * object either way.
     */
    static JsonObject reporting(boolean json, java.util.function.Supplier<JsonObject> run) {
        java.io.PrintStream stdout = System.out;
        if (json) {
            System.setOut(System.err);
        }
        JsonObject result;
        try {
            result = run.get();
        } finally {
            System.setOut(stdout);
        }
        if (json) {
            stdout.println(ClassifyReport.GSON.toJson(result));
        }
        return result;
    }

    /** A fresh run refuses to start over the checkpoint of an earlier one. */
    static void refuseStaleCheckpoint(Path checkpointFile) {
        if (java.nio.file.Files.exists(checkpointFile)) {
            throw new IllegalArgumentException(checkpointFile + " holds a checkpoint of an earlier run: continue it with --resume "
                    + checkpointFile + ", or delete it to start afresh");
        }
    }

    /** A resumed run refuses data other than what the checkpoint's run trained on (by SHA-256). */
    static void requireSameData(Checkpoint.Loaded loaded, Path loadedFrom, Path data, String digest) {
        String trainedOn = loaded.manifest().has("data_sha256") ? loaded.manifest().get("data_sha256").getAsString() : "";
        if (!trainedOn.equals(digest)) {
            throw new IllegalArgumentException("--data " + data + " is not the data the run that wrote " + loadedFrom.getFileName()
                    + " trained on (SHA-256 " + TrainingOutputs.abbreviate(digest) + ", the checkpoint's is "
                    + TrainingOutputs.abbreviate(trainedOn) + ")");
        }
    }

    /** What a command does with the result, the metrics log still open. */
    @FunctionalInterface
    interface Finish {
        void accept(TrainingResult result, MetricsLog metrics);
    }
}
