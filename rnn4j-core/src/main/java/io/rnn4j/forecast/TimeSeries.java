package io.rnn4j.forecast;

import java.util.List;

/**
 * Series sampled at the same instants: {@code rows} time steps of {@code columns.size()} series,
 * row-major ({@code values[row·C + column]}), with the instants as epoch seconds (UTC, as the
 * file wrote them, no zone applied). A missing value is NaN.
 *
 * @param source  the file's name, for messages
 * @param times   epoch seconds of each row, strictly increasing
 * @param columns the series' names, in file order
 * @param values  (rows, C) row-major
 */
public record TimeSeries(String source, long[] times, List<String> columns, float[] values) {

    public TimeSeries {
        columns = List.copyOf(columns);
        if (values.length != (long) times.length * columns.size()) {
            throw new IllegalArgumentException("a time series of " + times.length + " rows and " + columns.size()
                    + " columns needs " + (long) times.length * columns.size() + " values, got " + values.length);
        }
    }

    public int rows() {
        return times.length;
    }

    public int width() {
        return columns.size();
    }

    public float value(int row, int column) {
        return values[row * columns.size() + column];
    }

    /** The index of a column by name, or an exception that lists the columns there are. */
    public int column(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(source + " has no column '" + name + "'; its columns are " + String.join(", ", columns));
        }
        return i;
    }

    /** Only the named columns, in the order given. */
    public TimeSeries select(List<String> names) {
        int[] idx = names.stream().mapToInt(this::column).toArray();
        float[] v = new float[rows() * idx.length];
        for (int r = 0; r < rows(); r++) {
            for (int k = 0; k < idx.length; k++) {
                v[r * idx.length + k] = value(r, idx[k]);
            }
        }
        return new TimeSeries(source, times, names, v);
    }
}
