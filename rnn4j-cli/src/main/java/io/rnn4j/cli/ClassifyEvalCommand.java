package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.io.TextClassifierFile;
import io.rnn4j.text.ClassifiedTextReader;
import io.rnn4j.text.ClassifierEvaluation;
import io.rnn4j.text.LabelledTexts;
import io.rnn4j.text.TextClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** {@code rnn4j classify eval}: accuracy, per-class and macro scores, ROC AUC and a confusion matrix PNG. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score a text classifier on labelled texts (any layout classify train reads): accuracy, precision,"
                + " recall and F1 per class and macro, ROC AUC for two classes; writes a confusion matrix PNG.")
final class ClassifyEvalCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", required = true, description = "Model file written by classify train.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "PATH", description = "Labelled texts.")
    Path data;

    @Option(names = "--positive", description = "Two classes: the class whose probability ROC AUC ranks by (default: the"
            + " second class by name).")
    String positive;

    @Option(names = "--confusion", paramLabel = "PNG", description = "Confusion matrix picture (default: MODEL.confusion.png).")
    Path confusion;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public void run() {
        threads.apply();
        CliFiles.requireInputFile("--model", model);
        TextClassifier classifier = TextClassifierFile.load(model);
        Path confusionFile = confusion != null ? confusion : Path.of(model + ".confusion.png");
        CliFiles.requireOutputFile("--confusion", confusionFile);
        LabelledTexts texts = ClassifiedTextReader.read(data).relabelled(classifier.classes());
        int p = classifier.classes().size() == 2 ? 1 : -1;
        if (positive != null) {
            p = classifier.classes().indexOf(positive);
            if (p < 0) {
                throw new UsageException("--positive " + positive + " is not one of the model's classes "
                        + classifier.classes());
            }
        }
        long start = System.nanoTime();
        ClassifierEvaluation e = ClassifierEvaluation.of(classifier, texts, p);
        double seconds = (System.nanoTime() - start) / 1e9;
        try {
            ImagePlots.confusion(confusionFile, ClassifyReport.counts(e.confusion()), classifier.classes());
        } catch (IOException ex) {
            throw new IllegalArgumentException("cannot write " + confusionFile + ": " + CliFiles.describe(ex));
        }
        if (json) {
            JsonObject o = ClassifyReport.toJson(e, texts.size());
            o.addProperty("seconds", seconds);
            o.addProperty("texts_per_second", texts.size() / seconds);
            o.addProperty("confusion_png", confusionFile.toString());
            System.out.println(ClassifyReport.GSON.toJson(o));
        } else {
            System.out.printf(Locale.ROOT, "%s on %s: %,d texts in %.1f s (%,.0f texts/s); confusion matrix %s%n",
                    model.getFileName(), data, texts.size(), seconds, texts.size() / seconds, confusionFile);
            ClassifyReport.print(e, System.out);
        }
    }
}
