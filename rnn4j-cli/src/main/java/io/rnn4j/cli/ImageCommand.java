package io.rnn4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rnn4j image}: image classification; {@code train}, {@code eval} and {@code predict}. */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "Image classification with a CNN or an LSTM reading rows or pixels: train, eval, predict.",
        subcommands = {ImageTrainCommand.class, ImageEvalCommand.class, ImagePredictCommand.class})
final class ImageCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
