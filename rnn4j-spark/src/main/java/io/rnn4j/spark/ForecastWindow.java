package io.rnn4j.spark;

import java.io.Serializable;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * One row's forecasting input: the look-back's values, (L, series) in raw units, and the time of
 * its last row in epoch seconds.
 */
record ForecastWindow(double[][] values, long end) implements Serializable {

    /**
     * Reads the two columns' values as Spark hands them to rows and functions: the values an array
     * of arrays of numbers (a Scala sequence, a Java list or a Java array at each level), the end
     * epoch seconds as a number or a timestamp; null when either is null.
     *
     * @throws IllegalArgumentException naming what is not a number
     */
    static ForecastWindow of(Object values, Object end) {
        if (values == null || end == null) {
            return null;
        }
        List<Object> rows = Lists.of(values);
        double[][] v = new double[rows.size()][];
        for (int i = 0; i < v.length; i++) {
            Object row = rows.get(i);
            if (row == null) {
                throw new IllegalArgumentException("look-back row " + i + " is null");
            }
            List<Object> cells = Lists.of(row);
            v[i] = new double[cells.size()];
            for (int c = 0; c < v[i].length; c++) {
                if (!(cells.get(c) instanceof Number n)) {
                    throw new IllegalArgumentException("look-back row " + i + ", series " + c + " is "
                            + (cells.get(c) == null ? "null" : cells.get(c)) + ", not a number");
                }
                v[i][c] = n.doubleValue();
            }
        }
        return new ForecastWindow(v, seconds(end));
    }

    private static long seconds(Object end) {
        if (end instanceof Number n) {
            return n.longValue();
        }
        if (end instanceof Timestamp t) {
            // Spark's timestamps are instants; forecasters' calendars read times as UTC wall clock
            return t.toInstant().getEpochSecond();
        }
        if (end instanceof Instant i) {
            return i.getEpochSecond();
        }
        if (end instanceof LocalDateTime d) {
            return d.toEpochSecond(ZoneOffset.UTC);
        }
        throw new IllegalArgumentException("the window's end is a " + end.getClass().getSimpleName()
                + "; give epoch seconds or a timestamp");
    }

    @Override
    public String toString() {
        return "a window of " + values.length + " rows ending at " + LocalDateTime.ofEpochSecond(end, 0, ZoneOffset.UTC);
    }
}
