package io.rnn4j.train.ekf;

/**
 * Noise settings of EKF training, validated up front. The weights are the filter's state, so
 * <pre>
 *   P(0) = p0·I                         weight-error covariance
 *   R(n) = r(n)·I                       measurement noise: larger = smaller, more cautious steps
 *   Q(n) = q(n)·I                       process noise: keeps P from collapsing, so learning goes on
 * </pre>
 * r and q are annealed geometrically from their start to their end value over
 * {@code annealUpdates} filter updates, then held: x(n) = start·(end/start)^min(1, n/annealUpdates).
 * Annealing both from large to small values, so that early updates are cautious and later ones
 * precise, is the practice of Puskorius &amp; Feldkamp (1994) and Pérez-Ortiz et al. (2003); the
 * default values are those our aⁿbⁿcⁿ runs use (docs/results.md).
 */
public record EkfConfig(double initialCovariance, double measurementStart, double measurementEnd, double processStart,
                        double processEnd, long annealUpdates) {

    public EkfConfig {
        if (!(initialCovariance > 0) || Double.isInfinite(initialCovariance)) {
            throw new IllegalArgumentException("initial covariance must be a finite number > 0, got " + initialCovariance);
        }
        if (!(measurementStart > 0) || !(measurementEnd > 0) || Double.isInfinite(measurementStart)
                || Double.isInfinite(measurementEnd)) {
            throw new IllegalArgumentException("measurement noise must be finite and > 0, got " + measurementStart
                    + " -> " + measurementEnd);
        }
        if (!(processStart >= 0) || !(processEnd >= 0) || Double.isInfinite(processStart) || Double.isInfinite(processEnd)
                || (processStart == 0) != (processEnd == 0)) {
            throw new IllegalArgumentException("process noise must be finite and >= 0 (both zero or both positive), got "
                    + processStart + " -> " + processEnd);
        }
        if (annealUpdates < 1) {
            throw new IllegalArgumentException("annealUpdates must be >= 1, got " + annealUpdates);
        }
    }

    /** P(0) = 100·I, R 100 → 3, Q 1e-2 → 1e-6, annealed over 10⁵ updates. */
    public static EkfConfig defaults() {
        return builder().build();
    }

    /** The {@link #defaults()}, each settable by name. */
    public static Builder builder() {
        return new Builder();
    }

    /** Named settings of an {@link EkfConfig}. */
    public static final class Builder {
        private double initialCovariance = 100;
        private double measurementStart = 100;
        private double measurementEnd = 3;
        private double processStart = 1e-2;
        private double processEnd = 1e-6;
        private long annealUpdates = 100_000;

        private Builder() {
        }

        /** p0 of P(0) = p0·I. */
        public Builder initialCovariance(double p0) {
            this.initialCovariance = p0;
            return this;
        }

        /** r annealed from {@code start} to {@code end} (equal for a constant R). */
        public Builder measurementNoise(double start, double end) {
            this.measurementStart = start;
            this.measurementEnd = end;
            return this;
        }

        /** q annealed from {@code start} to {@code end} (both 0 for none). */
        public Builder processNoise(double start, double end) {
            this.processStart = start;
            this.processEnd = end;
            return this;
        }

        /** Filter updates over which r and q anneal. */
        public Builder annealUpdates(long n) {
            this.annealUpdates = n;
            return this;
        }

        public EkfConfig build() {
            return new EkfConfig(initialCovariance, measurementStart, measurementEnd, processStart, processEnd, annealUpdates);
        }
    }

    /** r(n). */
    public double measurementNoise(long update) {
        return anneal(measurementStart, measurementEnd, update);
    }

    /** q(n). */
    public double processNoise(long update) {
        return processStart == 0 ? 0 : anneal(processStart, processEnd, update);
    }

    private double anneal(double start, double end, long update) {
        double f = Math.min(1.0, (double) update / annealUpdates);
        return start * Math.pow(end / start, f);
    }
}
