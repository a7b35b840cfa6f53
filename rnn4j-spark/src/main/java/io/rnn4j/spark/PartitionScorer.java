package io.rnn4j.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Scores one partition lazily: reads a chunk of rows, scores it in length-sorted batches, and
 * hands the rows back in their order with the added columns; then the next chunk. Memory holds
 * one chunk, however large the partition.
 */
final class PartitionScorer implements Serializable {

    private static final long serialVersionUID = 1L;

    private final Scorer scorer;
    private final String column;
    private final int[] indices;
    private final RowScoring scoring;

    PartitionScorer(Scorer scorer, String column, int[] indices) {
        this.scorer = scorer;
        this.column = column;
        this.indices = indices;
        this.scoring = scorer.scoring();
    }

    Iterator<Row> apply(Iterator<Row> rows) {
        int partition = TaskContext.get() == null ? -1 : TaskContext.getPartitionId();
        Executors.useThreads(scorer.threadsPerTask());
        return new Iterator<>() {
            private Iterator<Row> ready = Collections.emptyIterator();
            private long read;

            @Override
            public boolean hasNext() {
                while (!ready.hasNext() && rows.hasNext()) {
                    ready = next(rows).iterator();
                }
                return ready.hasNext();
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return ready.next();
            }

            private List<Row> next(Iterator<Row> source) {
                List<Row> chunk = new ArrayList<>();
                List<Object> texts = new ArrayList<>();
                while (source.hasNext() && chunk.size() < scorer.chunk()) {
                    Row r = source.next();
                    chunk.add(r);
                    texts.add(scoring.read(r, indices));
                }
                List<RowOutcome> outcomes = scorer.score(texts);
                List<Row> out = new ArrayList<>(chunk.size());
                for (int i = 0; i < chunk.size(); i++) {
                    Row r = chunk.get(i);
                    String where = "row " + (read + i) + " of partition " + partition + " (" + column + " = "
                            + preview(texts.get(i)) + ")";
                    Object[] added = scorer.valuesOf(outcomes.get(i), where);
                    Object[] values = new Object[r.length() + added.length];
                    for (int c = 0; c < r.length(); c++) {
                        values[c] = r.get(c);
                    }
                    System.arraycopy(added, 0, values, r.length(), added.length);
                    out.add(RowFactory.create(values));
                }
                read += chunk.size();
                return out;
            }
        };
    }

    private static String preview(Object input) {
        if (input == null) {
            return "null";
        }
        if (!(input instanceof String text)) {
            return input.toString();
        }
        String oneLine = text.replaceAll("\\p{Cntrl}", " ");
        return "\"" + (oneLine.length() > 60 ? oneLine.substring(0, 60) + "…" : oneLine) + "\"";
    }
}
