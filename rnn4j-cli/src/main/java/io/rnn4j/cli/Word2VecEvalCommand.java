package io.rnn4j.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.text.WordVectors;
import io.rnn4j.word2vec.Analogies;
import io.rnn4j.word2vec.WordPairs;
import io.rnn4j.word2vec.WordSpace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code rnn4j word2vec eval}: analogy accuracy (3CosAdd and 3CosMul, per section and overall) and
 * Spearman's ρ on WordSim-353 and SimLex-999, scored as gensim 4 scores them.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score word vectors: analogies (questions-words.txt; 3CosAdd and 3CosMul, per section and overall) and"
                + " word similarity (WordSim-353, SimLex-999; Spearman's rho), as gensim's evaluate_word_analogies and"
                + " evaluate_word_pairs score them (case ignored, the first --restrict words).")
final class Word2VecEvalCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--vectors", required = true, paramLabel = "FILE", description = "Word vectors, word2vec binary or text.")
    Path vectors;

    @Option(names = "--eval-dir", paramLabel = "DIR", defaultValue = "../shared/data/word-eval",
            description = "Folder with questions-words.txt, wordsim353.tsv and simlex999.txt (default: ${DEFAULT-VALUE}).")
    Path evalDir;

    @Option(names = "--restrict", defaultValue = "300000", converter = Ranges.Positive.class,
            description = "Only the first N words of the file take part, as in gensim (default: ${DEFAULT-VALUE}).")
    int restrict;

    @Option(names = "--json", description = "Print the scores as JSON.")
    boolean json;

    @Override
    public void run() {
        threads.apply();
        CliFiles.requireInputFile("--vectors", vectors);
        Path questions = evalDir.resolve("questions-words.txt");
        Path wordsim = evalDir.resolve("wordsim353.tsv");
        Path simlex = evalDir.resolve("simlex999.txt");
        for (Path p : new Path[]{questions, wordsim, simlex}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("--eval-dir " + evalDir + ": " + p.getFileName() + " is missing");
            }
        }
        WordSpace space = new WordSpace(WordVectors.read(vectors), restrict);
        Analogies.Result a = Analogies.read(questions).evaluate(space);
        WordPairs.Result ws = WordPairs.read(wordsim).evaluate(space);
        WordPairs.Result sl = WordPairs.read(simlex).evaluate(space);
        Analogies.Section semantic = a.joined("semantic", 0, 5);
        Analogies.Section syntactic = a.joined("syntactic", 5, a.sections().size());
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("analogy_accuracy", a.total().accuracyAdd());
            o.addProperty("analogy_accuracy_cosmul", a.total().accuracyMul());
            o.addProperty("wordsim353_spearman", ws.spearman());
            o.addProperty("simlex999_spearman", sl.spearman());
            o.addProperty("analogy_questions", a.total().questions());
            o.addProperty("analogy_oov_share", a.outOfVocabularyShare());
            o.addProperty("wordsim353_oov_share", ws.outOfVocabularyShare());
            o.addProperty("simlex999_oov_share", sl.outOfVocabularyShare());
            JsonArray sections = new JsonArray();
            for (Analogies.Section s : a.sections()) {
                JsonObject so = new JsonObject();
                so.addProperty("section", s.name());
                so.addProperty("questions", s.questions());
                so.addProperty("accuracy", s.accuracyAdd());
                so.addProperty("accuracy_cosmul", s.accuracyMul());
                sections.add(so);
            }
            o.add("sections", sections);
            System.out.println(new GsonBuilder().serializeSpecialFloatingPointValues().create().toJson(o));
            return;
        }
        System.out.printf(Locale.ROOT, "%s: %,d words × %d (the first %,d take part)%n", vectors, space.size(), space.dim(), restrict);
        System.out.printf(Locale.ROOT, "%-30s %9s %9s %9s%n", "analogy section", "questions", "3CosAdd", "3CosMul");
        for (Analogies.Section s : a.sections()) {
            row(s);
        }
        row(semantic);
        row(syntactic);
        row(a.total());
        System.out.printf(Locale.ROOT, "analogy questions out of vocabulary: %,d (%.1f %%)%n", a.outOfVocabulary(),
                100 * a.outOfVocabularyShare());
        System.out.printf(Locale.ROOT, "WordSim-353 Spearman %.4f over %d pairs (%.1f %% out of vocabulary)%n", ws.spearman(),
                ws.pairs(), 100 * ws.outOfVocabularyShare());
        System.out.printf(Locale.ROOT, "SimLex-999  Spearman %.4f over %d pairs (%.1f %% out of vocabulary)%n", sl.spearman(),
                sl.pairs(), 100 * sl.outOfVocabularyShare());
    }

    private static void row(Analogies.Section s) {
        System.out.printf(Locale.ROOT, "%-30s %9d %8.2f%% %8.2f%%%n", s.name(), s.questions(), 100 * s.accuracyAdd(), 100 * s.accuracyMul());
    }
}
