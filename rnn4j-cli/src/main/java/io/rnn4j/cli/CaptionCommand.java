package io.rnn4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rnn4j caption}: image captioning; {@code make}, {@code train}, {@code eval} and {@code predict}. */
@Command(name = "caption", mixinStandardHelpOptions = true,
        description = "Image captioning, a CNN reading and an LSTM writing, with or without attention: make a captioned-digit"
                + " set from MNIST, train, eval, predict.",
        subcommands = {CaptionMakeCommand.class, CaptionTrainCommand.class, CaptionEvalCommand.class, CaptionPredictCommand.class})
final class CaptionCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
