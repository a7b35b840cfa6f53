package io.rnn4j.cli;

import io.rnn4j.text.WordVectors;
import io.rnn4j.word2vec.WordSpace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code rnn4j word2vec similar}: the nearest words by cosine. */
@Command(name = "similar", mixinStandardHelpOptions = true, description = "The words nearest to each WORD by cosine similarity.")
final class Word2VecSimilarCommand implements Runnable {

    @Option(names = "--vectors", required = true, paramLabel = "FILE", description = "Word vectors, word2vec binary or text.")
    Path vectors;

    @Option(names = "--top", defaultValue = "10", converter = Ranges.Positive.class, description = "How many (default: ${DEFAULT-VALUE}).")
    int top;

    @Parameters(arity = "1..*", paramLabel = "WORD")
    List<String> words;

    @Option(names = "--json", description = "Print {WORD: [{word, score}, ...]} as one JSON object on stdout.")
    boolean json;

    @Override
    public void run() {
        CliFiles.requireInputFile("--vectors", vectors);
        WordSpace space = new WordSpace(WordVectors.read(vectors), 0);
        com.google.gson.JsonObject all = new com.google.gson.JsonObject();
        for (String w : words) {
            int id = Word2VecWords.require(space, w, vectors);
            List<WordSpace.Neighbour> nearest = space.nearest(id, top);
            all.add(w, Word2VecWords.toJson(nearest));
            if (!json) {
                System.out.println(w + ":");
                for (WordSpace.Neighbour n : nearest) {
                    System.out.printf(Locale.ROOT, "  %-20s %.4f%n", n.word(), n.score());
                }
            }
        }
        if (json) {
            System.out.println(ClassifyReport.GSON.toJson(all));
        }
    }
}
