package io.rnn4j.spark;

import io.rnn4j.io.TranslationModelFile;
import io.rnn4j.seq2seq.Translator;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A translation model ({@code rnn4j translate train}) on sentences: {@code translation}, its
 * greedy translation, and {@code log_probability}, the translation's log-probability under the
 * model (nats). Sentences are sorted by length and translated B at a time, as
 * {@code rnn4j translate} batches them; a sentence that is empty or longer than the model's limit
 * is a bad row, with the model's reason.
 */
final class TranslationScoring extends TextScoring {

    private static final long serialVersionUID = 1L;
    static final String KIND = "translation";

    @Override
    public List<StructField> columns(String prefix) {
        return List.of(DataTypes.createStructField(prefix + "translation", DataTypes.StringType, true),
                DataTypes.createStructField(prefix + "log_probability", DataTypes.DoubleType, true));
    }

    @Override
    public List<RowOutcome> score(ModelSource source, List<Object> inputs, int batch, int maxTokens) {
        Translator translator = Executors.model(source, KIND, TranslationModelFile::load);
        RowOutcome[] out = new RowOutcome[inputs.size()];
        List<Integer> pending = new ArrayList<>();
        int[] lengths = new int[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            try {
                lengths[i] = translator.encodeSource((String) inputs.get(i)).length;
                pending.add(i);
            } catch (IllegalArgumentException e) {
                out[i] = RowOutcome.refused(e.getMessage());
            }
        }
        pending.sort(Comparator.comparingInt((Integer i) -> lengths[i]));
        for (int from = 0; from < pending.size(); from += batch) {
            List<Integer> rows = pending.subList(from, Math.min(pending.size(), from + batch));
            List<Translator.Translation> done = translator.translate(rows.stream().map(i -> (String) inputs.get(i)).toList(), 1, 0);
            for (int k = 0; k < rows.size(); k++) {
                out[rows.get(k)] = RowOutcome.of(done.get(k).text(), done.get(k).logProbability());
            }
        }
        return Arrays.asList(out);
    }
}
