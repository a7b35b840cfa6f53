package io.rnn4j.cli;

import io.rnn4j.train.Metrics;
import io.rnn4j.train.TrainingListener;

import java.util.Locale;

/**
 * Training progress: a bar with loss, best validation loss, tokens (or images) per second, elapsed time and ETA when
 * stdout is a terminal, a plain line every 5 s otherwise. The budget is wall time
 * ({@link #ofSeconds}) or a number of updates ({@link #ofSteps}), whichever ends the run.
 */
public final class ProgressPrinter implements TrainingListener {

    private final double seconds;
    private final long steps;
    private final boolean terminal = System.console() != null;
    private double nextReport = 0;
    private double smoothed = Double.NaN;
    private double bestValidation = Double.POSITIVE_INFINITY;
    private String rate = "tok/s";
    private String curveUnit;
    private double firstValidation = Double.NaN;

    private ProgressPrinter(double seconds, long steps) {
        this.seconds = seconds;
        this.steps = steps;
    }

    public static ProgressPrinter ofSeconds(double seconds) {
        return new ProgressPrinter(seconds, 0);
    }

    public static ProgressPrinter ofSteps(long steps) {
        return new ProgressPrinter(0, steps);
    }

    /** Names what the trainer's rows are, per second: "tok/s" (the default), "img/s". */
    public ProgressPrinter withRateUnit(String unit) {
        rate = unit;
        return this;
    }

    /**
     * Prints every validation as it comes, one line each, with a bar as long as the loss is
     * against the first one: the validation curve, drawn as the run goes. {@code unit} names the
     * loss ("nats/char").
     */
    public ProgressPrinter withValidationCurve(String unit) {
        curveUnit = unit;
        return this;
    }

    /** A resumed run shows the best validation loss of the run so far. */
    public ProgressPrinter withBestValidation(double best) {
        if (!Double.isNaN(best)) {
            bestValidation = best;
        }
        return this;
    }

    @Override
    public void onMetrics(Metrics m) {
        if (m.hasValidation()) {
            boolean best = m.validationLoss() < bestValidation;
            bestValidation = Math.min(bestValidation, m.validationLoss());
            if (curveUnit != null) {
                printCurvePoint(m, best);
            }
            return;
        }
        if (!Double.isNaN(m.trainLoss())) {
            smoothed = Double.isNaN(smoothed) ? m.trainLoss() : 0.95 * smoothed + 0.05 * m.trainLoss();
        }
        if (m.elapsedSeconds() < nextReport) {
            return;
        }
        nextReport = m.elapsedSeconds() + (terminal ? 0.5 : 5);
        double frac = seconds > 0 ? m.elapsedSeconds() / seconds : (double) m.step() / steps;
        frac = Math.max(0, Math.min(1, frac));
        double eta = frac <= 0 ? Double.NaN : m.elapsedSeconds() * (1 - frac) / frac;
        String val = Double.isInfinite(bestValidation) ? "  -  " : String.format(Locale.ROOT, "%.3f", bestValidation);
        String stats = String.format(Locale.ROOT, "step %5d  loss %.3f  best val %s  %,.0f %s  %3.0f s  ETA %s",
                m.step(), smoothed, val, m.rowsPerSecond(), rate, m.elapsedSeconds(),
                Double.isNaN(eta) ? "-" : String.format(Locale.ROOT, "%.0f s", eta));
        if (terminal) {
            int width = 24;
            int filled = (int) Math.round(frac * width);
            System.out.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + stats);
            System.out.flush();
        } else {
            System.out.println(stats);
        }
    }

    private void printCurvePoint(Metrics m, boolean best) {
        if (Double.isNaN(firstValidation)) {
            firstValidation = m.validationLoss();
        }
        int bar = (int) Math.round(40 * Math.max(0, Math.min(1.5, m.validationLoss() / firstValidation)));
        String line = String.format(Locale.ROOT, "val  step %5d  %.3f %s  %s%s", m.step(), m.validationLoss(), curveUnit,
                "=".repeat(bar), best ? "  best" : "");
        // on a terminal the progress bar shares the line: overwrite it, then let the bar redraw below
        System.out.println(terminal ? "\r" + line + " ".repeat(Math.max(0, 100 - line.length())) : line);
        nextReport = 0;
    }

    /** Ends the bar's line on a terminal. */
    public void finish() {
        if (terminal) {
            System.out.println();
        }
    }
}
