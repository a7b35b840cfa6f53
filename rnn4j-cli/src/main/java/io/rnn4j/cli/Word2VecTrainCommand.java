package io.rnn4j.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.rnn4j.word2vec.Vocabulary;
import io.rnn4j.word2vec.Word2Vec;
import io.rnn4j.word2vec.Word2VecConfig;
import io.rnn4j.word2vec.Word2VecListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code rnn4j word2vec train}: counts the corpus's words, trains, writes the vectors in word2vec's
 * binary ({@code .bin}) or text format, and keeps the whole state after every epoch so that
 * {@code --resume} goes on from the last one.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train word vectors on a corpus file (one sentence per line, words separated by spaces). Writes --out"
                + " (word2vec binary when it ends in .bin, else text) and the model's state after each epoch (--state).")
final class Word2VecTrainCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--data", required = true, paramLabel = "FILE", description = "Corpus: UTF-8 text, one sentence per line.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Vectors to write: .bin for word2vec's binary"
            + " format, any other name for its text format.")
    Path out;

    @Option(names = "--state", paramLabel = "FILE", description = "The whole model, written after every epoch, for --resume"
            + " (default: OUT.state).")
    Path state;

    @Option(names = "--resume", description = "Go on from --state: its settings and vocabulary, from the epoch after the last one"
            + " saved.")
    boolean resume;

    @Option(names = "--model", defaultValue = "skipgram", description = "skipgram or cbow (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--cbow-sum", description = "CBOW: the sum of the context vectors instead of their mean.")
    boolean cbowSum;

    @Option(names = "--negative", defaultValue = "5", converter = Ranges.NonNegative.class, paramLabel = "N",
            description = "Noise words per prediction; 0 with --hs for hierarchical softmax alone (default: ${DEFAULT-VALUE}).")
    int negative;

    @Option(names = "--hs", description = "Hierarchical softmax over a Huffman tree (with --negative 0 alone, else both).")
    boolean hs;

    @Option(names = "--dim", defaultValue = "100", converter = Ranges.Positive.class, description = "Vector size (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--window", defaultValue = "5", converter = Ranges.Positive.class,
            description = "Largest context distance (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--sample", defaultValue = "1e-3", converter = Ranges.NonNegativeReal.class,
            description = "Sub-sampling threshold of frequent words; 0 keeps all (default: ${DEFAULT-VALUE}).")
    double sample;

    @Option(names = "--min-count", defaultValue = "5", converter = Ranges.Positive.class,
            description = "Words seen fewer times are dropped (default: ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--max-vocab", defaultValue = "0", converter = Ranges.NonNegative.class,
            description = "Keep at most this many words, the most frequent; 0 for all (default: ${DEFAULT-VALUE}).")
    int maxVocab;

    @Option(names = "--epochs", defaultValue = "5", converter = Ranges.Positive.class, description = "Passes (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--alpha", defaultValue = "0.025", converter = Ranges.PositiveReal.class,
            description = "Starting learning rate (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--min-alpha", defaultValue = "0.0001", converter = Ranges.NonNegativeReal.class,
            description = "Learning rate at the end, reached linearly (default: ${DEFAULT-VALUE}).")
    double minAlpha;

    @Option(names = "--seed", defaultValue = "1", converter = Ranges.AnyLong.class, description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--temp-dir", paramLabel = "DIR", description = "Where the corpus's ids are kept while training, 4 bytes a"
            + " word (default: the folder of --out).")
    Path tempDir;

    @Option(names = "--json", description = "Print a summary as JSON on stdout (progress goes to stderr).")
    boolean json;

    private static final List<String> SETTINGS = List.of("--model", "--cbow-sum", "--negative", "--hs", "--dim", "--window",
            "--sample", "--min-count", "--max-vocab", "--epochs", "--alpha", "--min-alpha", "--seed");

    Word2VecConfig config() {
        boolean skipGram = switch (model) {
            case "skipgram", "sg" -> true;
            case "cbow" -> false;
            default -> throw new UsageException("--model must be skipgram or cbow, got '" + model + "'");
        };
        if (cbowSum && skipGram) {
            throw new UsageException("--cbow-sum is for --model cbow");
        }
        return new Word2VecConfig(skipGram, !cbowSum, hs, dim, window, negative, sample, minCount, maxVocab, epochs, alpha,
                minAlpha, seed);
    }

    @Override
    public void run() {
        threads.apply();
        Path stateFile = state != null ? state : Path.of(out + ".state");
        CliFiles.requireInputFile("--data", data);
        CliFiles.requireOutputFile("--out", out);
        CliFiles.requireOutputFile("--state", stateFile);
        Path absoluteOut = out.toAbsolutePath();
        Path temp = tempDir != null ? tempDir : absoluteOut.getParent();
        long started = System.nanoTime();
        Word2Vec w2v;
        if (resume) {
            CliFiles.requireInputFile("--state", stateFile);
            for (String option : SETTINGS) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new UsageException("--resume takes every setting from " + stateFile + "; leave out " + option);
                }
            }
            w2v = Word2Vec.load(stateFile);
            if (w2v.epochsDone() == w2v.config().epochs()) {
                System.err.printf(Locale.ROOT, "%s: all %d epochs are done; writing its vectors%n", stateFile, w2v.epochsDone());
            } else {
                System.err.printf(Locale.ROOT, "resuming %s after epoch %d of %d%n", stateFile, w2v.epochsDone(), w2v.config().epochs());
            }
        } else {
            Word2VecConfig config = config();
            long counting = System.nanoTime();
            Vocabulary v = Vocabulary.count(data, config.minCount(), config.maxVocab());
            System.err.printf(Locale.ROOT, "vocabulary: %,d words (min count %d%s), %,d of the corpus's words (counted in %.1f s)%n",
                    v.size(), config.minCount(), config.maxVocab() > 0 ? ", at most " + config.maxVocab() : "", v.total(),
                    (System.nanoTime() - counting) / 1e9);
            w2v = Word2Vec.create(v, config);
        }
        long trainStart = System.nanoTime();
        int epochsBefore = w2v.epochsDone();
        w2v.train(data, temp, new Word2VecListener() {
            @Override
            public void progress(Progress p) {
                System.err.printf(Locale.ROOT, "\repoch %d/%d  %5.1f%%  %,.0f words/s  alpha %.5f  ETA %s   ", p.epoch(), p.epochs(),
                        100.0 * p.wordsDone() / p.wordsTotal(), p.wordsPerSecond(), p.alpha(), Durations.format(p.etaSeconds()));
            }

            @Override
            public void epochEnd(int epochsDone, Word2Vec model) {
                try {
                    model.save(stateFile);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not write " + stateFile + ": " + CliFiles.describe(e), e);
                }
                System.err.printf(Locale.ROOT, "\repoch %d/%d done (%s); state saved to %s%n", epochsDone, model.config().epochs(),
                        Durations.format((System.nanoTime() - trainStart) / 1e9), stateFile);
            }
        });
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        try {
            if (out.getFileName().toString().endsWith(".bin")) {
                w2v.vectors().writeBinary(out);
            } else {
                w2v.vectors().writeText(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + out + ": " + CliFiles.describe(e), e);
        }
        long words = w2v.vocabulary().total() * (w2v.epochsDone() - epochsBefore);
        double rate = words / Math.max(trainSeconds, 1e-9);
        System.err.printf(Locale.ROOT, "wrote %s: %,d words × %d dimensions; trained %d epochs in %.1f s, %,.0f words/s%n", out,
                w2v.vocabulary().size(), w2v.config().dim(), w2v.epochsDone() - epochsBefore, trainSeconds, rate);
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("vectors", out.toString());
            o.addProperty("vocabulary", w2v.vocabulary().size());
            o.addProperty("corpus_words", w2v.vocabulary().total());
            o.addProperty("epochs_trained", w2v.epochsDone() - epochsBefore);
            o.addProperty("train_seconds", trainSeconds);
            o.addProperty("words_per_second", rate);
            o.addProperty("total_seconds", (System.nanoTime() - started) / 1e9);
            System.out.println(new GsonBuilder().create().toJson(o));
        }
    }
}
