package io.rnn4j.cli;

import io.rnn4j.train.ekf.EkfConfig;
import picocli.CommandLine.Option;

/** The extended Kalman filter's noise options, shared by {@code train} and {@code task run}. */
final class EkfOptions {

    @Option(names = "--ekf-p0", converter = Ranges.PositiveReal.class, defaultValue = "100", description = "ekf, dekf: initial weight covariance P(0) = p0*I (default: ${DEFAULT-VALUE}).")
    double p0;

    @Option(names = "--ekf-r", defaultValue = "100:3", description = "ekf, dekf: measurement noise R, START:END annealed (default: ${DEFAULT-VALUE}).")
    String r;

    @Option(names = "--ekf-q", defaultValue = "1e-2:1e-6", description = "ekf, dekf: process noise Q, START:END annealed (default: ${DEFAULT-VALUE}).")
    String q;

    @Option(names = "--ekf-anneal", converter = Ranges.PositiveLong.class, defaultValue = "100000", description = "ekf, dekf: filter updates over which R and Q anneal (default: ${DEFAULT-VALUE}).")
    long anneal;

    /** The options as a validated configuration. */
    EkfConfig config() {
        double[] rr = range("--ekf-r", r);
        double[] qq = range("--ekf-q", q);
        return EkfConfig.builder().initialCovariance(p0).measurementNoise(rr[0], rr[1]).processNoise(qq[0], qq[1])
                .annealUpdates(anneal).build();
    }

    /** The command-line form, for provenance. */
    String describe() {
        return "--ekf-p0 " + p0 + " --ekf-r " + r + " --ekf-q " + q + " --ekf-anneal " + anneal;
    }

    private static double[] range(String option, String value) {
        String[] parts = value.split(":");
        try {
            if (parts.length == 1) {
                double v = Double.parseDouble(parts[0]);
                return new double[] {v, v};
            }
            if (parts.length == 2) {
                return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
            }
        } catch (NumberFormatException e) {
            // fall through to the message
        }
        throw new UsageException(option + " must be VALUE or START:END, e.g. 100:3, got '" + value + "'");
    }
}
