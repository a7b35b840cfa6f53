package io.rnn4j.spark;

import io.rnn4j.io.TaggerFile;
import io.rnn4j.text.Tagger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A sequence tagger ({@code rnn4j tag train}) on sentences: {@code tags}, one per word. A sentence
 * is an {@code array<string>} of words or a string split at white space; a tagger that reads
 * feature columns takes each word as {@code word|feature|...}, as {@code rnn4j tag predict} does.
 * The tagger batches the sentences by length itself ({@link Tagger#tag}).
 */
final class TaggerScoring extends SingleColumnScoring {

    private static final long serialVersionUID = 1L;
    static final String KIND = "tagger";

    @Override
    public void check(StructType schema, List<String> names) {
        DataType t = schema.apply(names.get(0)).dataType();
        boolean words = t instanceof ArrayType a && a.elementType().equals(DataTypes.StringType);
        if (!words && !t.equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("column '" + names.get(0) + "' is " + t.simpleString()
                    + "; a tagger reads a sentence as array<string> (its words) or a string (split at white space)");
        }
    }

    @Override
    public Object read(Row row, int[] indices) {
        if (row.isNullAt(indices[0])) {
            return null;
        }
        Object v = row.get(indices[0]);
        if (v instanceof String s) {
            return s.isBlank() ? List.of() : List.of(s.strip().split("\\s+"));
        }
        List<String> words = new ArrayList<>();
        for (Object w : Lists.of(v)) {
            words.add(w == null ? null : w.toString());
        }
        return words;
    }

    @Override
    public List<StructField> columns(String prefix) {
        return List.of(DataTypes.createStructField(prefix + "tags", DataTypes.createArrayType(DataTypes.StringType, false), true));
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<RowOutcome> score(ModelSource source, List<Object> inputs, int batch, int maxTokens) {
        Tagger tagger = Executors.model(source, KIND, TaggerFile::load);
        int columns = tagger.features().size();
        RowOutcome[] out = new RowOutcome[inputs.size()];
        List<Integer> pending = new ArrayList<>();
        List<List<String>> words = new ArrayList<>();
        List<List<List<String>>> features = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            List<String> tokens = (List<String>) inputs.get(i);
            String problem = tokens.isEmpty() ? "the sentence has no words"
                    : tokens.size() > maxTokens ? "the sentence has " + tokens.size() + " words, more than maxTokens " + maxTokens
                    : tokens.stream().anyMatch(java.util.Objects::isNull) ? "a word is null" : null;
            List<String> w = new ArrayList<>();
            List<List<String>> f = new ArrayList<>();
            for (int k = 0; problem == null && k < tokens.size(); k++) {
                String[] parts = columns == 0 ? new String[]{tokens.get(k)} : tokens.get(k).split("\\|", -1);
                if (parts.length != columns + 1) {
                    problem = "'" + tokens.get(k) + "': this tagger reads each word with " + columns + " feature(s), written"
                            + " word|feature" + (columns > 1 ? "|..." : "");
                } else {
                    w.add(parts[0]);
                    f.add(Arrays.asList(parts).subList(1, parts.length));
                }
            }
            if (problem != null) {
                out[i] = RowOutcome.refused(problem);
            } else {
                pending.add(i);
                words.add(w);
                features.add(f);
            }
        }
        List<List<String>> tags = tagger.tag(words, columns == 0 ? null : features);
        for (int k = 0; k < pending.size(); k++) {
            out[pending.get(k)] = RowOutcome.of((Object) tags.get(k).toArray(String[]::new));
        }
        return Arrays.asList(out);
    }
}
