package io.rnn4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.io.TextClassifierFile;
import io.rnn4j.kernel.Activations;
import io.rnn4j.text.TextClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code rnn4j classify predict}: the class and probabilities of texts given as arguments or on standard input. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify texts given as arguments, or one per line of standard input: the class and its probability"
                + " (--json: every class's probability, and attention weights when the model pools by attention).")
final class ClassifyPredictCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", required = true, description = "Model file written by classify train.")
    java.nio.file.Path model;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Texts to classify (default: read lines from standard input).")
    List<String> texts;

    @Override
    public void run() {
        threads.apply();
        CliFiles.requireInputFile("--model", model);
        TextClassifier classifier = TextClassifierFile.load(model);
        List<String> input = (texts != null && !texts.isEmpty() ? texts : CliFiles.stdinLines()).stream()
                .filter(t -> !t.isBlank()).toList();
        if (input.isEmpty()) {
            throw new IllegalArgumentException("no texts: give them as arguments or one per line on standard input");
        }
        float[][] p = classifier.probabilities(input);
        List<String> classes = classifier.classes();
        JsonArray out = new JsonArray();
        for (int i = 0; i < input.size(); i++) {
            int best = Activations.argmax(p[i], 0, classes.size());
            if (!json) {
                System.out.printf(Locale.ROOT, "%s\t%.3f\t%s%n", classes.get(best), p[i][best], input.get(i));
                continue;
            }
            JsonObject o = new JsonObject();
            o.addProperty("text", input.get(i));
            o.addProperty("class", classes.get(best));
            JsonObject probs = new JsonObject();
            for (int c = 0; c < classes.size(); c++) {
                probs.addProperty(classes.get(c), p[i][c]);
            }
            o.add("probabilities", probs);
            float[] attention = classifier.attention(input.get(i));
            if (attention != null) {
                JsonArray words = new JsonArray();
                List<String> w = classifier.words(input.get(i));
                for (int t = 0; t < w.size(); t++) {
                    JsonArray pair = new JsonArray();
                    pair.add(w.get(t));
                    pair.add(attention[t]);
                    words.add(pair);
                }
                o.add("attention", words);
            }
            out.add(o);
        }
        if (json) {
            System.out.println(ClassifyReport.GSON.toJson(out));
        }
    }
}
