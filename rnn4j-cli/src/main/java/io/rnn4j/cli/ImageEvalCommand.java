package io.rnn4j.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.data.image.ImageClassifier;
import io.rnn4j.eval.ConfusionMatrix;
import io.rnn4j.data.image.ImageSet;
import io.rnn4j.io.ImageModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code rnn4j image eval}: the accuracy of an image classifier, a confusion matrix PNG and a grid
 * of the images it gets wrong.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Accuracy of an image model on MNIST's test (or training) images, or on every image of a class folder;"
                + " writes a confusion matrix and a grid of misclassified images as PNG.")
final class ImageEvalCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", required = true, description = "Model file written by image train.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "MNIST's IDX files or a folder of class folders.")
    Path data;

    @Option(names = "--split", defaultValue = "test", description = "MNIST: test or train (default: ${DEFAULT-VALUE}); a class"
            + " folder is read whole.")
    String split;

    @Option(names = "--confusion", paramLabel = "PNG", description = "Confusion matrix picture (default: MODEL.confusion.png).")
    Path confusion;

    @Option(names = "--errors", paramLabel = "PNG", description = "Misclassified images, at most 100 (default: MODEL.errors.png).")
    Path errors;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public void run() {
        threads.apply();
        CliFiles.requireInputFile("--model", model);
        ImageClassifier classifier = ImageModelFile.load(model);
        Path confusionFile = confusion != null ? confusion : Path.of(model + ".confusion.png");
        Path errorsFile = errors != null ? errors : Path.of(model + ".errors.png");
        CliFiles.requireOutputFile("--confusion", confusionFile);
        CliFiles.requireOutputFile("--errors", errorsFile);
        ImageData d = ImageData.read(data, json ? System.err : System.out);
        ImageSet images = switch (split) {
            case "test" -> d.test() != null ? d.test() : d.train();
            case "train" -> d.train();
            default -> throw new UsageException("--split must be test or train, got '" + split + "'");
        };
        String part = d.test() == null ? "all" : split;
        classifier.check(images, "--data " + data);
        if (!images.classes().equals(classifier.classes())) {
            throw new IllegalArgumentException("--data " + data + " has classes " + images.classes() + ", the model was trained on "
                    + classifier.classes());
        }
        long start = System.nanoTime();
        int[] predicted = classifier.predict(images, 256);
        double seconds = (System.nanoTime() - start) / 1e9;
        ConfusionMatrix scores = ConfusionMatrix.of(classifier.classes(), images.labels(), predicted);
        int[][] counts = ClassifyReport.counts(scores);
        long right = Math.round(scores.accuracy() * images.size());
        int wrong = 0;
        int[] shown = new int[Math.min(100, images.size())];
        String[] captions = new String[shown.length];
        for (int i = 0; i < predicted.length; i++) {
            int truth = images.labels()[i];
            if (predicted[i] != truth) {
                if (wrong < shown.length) {
                    shown[wrong] = i;
                    captions[wrong] = classifier.classes().get(truth) + " \u2192 " + classifier.classes().get(predicted[i]);
                }
                wrong++;
            }
        }
        double accuracy = 100 * scores.accuracy();
        try {
            ImagePlots.confusion(confusionFile, counts, classifier.classes());
            ImagePlots.grid(errorsFile, images, java.util.Arrays.copyOf(shown, Math.min(wrong, shown.length)),
                    java.util.Arrays.copyOf(captions, Math.min(wrong, shown.length)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write the pictures: " + CliFiles.describe(e));
        }
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("accuracy", accuracy);
            o.addProperty("images", images.size());
            o.addProperty("correct", right);
            o.addProperty("split", part);
            o.addProperty("architecture", classifier.architecture().cliName());
            o.addProperty("seconds", seconds);
            o.addProperty("images_per_second", images.size() / seconds);
            JsonArray matrix = new JsonArray();
            for (int[] row : counts) {
                JsonArray r = new JsonArray();
                for (int v : row) {
                    r.add(v);
                }
                matrix.add(r);
            }
            o.add("confusion", matrix);
            JsonArray names = new JsonArray();
            classifier.classes().forEach(names::add);
            o.add("classes", names);
            o.addProperty("confusion_png", confusionFile.toString());
            o.addProperty("errors_png", errorsFile.toString());
            System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(o));
        } else {
            System.out.printf(Locale.ROOT, "%s (%s) on %s images: accuracy %.2f%% (%,d of %,d right), %.1f s (%,.0f images/s);"
                            + " confusion matrix %s, misclassified images %s%n", model.getFileName(),
                    classifier.architecture().cliName(), part, accuracy, right, images.size(), seconds, images.size() / seconds,
                    confusionFile, errorsFile);
        }
    }
}
