package io.rnn4j.spark;

import io.rnn4j.io.TextClassifierFile;
import io.rnn4j.text.TextClassifier;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A text classifier ({@code rnn4j classify train}) on each row: {@code label}, the most probable
 * class; {@code probability}, its probability; {@code probabilities}, every class's in the order
 * of {@link Scorer#classes()}. The classifier batches the rows by length itself
 * ({@link TextClassifier#probabilities}).
 */
final class ClassifierScoring extends TextScoring {

    private static final long serialVersionUID = 1L;
    static final String KIND = "text-classifier";

    @Override
    public List<StructField> columns(String prefix) {
        return List.of(DataTypes.createStructField(prefix + "label", DataTypes.StringType, true),
                DataTypes.createStructField(prefix + "probability", DataTypes.DoubleType, true),
                DataTypes.createStructField(prefix + "probabilities", DataTypes.createArrayType(DataTypes.DoubleType, false), true));
    }

    @Override
    public List<RowOutcome> score(ModelSource source, List<Object> inputs, int batch, int maxTokens) {
        List<String> texts = inputs.stream().map(String.class::cast).toList();
        TextClassifier classifier = Executors.model(source, KIND, TextClassifierFile::load);
        RowOutcome[] out = new RowOutcome[texts.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            int n = classifier.encode(texts.get(i)).length;
            if (n > maxTokens) {
                out[i] = RowOutcome.refused("the row has " + n + " tokens, more than maxTokens " + maxTokens);
            } else {
                pending.add(i);
            }
        }
        float[][] p = classifier.probabilities(pending.stream().map(texts::get).toList());
        for (int k = 0; k < p.length; k++) {
            out[pending.get(k)] = labelled(classifier.classes(), p[k]);
        }
        return Arrays.asList(out);
    }

    /** The most probable class, its probability and every class's. */
    static RowOutcome labelled(List<String> classes, float[] p) {
        int best = 0;
        double[] all = new double[p.length];
        for (int c = 0; c < p.length; c++) {
            all[c] = p[c];
            if (p[c] > p[best]) {
                best = c;
            }
        }
        return RowOutcome.of(classes.get(best), (double) p[best], all);
    }
}
