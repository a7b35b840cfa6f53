package io.rnn4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rnn4j word2vec}: word vectors by skip-gram or CBOW; train, eval, similar, analogy, plot and the benchmark corpus. */
@Command(name = "word2vec", mixinStandardHelpOptions = true,
        description = "Word vectors (skip-gram, CBOW; negative sampling, hierarchical softmax) in word2vec's own file formats:"
                + " train, eval, similar, analogy, plot, corpus.",
        subcommands = {Word2VecTrainCommand.class, Word2VecEvalCommand.class, Word2VecSimilarCommand.class,
                Word2VecAnalogyCommand.class, Word2VecPlotCommand.class, Word2VecCorpusCommand.class})
final class Word2VecCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
