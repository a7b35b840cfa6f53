package io.rnn4j.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.data.image.ImageClassifier;
import io.rnn4j.data.image.ImageFolderReader;
import io.rnn4j.data.image.ImageSet;
import io.rnn4j.io.ImageModelFile;
import io.rnn4j.nn.conv.ImageShape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code rnn4j image predict}: the most probable classes of image files. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify image files (PNG, JPEG, GIF, BMP) of the size the model was trained on.")
final class ImagePredictCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", required = true, description = "Model file written by image train.")
    Path model;

    @Option(names = "--top", converter = Ranges.Positive.class, defaultValue = "1",
            description = "Show this many most probable classes per image (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Images to classify.")
    List<Path> files;

    @Override
    public void run() {
        threads.apply();
        CliFiles.requireInputFile("--model", model);
        ImageClassifier classifier = ImageModelFile.load(model);
        ImageSet set = ImageFiles.read(files, classifier.shape(), classifier.classes());
        float[][] p = classifier.probabilities(set, 0, set.size());
        JsonArray out = new JsonArray();
        for (int i = 0; i < files.size(); i++) {
            int[] order = ranked(p[i]);
            StringBuilder line = new StringBuilder(files.get(i).toString()).append(':');
            JsonArray best = new JsonArray();
            for (int r = 0; r < Math.min(top, order.length); r++) {
                line.append(String.format(Locale.ROOT, " %s (%.3f)", classifier.classes().get(order[r]), p[i][order[r]]));
                JsonObject c = new JsonObject();
                c.addProperty("class", classifier.classes().get(order[r]));
                c.addProperty("probability", p[i][order[r]]);
                best.add(c);
            }
            if (json) {
                JsonObject o = new JsonObject();
                o.addProperty("file", files.get(i).toString());
                o.add("classes", best);
                out.add(o);
            } else {
                System.out.println(line);
            }
        }
        if (json) {
            System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(out));
        }
    }

    private static int[] ranked(float[] p) {
        Integer[] idx = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> Float.compare(p[b], p[a]));
        return java.util.Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }
}
