package io.rnn4j.forecast;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads series from a CSV file: a header, a time column and numeric columns. Every problem is one
 * line naming the file, the row (1 = the header) and the column:
 * <ul>
 *   <li>the time column is the one named, or else the first whose name is {@code date},
 *       {@code time}, {@code timestamp} or {@code datetime} (any case); times are
 *       {@code yyyy-MM-dd}, optionally followed by a space or {@code T} and {@code HH:mm[:ss[.f]]},
 *       and must increase strictly;</li>
 *   <li>every other column is a series; an empty cell or {@code NA}/{@code NaN}/{@code null} is a
 *       missing value (NaN, counted in the {@link Report}); any other non-number is refused;</li>
 *   <li>the usual interval is the most common step between rows; every other step is a
 *       {@link Gap} in the report. Nothing is filled unless asked ({@link #fillMissing}).</li>
 * </ul>
 * Fields may be quoted ({@code "a,b"}, {@code ""} for a quote).
 */
public final class TimeSeriesCsv {

    private static final Pattern MISSING = Pattern.compile("(?i)|na|nan|null|n/a");
    private static final List<String> TIME_NAMES = List.of("date", "time", "timestamp", "datetime");

    /** A step between rows other than the usual one, arriving at the file's line {@code row} (1 is the header). */
    public record Gap(int row, long seconds) {
    }

    /**
     * @param interval the most common step between rows, in seconds
     * @param missing  missing values per column (only the columns that have any)
     * @param firstMissingLine the file line of each such column's first missing value
     * @param gaps     every step that is not the usual one
     */
    public record Report(long interval, Map<String, Integer> missing, Map<String, Integer> firstMissingLine, List<Gap> gaps) {
        public int missingTotal() {
            return missing.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** A file's series and what was noticed reading them. */
    public record Read(TimeSeries series, String timeColumn, Report report) {
    }

    private TimeSeriesCsv() {
    }

    /** Reads {@code file}; {@code timeColumn} null picks the time column by its name. */
    public static Read read(Path file, String timeColumn) throws IOException {
        String where = file.getFileName().toString();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String headerLine = in.readLine();
            if (headerLine == null || headerLine.isBlank()) {
                throw new IllegalArgumentException(where + ": empty file, expected a header of column names");
            }
            List<String> header = fields(headerLine.startsWith("\uFEFF") ? headerLine.substring(1) : headerLine, where, 1);
            int time = timeColumn(header, timeColumn, where);
            List<String> columns = new ArrayList<>(header);
            columns.remove(time);
            if (columns.isEmpty()) {
                throw new IllegalArgumentException(where + ": no series: the only column is the time column '" + header.get(time) + "'");
            }
            List<Long> times = new ArrayList<>();
            List<Integer> lines = new ArrayList<>();
            float[] values = new float[1024 * columns.size()];
            int[] missing = new int[columns.size()];
            int[] firstMissing = new int[columns.size()];
            int row = 1;
            String line;
            while ((line = in.readLine()) != null) {
                row++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> f = fields(line, where, row);
                if (f.size() != header.size()) {
                    throw new IllegalArgumentException(where + ":" + row + ": " + f.size() + " fields, but the header has " + header.size());
                }
                long t = parseTime(f.get(time), where, row, header.get(time));
                if (!times.isEmpty() && t <= times.get(times.size() - 1)) {
                    throw new IllegalArgumentException(where + ":" + row + ": time '" + f.get(time) + "' does not come after the row"
                            + " before it; rows must be in time order, without repeats");
                }
                int r = times.size();
                times.add(t);
                lines.add(row);
                if ((r + 1) * columns.size() > values.length) {
                    values = java.util.Arrays.copyOf(values, values.length * 2);
                }
                for (int c = 0, k = 0; c < header.size(); c++) {
                    if (c == time) {
                        continue;
                    }
                    String cell = f.get(c).trim();
                    float v;
                    if (MISSING.matcher(cell).matches()) {
                        v = Float.NaN;
                        if (missing[k]++ == 0) {
                            firstMissing[k] = row;
                        }
                    } else {
                        try {
                            v = Float.parseFloat(cell);
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException(where + ":" + row + ": column '" + header.get(c) + "': '" + shorten(cell)
                                    + "' is not a number");
                        }
                        if (!Float.isFinite(v)) {
                            throw new IllegalArgumentException(where + ":" + row + ": column '" + header.get(c) + "': '" + shorten(cell)
                                    + "' is not a finite number");
                        }
                    }
                    values[r * columns.size() + k++] = v;
                }
            }
            if (times.isEmpty()) {
                throw new IllegalArgumentException(where + ": a header but no rows");
            }
            long[] t = times.stream().mapToLong(Long::longValue).toArray();
            TimeSeries series = new TimeSeries(where, t, columns, java.util.Arrays.copyOf(values, t.length * columns.size()));
            Map<String, Integer> missingByColumn = new LinkedHashMap<>();
            Map<String, Integer> firstMissingLine = new LinkedHashMap<>();
            for (int k = 0; k < columns.size(); k++) {
                if (missing[k] > 0) {
                    missingByColumn.put(columns.get(k), missing[k]);
                    firstMissingLine.put(columns.get(k), firstMissing[k]);
                }
            }
            return new Read(series, header.get(time), report(t, lines, missingByColumn, firstMissingLine));
        }
    }

    private static Report report(long[] t, List<Integer> lines, Map<String, Integer> missing, Map<String, Integer> firstMissing) {
        Map<Long, Integer> counts = new HashMap<>();
        for (int i = 1; i < t.length; i++) {
            counts.merge(t[i] - t[i - 1], 1, Integer::sum);
        }
        long interval = counts.entrySet().stream().max(Map.Entry.<Long, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))).map(Map.Entry::getKey).orElse(0L);
        List<Gap> gaps = new ArrayList<>();
        for (int i = 1; i < t.length; i++) {
            if (t[i] - t[i - 1] != interval) {
                gaps.add(new Gap(lines.get(i), t[i] - t[i - 1]));
            }
        }
        return new Report(interval, missing, firstMissing, gaps);
    }

    private static int timeColumn(List<String> header, String named, String where) {
        if (named != null) {
            int i = header.indexOf(named);
            if (i < 0) {
                throw new IllegalArgumentException(where + ": no time column '" + named + "'; the columns are " + String.join(", ", header));
            }
            return i;
        }
        for (int i = 0; i < header.size(); i++) {
            if (TIME_NAMES.contains(header.get(i).trim().toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        throw new IllegalArgumentException(where + ": no time column (none is named date, time, timestamp or datetime); name it"
                + " with --time COLUMN; the columns are " + String.join(", ", header));
    }

    /** Epoch seconds of yyyy-MM-dd[( |T)HH:mm[:ss[.f]]], read as UTC. */
    static long parseTime(String text, String where, int row, String column) {
        String s = text.trim();
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            }
            String iso = s.replace(' ', 'T');
            if (iso.length() == 16) {
                iso = iso + ":00";
            }
            return LocalDateTime.parse(iso).toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(where + ":" + row + ": column '" + column + "': cannot read '" + shorten(s)
                    + "' as a time (yyyy-MM-dd, optionally with HH:mm or HH:mm:ss)");
        }
    }

    /** Splits one CSV line into fields, with double-quoted fields ("" is a quote inside one). */
    static List<String> fields(String line, String where, int row) {
        List<String> out = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        sb.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    sb.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                out.add(sb.toString());
                sb.setLength(0);
            } else {
                sb.append(ch);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException(where + ":" + row + ": a quoted field is not closed");
        }
        out.add(sb.toString());
        return out;
    }

    /**
     * The series with its missing values filled, only when asked: {@code previous} carries the last
     * value forward (the first values take the first seen), {@code linear} interpolates between the
     * neighbours (ends as {@code previous}). A column with no value at all is refused.
     */
    public static TimeSeries fillMissing(TimeSeries s, String how) {
        if (!how.equals("previous") && !how.equals("linear")) {
            throw new IllegalArgumentException("missing values are filled with 'previous' or 'linear', not '" + how + "'");
        }
        int rows = s.rows();
        int w = s.width();
        float[] v = s.values().clone();
        for (int c = 0; c < w; c++) {
            int first = -1;
            for (int r = 0; r < rows && first < 0; r++) {
                if (!Float.isNaN(v[r * w + c])) {
                    first = r;
                }
            }
            if (first < 0) {
                throw new IllegalArgumentException(s.source() + ": column '" + s.columns().get(c) + "' has no value to fill from");
            }
            for (int r = 0; r < first; r++) {
                v[r * w + c] = v[first * w + c];
            }
            int last = first;
            for (int r = first + 1; r < rows; r++) {
                if (Float.isNaN(v[r * w + c])) {
                    continue;
                }
                for (int g = last + 1; g < r; g++) {
                    float a = v[last * w + c];
                    float b = v[r * w + c];
                    v[g * w + c] = how.equals("linear") ? a + (b - a) * (g - last) / (r - last) : a;
                }
                last = r;
            }
            for (int r = last + 1; r < rows; r++) {
                v[r * w + c] = v[last * w + c];
            }
        }
        return new TimeSeries(s.source(), s.times(), s.columns(), v);
    }

    private static String shorten(String s) {
        String t = s.replaceAll("\\p{Cc}", "?");
        return t.length() > 40 ? t.substring(0, 37) + "..." : t;
    }
}
