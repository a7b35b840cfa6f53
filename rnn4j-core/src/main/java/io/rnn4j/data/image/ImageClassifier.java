package io.rnn4j.data.image;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnn4j.kernel.Activations;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.conv.ImageShape;
import io.rnn4j.tensor.Seq;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A trained image classifier: the model, the image shape it reads, how it reads it
 * ({@link ImageArchitecture}), the normalisation measured on its training images, and the class
 * names. A model file keeps all of it ({@code io.rnn4j.io.ImageModelFile}).
 */
public final class ImageClassifier {

    private final SequenceModel model;
    private final ImageShape shape;
    private final ImageArchitecture architecture;
    private final Normalization normalization;
    private final List<String> classes;

    public ImageClassifier(SequenceModel model, ImageShape shape, ImageArchitecture architecture, Normalization normalization,
                           List<String> classes) {
        if (normalization.channels() != shape.channels()) {
            throw new IllegalArgumentException("normalization has " + normalization.channels() + " channels, images have "
                    + shape.channels());
        }
        int features = architecture.view().features(shape);
        if (model.inputSize() != features) {
            throw new IllegalArgumentException("the model reads " + model.inputSize() + " values per step, " + architecture.cliName()
                    + " over " + shape + " images gives " + features);
        }
        if (model.outputSize() != classes.size()) {
            throw new IllegalArgumentException("the model has " + model.outputSize() + " outputs for " + classes.size() + " classes");
        }
        this.model = model;
        this.shape = shape;
        this.architecture = architecture;
        this.normalization = normalization;
        this.classes = List.copyOf(classes);
    }

    public SequenceModel model() {
        return model;
    }

    public ImageShape shape() {
        return shape;
    }

    public ImageArchitecture architecture() {
        return architecture;
    }

    public Normalization normalization() {
        return normalization;
    }

    public List<String> classes() {
        return classes;
    }

    /** Refuses images this model cannot read, naming both shapes. */
    public void check(ImageSet images, String where) {
        if (!images.shape().equals(shape)) {
            throw new IllegalArgumentException(where + " holds " + images.shape() + " images (channels x height x width), the model"
                    + " reads " + shape);
        }
    }

    /** Class probabilities of images {@code [from, to)} of {@code set}: (to − from) rows of classes. */
    public float[][] probabilities(ImageSet set, int from, int to) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        Seq in = ImageBatches.input(set, idx, architecture.view(), normalization, null);
        Seq logits = model.forward(in, ForwardContext.inference()).output();
        int k = classes.size();
        float[][] out = new float[idx.length][k];
        for (int b = 0; b < idx.length; b++) {
            double[] logP = Activations.logSoftmax(logits.values, ((logits.steps - 1) * logits.batch + b) * k, k, 1.0);
            for (int c = 0; c < k; c++) {
                out[b][c] = (float) Math.exp(logP[c]);
            }
        }
        return out;
    }

    /** The most probable class of every image of {@code set}, in batches of {@code batch}. */
    public int[] predict(ImageSet set, int batch) {
        check(set, "the data");
        int[] out = new int[set.size()];
        for (int from = 0; from < set.size(); from += batch) {
            int to = Math.min(set.size(), from + batch);
            float[][] p = probabilities(set, from, to);
            for (int b = 0; b < p.length; b++) {
                out[from + b] = argmax(p[b]);
            }
        }
        return out;
    }

    /** Index of the largest value (the first of equals). */
    public static int argmax(float[] p) {
        return Activations.argmax(p, 0, p.length);
    }

    /** The manifest entry a model file keeps everything but the weights in. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("architecture", architecture.cliName());
        ImageJson.put(o, shape, normalization);
        JsonArray names = new JsonArray();
        classes.forEach(names::add);
        o.add("classes", names);
        return o;
    }

    /** Rebuilds a classifier from a model file's graph and its manifest entry, checking each field. */
    public static ImageClassifier fromJson(SequenceModel model, JsonElement json) {
        if (json == null || !json.isJsonObject()) {
            throw new IllegalArgumentException("the \"image\" entry must be a JSON object");
        }
        JsonObject o = json.getAsJsonObject();
        ImageShape shape = ImageJson.shape(o, "image");
        Normalization normalization = ImageJson.normalization(o, "image");
        List<String> classes = new ArrayList<>();
        JsonElement names = o.get("classes");
        if (names == null || !names.isJsonArray()) {
            throw new IllegalArgumentException("the \"image\" entry needs an array \"classes\"");
        }
        for (JsonElement n : names.getAsJsonArray()) {
            classes.add(n.getAsString());
        }
        String arch = ImageJson.string(o, "architecture", "image");
        return new ImageClassifier(model, shape, ImageArchitecture.ofCliName(arch.toLowerCase(Locale.ROOT)), normalization, classes);
    }
}
