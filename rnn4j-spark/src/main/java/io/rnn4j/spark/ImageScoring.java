package io.rnn4j.spark;

import io.rnn4j.data.image.ImageClassifier;
import io.rnn4j.data.image.ImageSet;
import io.rnn4j.io.ImageModelFile;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.List;

/**
 * An image classifier ({@code rnn4j image train}) on image files: each row's bytes (a PNG, JPEG,
 * GIF or BMP file, as {@code spark.read().format("binaryFile")} gives them in its
 * {@code content} column) give {@code label}, {@code probability} and {@code probabilities}, as
 * {@code rnn4j image predict} and the server classify a file. An image that does not decode or
 * has another size than the model reads is a bad row. Images are classified B at a time.
 */
final class ImageScoring extends BinaryScoring {

    private static final long serialVersionUID = 1L;
    static final String KIND = "image-classifier";

    @Override
    String reads() {
        return "an image classifier reads the image file's bytes (binary), e.g. the content column of spark.read().format(\"binaryFile\")";
    }

    @Override
    public List<StructField> columns(String prefix) {
        return new ClassifierScoring().columns(prefix);
    }

    @Override
    public List<RowOutcome> score(ModelSource source, List<Object> inputs, int batch, int maxTokens) {
        ImageClassifier classifier = Executors.model(source, KIND, ImageModelFile::load);
        return ImageBytes.inBatches(inputs, classifier.shape(), classifier.classes(), batch, set -> {
            float[][] p = classifier.probabilities(set, 0, set.size());
            List<RowOutcome> out = new ArrayList<>(p.length);
            for (float[] row : p) {
                out.add(ClassifierScoring.labelled(classifier.classes(), row));
            }
            return out;
        });
    }
}
