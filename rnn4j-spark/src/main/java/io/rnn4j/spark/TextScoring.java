package io.rnn4j.spark;

import org.apache.spark.sql.types.StructField;

import java.io.Serializable;
import java.util.List;

/**
 * One kind of model applied to text rows, many at a time: the columns it adds and how it fills
 * them. Implementations run on executors; the model comes from {@link Executors#model}.
 */
interface TextScoring extends Serializable {

    /** The columns added to each row, in order, named with {@code prefix} in front. */
    List<StructField> columns(String prefix);

    /**
     * Scores texts (none null) with rows batched by length, at most {@code batch} at a time;
     * the outcome for {@code texts.get(i)} is at index i.
     *
     * @param maxTokens rows with more tokens are refused, naming their length
     */
    List<RowOutcome> score(ModelSource source, List<String> texts, int batch, int maxTokens);
}
