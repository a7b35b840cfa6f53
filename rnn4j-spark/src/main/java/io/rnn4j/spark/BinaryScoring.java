package io.rnn4j.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/** The models that read one binary column: image classifiers and captioners, speech recognisers, video predictors. */
abstract class BinaryScoring extends SingleColumnScoring {

    private static final long serialVersionUID = 1L;

    /** What the model reads, for the refusal of another column type: "an image classifier reads the image file's bytes (binary), ...". */
    abstract String reads();

    @Override
    public final void check(StructType schema, List<String> names) {
        DataType t = schema.apply(names.get(0)).dataType();
        if (!t.equals(DataTypes.BinaryType)) {
            throw new IllegalArgumentException("column '" + names.get(0) + "' is " + t.simpleString() + "; " + reads());
        }
    }

    @Override
    public final Object read(Row row, int[] indices) {
        return row.isNullAt(indices[0]) ? null : (byte[]) row.get(indices[0]);
    }
}
