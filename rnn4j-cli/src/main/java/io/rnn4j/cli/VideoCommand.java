package io.rnn4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rnn4j video}: next-frame prediction; {@code moving-mnist}, {@code train} and {@code eval}. */
@Command(name = "video", mixinStandardHelpOptions = true,
        description = "Predict the next frames of videos: write Moving MNIST, train a ConvLSTM encoder-forecaster (or a"
                + " fully connected LSTM one) on .npy videos, and score it against copying the last frame, with frame strips.",
        subcommands = {VideoMovingMnistCommand.class, VideoTrainCommand.class, VideoEvalCommand.class})
final class VideoCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
