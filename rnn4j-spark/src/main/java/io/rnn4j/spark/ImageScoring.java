package io.rnn4j.spark;

import io.rnn4j.data.image.ImageClassifier;
import io.rnn4j.data.image.ImageSet;
import io.rnn4j.io.ImageModelFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An image classifier ({@code rnn4j image train}) on image files: each row's bytes (a PNG, JPEG,
 * GIF or BMP file, as {@code spark.read().format("binaryFile")} gives them in its
 * {@code content} column) give {@code label}, {@code probability} and {@code probabilities}, as
 * {@code rnn4j image predict} and the server classify a file. An image that does not decode or
 * has another size than the model reads is a bad row. Images are classified B at a time.
 */
final class ImageScoring extends SingleColumnScoring {

    private static final long serialVersionUID = 1L;
    static final String KIND = "image-classifier";

    @Override
    public void check(StructType schema, List<String> names) {
        ImageBytes.check(schema, names, "an image classifier");
    }

    @Override
    public Object read(Row row, int[] indices) {
        return row.isNullAt(indices[0]) ? null : (byte[]) row.get(indices[0]);
    }

    @Override
    public List<StructField> columns(String prefix) {
        return new ClassifierScoring().columns(prefix);
    }

    @Override
    public List<RowOutcome> score(ModelSource source, List<Object> inputs, int batch, int maxTokens) {
        ImageClassifier classifier = Executors.model(source, KIND, ImageModelFile::load);
        int size = classifier.shape().size();
        RowOutcome[] out = new RowOutcome[inputs.size()];
        List<Integer> pending = new ArrayList<>();
        List<byte[]> pixels = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            try {
                pixels.add(ImageBytes.pixels((byte[]) inputs.get(i), classifier.shape()));
                pending.add(i);
            } catch (IllegalArgumentException e) {
                out[i] = RowOutcome.refused(e.getMessage());
            }
        }
        for (int from = 0; from < pending.size(); from += batch) {
            int n = Math.min(batch, pending.size() - from);
            byte[] all = new byte[n * size];
            for (int k = 0; k < n; k++) {
                System.arraycopy(pixels.get(from + k), 0, all, k * size, size);
            }
            float[][] p = classifier.probabilities(new ImageSet(classifier.shape(), all, new int[n], classifier.classes()), 0, n);
            for (int k = 0; k < n; k++) {
                out[pending.get(from + k)] = ClassifierScoring.labelled(classifier.classes(), p[k]);
            }
        }
        return Arrays.asList(out);
    }
}
