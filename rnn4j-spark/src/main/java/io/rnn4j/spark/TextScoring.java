package io.rnn4j.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/** The models that read one string column: language models, text classifiers, translators. */
abstract class TextScoring extends SingleColumnScoring {

    private static final long serialVersionUID = 1L;

    @Override
    public final void check(StructType schema, List<String> names) {
        var f = schema.apply(names.get(0));
        if (!f.dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("column '" + f.name() + "' is " + f.dataType().simpleString()
                    + "; the model reads text (string): cast it, or pick the text column");
        }
    }

    @Override
    public final Object read(Row row, int[] indices) {
        return row.isNullAt(indices[0]) ? null : row.getString(indices[0]);
    }
}
