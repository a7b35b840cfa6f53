package io.rnn4j.cli;

import io.rnn4j.io.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Set;

/** {@code rnn4j image train}: trains an image classifier ({@link ImageTraining} runs it). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an image classifier on MNIST's IDX files or a folder with one sub-folder of images per class,"
                + " validating on every twelfth training image.")
final class ImageTrainCommand implements Runnable {

    /** Options a resumed run may change. */
    static final Set<String> MAY_CHANGE = Set.of("--data", "--epochs", "--max-steps", "--max-time", "--threads", "--out",
            "--checkpoint-every", "--resume", "--json");

    @Spec
    CommandSpec spec;

    @Mixin
    ThreadsOption threads;

    @Mixin
    RunOptions run;

    @Option(names = "--data", paramLabel = "DIR", description = "MNIST's four IDX files (plain or .gz), or one sub-folder of"
            + " PNG/JPEG images per class; required unless --resume.")
    Path data;

    @Option(names = "--arch", defaultValue = "cnn", description = "cnn, row-lstm (one row per step) or pixel-lstm (one pixel per"
            + " step) (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--hidden", converter = Ranges.Positive.class, defaultValue = "128",
            description = "LSTM units of row-lstm and pixel-lstm (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--out", defaultValue = "image.model", description = "Model file to write (default: ${DEFAULT-VALUE});"
            + " also OUT.metrics.jsonl, OUT.loss.png and, while training, the checkpoint OUT.ckpt.")
    Path out;

    @Option(names = "--shift", converter = Ranges.NonNegative.class, defaultValue = "0",
            description = "Augment: shift each training image by up to this many pixels along each axis (default: ${DEFAULT-VALUE}).")
    int shift;

    @Option(names = "--epochs", converter = Ranges.Positive.class, defaultValue = "20", description = "Passes over the training images (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--validate-every", converter = Ranges.Positive.class, defaultValue = "500",
            description = "Updates between validations on the held-out images (default: ${DEFAULT-VALUE}).")
    long validateEvery;

    @Option(names = "--json", description = "Print the run's summary as one JSON object on stdout (progress goes to stderr).")
    boolean json;

    @Override
    public void run() {
        ApplicationTraining.reporting(json, () -> {
            if (run.resume == null) {
                return new ImageTraining(this).run(null, null);
            }
            Checkpoint.Loaded loaded = Checkpoint.load(run.resume);
            ImageTrainCommand resumed = ResumedTraining.merge(loaded, ResumedTraining.typed(spec.commandLine().getParseResult()),
                    run.resume.getFileName().toString(), new ImageTrainCommand(), MAY_CHANGE);
            return new ImageTraining(resumed).run(loaded, run.resume);
        });
    }
}
