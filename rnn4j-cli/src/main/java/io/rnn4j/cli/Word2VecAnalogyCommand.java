package io.rnn4j.cli;

import io.rnn4j.text.WordVectors;
import io.rnn4j.word2vec.Analogies;
import io.rnn4j.word2vec.WordSpace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;

/** {@code rnn4j word2vec analogy A B C}: "A is to B as C is to ?". */
@Command(name = "analogy", mixinStandardHelpOptions = true,
        description = "Answer 'A is to B as C is to ?' (`analogy man king woman` asks: man is to king as woman is to ?) by"
                + " 3CosAdd, or 3CosMul with --cosmul; the three words are never an answer.")
final class Word2VecAnalogyCommand implements Runnable {

    @Option(names = "--vectors", required = true, paramLabel = "FILE", description = "Word vectors, word2vec binary or text.")
    Path vectors;

    @Option(names = "--top", defaultValue = "5", converter = Ranges.Positive.class, description = "How many answers (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--cosmul", description = "Levy and Goldberg's 3CosMul instead of 3CosAdd.")
    boolean cosMul;

    @Parameters(index = "0", paramLabel = "A")
    String a;

    @Parameters(index = "1", paramLabel = "B")
    String b;

    @Parameters(index = "2", paramLabel = "C")
    String c;

    @Option(names = "--json", description = "Print the question and the answers as one JSON object on stdout.")
    boolean json;

    @Override
    public void run() {
        CliFiles.requireInputFile("--vectors", vectors);
        WordSpace space = new WordSpace(WordVectors.read(vectors), 0);
        int ia = Word2VecWords.require(space, a, vectors);
        int ib = Word2VecWords.require(space, b, vectors);
        int ic = Word2VecWords.require(space, c, vectors);
        java.util.List<WordSpace.Neighbour> answers = Analogies.answer(space, ia, ib, ic, top, cosMul);
        if (json) {
            com.google.gson.JsonObject o = new com.google.gson.JsonObject();
            o.addProperty("a", a);
            o.addProperty("b", b);
            o.addProperty("c", c);
            o.addProperty("method", cosMul ? "3CosMul" : "3CosAdd");
            o.add("answers", Word2VecWords.toJson(answers));
            System.out.println(ClassifyReport.GSON.toJson(o));
            return;
        }
        System.out.printf(Locale.ROOT, "%s is to %s as %s is to:%n", a, b, c);
        for (WordSpace.Neighbour n : answers) {
            System.out.printf(Locale.ROOT, "  %-20s %.4f%n", n.word(), n.score());
        }
    }
}
