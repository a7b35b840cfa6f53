package io.rnn4j.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.util.List;

/**
 * One kind of model applied to rows, many at a time: which input columns it reads, the columns it
 * adds, and how it fills them. Implementations run on executors; the model comes from
 * {@link Executors#model}.
 */
interface RowScoring extends Serializable {

    /** How many input columns it reads (a text: 1; a forecast window: its values and its end time). */
    int inputs();

    /**
     * Refuses input columns of the wrong type, naming the column, its type and what is needed.
     *
     * @param names the input columns, all present in {@code schema}
     */
    void check(StructType schema, List<String> names);

    /** One row's input read from the columns at {@code indices}; null when any of them is null. */
    Object read(Row row, int[] indices);

    /** The columns added to each row, in order, named with {@code prefix} in front. */
    List<StructField> columns(String prefix);

    /**
     * Scores inputs (none null), batching at most {@code batch} at a time; the outcome for
     * {@code inputs.get(i)} is at index i.
     *
     * @param maxTokens texts with more tokens are refused, naming their length
     */
    List<RowOutcome> score(ModelSource source, List<Object> inputs, int batch, int maxTokens);
}
