package io.rnn4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rnn4j speech}: CTC speech recognition; {@code train}, {@code eval} and {@code transcribe}. */
@Command(name = "speech", mixinStandardHelpOptions = true,
        description = "Speech recognition with CTC: a (bi-)LSTM over log-mel or MFCC frames writes characters."
                + " make, train, eval, transcribe.",
        subcommands = {SpeechMakeCommand.class, SpeechTrainCommand.class, SpeechEvalCommand.class, SpeechTranscribeCommand.class})
final class SpeechCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
