package io.rnn4j.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The options every {@code train} subcommand of an application shares (image, translate,
 * caption): batch, Adam's step, clipping, when to stop, checkpoints, seed and resume. A picocli
 * mixin: the command declares {@code @Mixin RunOptions run}.
 */
final class RunOptions {

    @Option(names = "--batch", converter = Ranges.Positive.class, defaultValue = "64",
            description = "Examples per update: images, sentence pairs or captioned pictures (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", converter = Ranges.PositiveReal.class, defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--clip", converter = Ranges.NonNegativeReal.class, defaultValue = "1", description = "Gradient-norm clip, 0 for none (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--max-steps", converter = Ranges.NonNegativeLong.class, defaultValue = "0", description = "Stop after this many updates; 0 = no limit (default: ${DEFAULT-VALUE}).")
    long maxSteps;

    @Option(names = "--max-time", description = "Stop after this wall time, e.g. 10m or 1h.")
    String maxTime;

    @Option(names = "--checkpoint-every", defaultValue = "10m", description = "Checkpoint interval: updates, or a time such as 10m (default: ${DEFAULT-VALUE}).")
    String checkpointEvery;

    @Option(names = "--seed", converter = Ranges.AnyLong.class, defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "Continue the run that wrote CHECKPOINT exactly where it stopped.")
    Path resume;

    /** The wall-time limit in seconds, 0 for none. */
    double maxSeconds() {
        return maxTime == null ? 0 : Durations.seconds(maxTime);
    }
}
