package io.rnn4j.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations such as {@code 90s}, {@code 10m}, {@code 1.5h} or a plain number of seconds. */
final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(s|m|h)?");

    private Durations() {
    }

    static double seconds(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new UsageException("duration '" + text + "' is not a number followed by s, m or h (e.g. 90s, 10m, 1h)");
        }
        double v = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        double s = v * (unit.equals("h") ? 3600 : unit.equals("m") ? 60 : 1);
        if (!(s > 0)) {
            throw new UsageException("duration '" + text + "' must be positive");
        }
        return s;
    }

    /** {@code seconds} as {@code m:ss} or {@code h:mm:ss}; "?" when not finite. */
    static String format(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(java.util.Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
