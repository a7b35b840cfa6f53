package io.rnn4j.cli;

import io.rnn4j.io.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Set;

/** {@code rnn4j video train}: trains a video predictor on a .npy file of videos ({@link VideoTraining} runs it). */
@Command(name = "train", mixinStandardHelpOptions = true, defaultValueProvider = VideoTrainCommand.Defaults.class,
        description = "Train a next-frame predictor on .npy videos (such as rnn4j video moving-mnist writes): it reads the first"
                + " frames of each sequence and predicts the next ones, trained by the pixels' binary cross-entropy. The weights"
                + " of the best validation loss are kept; the validation videos are scored at the end against copying the"
                + " last frame.")
final class VideoTrainCommand implements Runnable {

    static final Set<String> MAY_CHANGE = Set.of("--epochs", "--max-steps", "--max-time", "--threads", "--out",
            "--checkpoint-every", "--resume", "--json", "--patience", "--validate-every");

    @Spec
    CommandSpec spec;

    @Mixin
    ThreadsOption threads;

    @Mixin
    RunOptions run;

    @Option(names = "--data", paramLabel = "FILE.npy", description = "Training videos, unsigned bytes (frames, N, H, W)."
            + " Required unless --resume.")
    Path data;

    @Option(names = "--validation", paramLabel = "FILE.npy", description = "Validation videos (default: the last 10% of --data,"
            + " which then trains on the rest).")
    Path validation;

    @Option(names = "--model", defaultValue = "convlstm", description = "convlstm (the encoding-forecasting ConvLSTM network)"
            + " or fc-lstm (an LSTM encoder-decoder over flattened frames) (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--input-frames", converter = Ranges.Positive.class, defaultValue = "10",
            description = "Frames read (default: ${DEFAULT-VALUE}).")
    int inputFrames;

    @Option(names = "--output-frames", converter = Ranges.Positive.class, defaultValue = "10",
            description = "Frames predicted after them (default: ${DEFAULT-VALUE}).")
    int outputFrames;

    @Option(names = "--patch", converter = Ranges.Positive.class, defaultValue = "4",
            description = "Pixels per side of the square patches a frame is cut into (default: ${DEFAULT-VALUE}: 64x64 frames"
                    + " become 16x16 maps of 16 channels).")
    int patch;

    @Option(names = "--hidden", converter = Ranges.Positive.class,
            description = "State channels per ConvLSTM layer, or units per LSTM layer (default: 32 for convlstm, 1024 for fc-lstm;"
                    + " Shi et al. used 64-128 channels and 2,048 units, which train about 4 times slower here).")
    Integer hidden;

    @Option(names = "--layers", converter = Ranges.Positive.class, defaultValue = "2",
            description = "Layers on each side (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--kernel", converter = Ranges.Positive.class, defaultValue = "3",
            description = "convlstm: the odd side of its convolutions' kernels (default: ${DEFAULT-VALUE}).")
    int kernel;

    @Option(names = "--epochs", converter = Ranges.Positive.class, defaultValue = "10",
            description = "Passes over the training videos (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--validate-every", converter = Ranges.Positive.class, defaultValue = "200", paramLabel = "UPDATES",
            description = "Validate (and keep the weights if better) every this many updates (default: ${DEFAULT-VALUE};"
                    + " an epoch of 10,000 videos is 625 updates of 16, longer than a ConvLSTM runs in half an hour here).")
    int validateEvery;

    @Option(names = "--patience", converter = Ranges.NonNegative.class, defaultValue = "0",
            description = "Stop after this many validations without a better loss; 0 = never (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--out", defaultValue = "video.model", description = "Model file to write (default: ${DEFAULT-VALUE});"
            + " also OUT.metrics.jsonl, OUT.loss.png and, while training, the checkpoint OUT.ckpt.")
    Path out;

    @Option(names = "--json", description = "Print the result as one JSON object on stdout (progress goes to stderr).")
    boolean json;

    /** Small batches: a ConvLSTM pass over 16 sequences of 20 frames is already seconds on two cores. */
    static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            if (arg instanceof OptionSpec o) {
                return switch (o.longestName()) {
                    case "--batch" -> "16";
                    default -> null;
                };
            }
            return null;
        }
    }

    @Override
    public void run() {
        if (run.resume != null) {
            Checkpoint.Loaded loaded = Checkpoint.load(run.resume);
            VideoTrainCommand resumed = ResumedTraining.merge(loaded, ResumedTraining.typed(spec.commandLine().getParseResult()),
                    run.resume.getFileName().toString(), new VideoTrainCommand(), MAY_CHANGE);
            new VideoTraining(resumed).run(loaded, run.resume);
        } else {
            new VideoTraining(this).run(null, null);
        }
    }
}
