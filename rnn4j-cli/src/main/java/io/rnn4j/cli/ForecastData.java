package io.rnn4j.cli;

import io.rnn4j.forecast.TimeSeries;
import io.rnn4j.forecast.TimeSeriesCsv;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CSV file of a {@code forecast} command: read, its columns chosen, what was noticed on the
 * way reported (rows, sampling interval, gaps in time), and missing values refused by name and
 * line unless {@code --fill} says how to fill them.
 */
final class ForecastData {

    /** The options every {@code forecast} command reads its file with. */
    static final class Options {
        @Option(names = "--csv", paramLabel = "FILE", description = "CSV file: a header, a time column (yyyy-MM-dd[ HH:mm[:ss]])"
                + " and one column per series.")
        Path csv;

        @Option(names = "--time-column", paramLabel = "NAME", description = "The time column (default: the first called date,"
                + " time, timestamp or datetime).")
        String timeColumn;

        @Option(names = "--fill", paramLabel = "HOW", description = "Fill missing values: previous (carry the last value forward)"
                + " or linear (interpolate). Without it a missing value is refused.")
        String fill;
    }

    /** The chosen series, the time column's name, the reading report and the file's SHA-256. */
    record Loaded(TimeSeries series, String timeColumn, TimeSeriesCsv.Report report, String digest) {
    }

    private ForecastData() {
    }

    /**
     * Reads {@code o.csv}, keeps {@code columns} (null: every series), and checks them for missing
     * values. Notes go to {@code log}.
     */
    static Loaded read(Options o, List<String> columns, PrintStream log) {
        return read(o, columns, log, "");
    }

    /**
     * As {@link #read(Options, List, PrintStream)}; a column the file lacks is refused naming the
     * file's header line and the column, followed by {@code why} (e.g. which columns the model
     * was trained on).
     */
    static Loaded read(Options o, List<String> columns, PrintStream log, String why) {
        if (o.csv == null) {
            throw new UsageException("--csv FILE is required");
        }
        CliFiles.requireInputFile("--csv", o.csv);
        if (o.fill != null && !o.fill.equals("previous") && !o.fill.equals("linear")) {
            throw new UsageException("--fill takes previous or linear, not '" + o.fill + "'");
        }
        TimeSeriesCsv.Read read;
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(o.csv);
            read = TimeSeriesCsv.read(o.csv, o.timeColumn);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --csv " + o.csv + ": " + CliFiles.describe(e));
        }
        TimeSeries s = read.series();
        String timeColumn = read.timeColumn();
        if (columns != null) {
            for (String c : columns) {
                if (!s.columns().contains(c)) {
                    throw new IllegalArgumentException(s.source() + ":1: no column '" + c + "'" + why + "; the file's series are "
                            + String.join(", ", s.columns()));
                }
            }
            s = s.select(columns);
        }
        TimeSeriesCsv.Report r = read.report();
        for (String c : s.columns()) {
            Integer n = r.missing().get(c);
            if (n != null && o.fill == null) {
                throw new IllegalArgumentException(s.source() + ":" + r.firstMissingLine().get(c) + ": column '" + c + "' has "
                        + n + " missing value(s), the first on this line; fill them with --fill previous or --fill linear");
            }
        }
        if (o.fill != null) {
            s = TimeSeriesCsv.fillMissing(s, o.fill);
        }
        log.printf(Locale.ROOT, "%s: %,d rows of %d series (%s), every %s%s%n", s.source(), s.rows(), s.width(),
                String.join(", ", s.columns()), interval(r.interval()),
                r.gaps().isEmpty() ? "" : String.format(Locale.ROOT, "; %d step(s) in time are not the usual one, the first at"
                        + " line %d (%s)", r.gaps().size(), r.gaps().get(0).row(), interval(r.gaps().get(0).seconds())));
        for (Map.Entry<String, Integer> e : r.missing().entrySet()) {
            if (s.columns().contains(e.getKey())) {
                log.printf(Locale.ROOT, "%s: column '%s': %d missing value(s) filled (%s)%n", s.source(), e.getKey(), e.getValue(),
                        o.fill);
            }
        }
        return new Loaded(s, timeColumn, r, TrainingOutputs.sha256(bytes));
    }

    /** Seconds as the largest whole unit: "1 h", "15 min", "1 d", "30 s". */
    static String interval(long seconds) {
        if (seconds > 0 && seconds % 86_400 == 0) {
            return seconds / 86_400 + " d";
        }
        if (seconds > 0 && seconds % 3600 == 0) {
            return seconds / 3600 + " h";
        }
        if (seconds > 0 && seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        return seconds + " s";
    }
}
