package io.rnn4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.io.TaggerFile;
import io.rnn4j.text.Tagger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code rnn4j tag predict}: tags for sentences given as arguments or on standard input. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Tag sentences given as arguments, or one per line of standard input; words are separated by spaces."
                + " A tagger that reads feature columns takes each word as word|feature|... (Confidence|NN)."
                + " Prints word/TAG pairs (--json: the words and their tags).")
final class TagPredictCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", required = true, description = "Model file written by tag train.")
    java.nio.file.Path model;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Parameters(paramLabel = "SENTENCE", arity = "0..*", description = "Sentences to tag (default: lines of standard input).")
    List<String> sentences;

    @Override
    public void run() {
        threads.apply();
        CliFiles.requireInputFile("--model", model);
        Tagger tagger = TaggerFile.load(model);
        List<String> lines = sentences != null && !sentences.isEmpty() ? sentences : CliFiles.stdinLines();
        int columns = tagger.features().size();
        List<List<String>> words = new ArrayList<>();
        List<List<List<String>>> features = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            List<String> w = new ArrayList<>();
            List<List<String>> f = new ArrayList<>();
            for (String token : line.strip().split("\\s+")) {
                String[] parts = columns == 0 ? new String[]{token} : token.split("\\|", -1);
                if (parts.length != columns + 1) {
                    throw new IllegalArgumentException("'" + token + "': this tagger reads each word with " + columns
                            + " feature(s), written word|feature" + (columns > 1 ? "|..." : "") + " (e.g. Confidence|NN)");
                }
                w.add(parts[0]);
                f.add(Arrays.asList(parts).subList(1, parts.length));
            }
            words.add(w);
            features.add(f);
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no sentences: give them as arguments or one per line on standard input");
        }
        List<List<String>> tags = tagger.tag(words, columns == 0 ? null : features);
        JsonArray out = new JsonArray();
        for (int s = 0; s < words.size(); s++) {
            if (json) {
                JsonObject o = new JsonObject();
                JsonArray w = new JsonArray();
                JsonArray t = new JsonArray();
                words.get(s).forEach(w::add);
                tags.get(s).forEach(t::add);
                o.add("words", w);
                o.add("tags", t);
                out.add(o);
            } else {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < words.get(s).size(); i++) {
                    line.append(i == 0 ? "" : " ").append(words.get(s).get(i)).append('/').append(tags.get(s).get(i));
                }
                System.out.println(line);
            }
        }
        if (json) {
            System.out.println(ClassifyReport.GSON.toJson(out));
        }
    }
}
