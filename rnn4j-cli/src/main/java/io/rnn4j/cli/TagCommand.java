package io.rnn4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rnn4j tag}: sequence labelling (part-of-speech tags, chunks, named entities); {@code train}, {@code eval} and {@code predict}. */
@Command(name = "tag", mixinStandardHelpOptions = true,
        description = "Sequence labelling with a BiLSTM, a character CNN and a CRF: part-of-speech tags, chunks, named"
                + " entities. train, eval, predict.",
        subcommands = {TagTrainCommand.class, TagEvalCommand.class, TagPredictCommand.class})
final class TagCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
