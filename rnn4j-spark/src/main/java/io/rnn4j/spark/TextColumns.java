package io.rnn4j.spark;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/** The one input of the text models: a string column. */
final class TextColumns {

    private TextColumns() {
    }

    static void check(StructType schema, List<String> names) {
        if (names.size() != 1) {
            throw new IllegalArgumentException("a text model reads one text column, not " + names);
        }
        var f = schema.apply(names.get(0));
        if (!f.dataType().equals(DataTypes.StringType)) {
            throw new IllegalArgumentException("column '" + f.name() + "' is " + f.dataType().simpleString()
                    + "; the model reads text (string): cast it, or pick the text column");
        }
    }

    static Object read(Row row, int[] indices) {
        return row.isNullAt(indices[0]) ? null : row.getString(indices[0]);
    }
}
