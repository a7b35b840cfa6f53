package io.rnn4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rnn4j classify}: text classification (sentiment, spam, topics); {@code train}, {@code eval} and {@code predict}. */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Text classification with a (bi)LSTM/GRU, Kim's CNN or a bag of words: train (with k-fold"
                + " cross-validation), eval, predict.",
        subcommands = {ClassifyTrainCommand.class, ClassifyEvalCommand.class, ClassifyPredictCommand.class})
final class ClassifyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
