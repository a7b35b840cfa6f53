package io.rnn4j.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The allowed ranges of numeric options, as picocli converters: an option names its range with
 * {@code converter = Ranges.Positive.class}, and a value outside it (or not finite) is refused at
 * parse time with a one-line message, before any work starts. Defaults pass through the same
 * converters. Every numeric option of every command declares one; {@code OptionRangesTest} keeps
 * it so.
 */
final class Ranges {

    private Ranges() {
    }

    /** A range check that also knows a value it refuses, for the test that probes every option. */
    interface Ranged<T> extends ITypeConverter<T> {
        /** Values this range refuses. */
        String[] refusedExamples();
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + s + "' is not a whole number");
        }
    }

    private static int parseInt(String s) {
        long v = parseLong(s);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new TypeConversionException(s + " is out of range (at most " + Integer.MAX_VALUE + ")");
        }
        return (int) v;
    }

    private static double parseFinite(String s) {
        double v;
        try {
            v = Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + s + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new TypeConversionException("must be a finite number, got " + s);
        }
        return v;
    }

    /** A whole number ≥ 1. */
    static final class Positive implements Ranged<Integer> {
        @Override
        public Integer convert(String s) {
            int v = parseInt(s);
            if (v < 1) {
                throw new TypeConversionException("must be >= 1, got " + s);
            }
            return v;
        }

        @Override
        public String[] refusedExamples() {
            return new String[] {"0", "-5", "3000000000", "x"};
        }
    }

    /** A whole number ≥ 0. */
    static final class NonNegative implements Ranged<Integer> {
        @Override
        public Integer convert(String s) {
            int v = parseInt(s);
            if (v < 0) {
                throw new TypeConversionException("must be >= 0, got " + s);
            }
            return v;
        }

        @Override
        public String[] refusedExamples() {
            return new String[] {"-1", "3000000000", "1.5"};
        }
    }

    /** A long ≥ 1. */
    static final class PositiveLong implements Ranged<Long> {
        @Override
        public Long convert(String s) {
            long v = parseLong(s);
            if (v < 1) {
                throw new TypeConversionException("must be >= 1, got " + s);
            }
            return v;
        }

        @Override
        public String[] refusedExamples() {
            return new String[] {"0", "-5", "x"};
        }
    }

    /** A long ≥ 0. */
    static final class NonNegativeLong implements Ranged<Long> {
        @Override
        public Long convert(String s) {
            long v = parseLong(s);
            if (v < 0) {
                throw new TypeConversionException("must be >= 0, got " + s);
            }
            return v;
        }

        @Override
        public String[] refusedExamples() {
            return new String[] {"-5", "1e3"};
        }
    }

    /** Any long (seeds). */
    static final class AnyLong implements Ranged<Long> {
        @Override
        public Long convert(String s) {
            return parseLong(s);
        }

        @Override
        public String[] refusedExamples() {
            return new String[] {"1.5", "seed"};
        }
    }

    /** A finite real number > 0. */
    static final class PositiveReal implements Ranged<Double> {
        @Override
        public Double convert(String s) {
            double v = parseFinite(s);
            if (!(v > 0)) {
                throw new TypeConversionException("must be > 0, got " + s);
            }
            return v;
        }

        @Override
        public String[] refusedExamples() {
            return new String[] {"0", "-1", "NaN", "Infinity"};
        }
    }

    /** A finite real number ≥ 0. */
    static final class NonNegativeReal implements Ranged<Double> {
        @Override
        public Double convert(String s) {
            double v = parseFinite(s);
            if (!(v >= 0)) {
                throw new TypeConversionException("must be >= 0, got " + s);
            }
            return v;
        }

        @Override
        public String[] refusedExamples() {
            return new String[] {"-1", "NaN", "Infinity"};
        }
    }

    /** A probability of dropping: [0, 1). */
    static final class DropProbability implements Ranged<Float> {
        @Override
        public Float convert(String s) {
            double v = parseFinite(s);
            if (!(v >= 0 && v < 1)) {
                throw new TypeConversionException("must be in [0, 1), got " + s);
            }
            return (float) v;
        }

        @Override
        public String[] refusedExamples() {
            return new String[] {"-0.1", "1", "NaN"};
        }
    }

    /** A share strictly between 0 and 1: (0, 1). */
    static final class OpenFraction implements Ranged<Double> {
        @Override
        public Double convert(String s) {
            double v = parseFinite(s);
            if (!(v > 0 && v < 1)) {
                throw new TypeConversionException("must be in (0, 1), got " + s);
            }
            return v;
        }

        @Override
        public String[] refusedExamples() {
            return new String[] {"0", "1", "-0.5", "NaN"};
        }
    }

    /** A probability mass to keep: (0, 1]. */
    static final class KeptMass implements Ranged<Double> {
        @Override
        public Double convert(String s) {
            double v = parseFinite(s);
            if (!(v > 0 && v <= 1)) {
                throw new TypeConversionException("must be in (0, 1], got " + s);
            }
            return v;
        }

        @Override
        public String[] refusedExamples() {
            return new String[] {"0", "1.5", "NaN"};
        }
    }

    /** A finite real number, or nan (meaning "the default"): initial biases. */
    static final class FiniteOrNan implements Ranged<Float> {
        @Override
        public Float convert(String s) {
            if (s.trim().equalsIgnoreCase("nan")) {
                return Float.NaN;
            }
            double v = parseFinite(s);
            if (Math.abs(v) > 1e6) {
                throw new TypeConversionException("must be between -1e6 and 1e6 (or nan), got " + s);
            }
            return (float) v;
        }

        @Override
        public String[] refusedExamples() {
            return new String[] {"Infinity", "-Infinity", "1e30"};
        }
    }

    /** A share that may be zero but not all: [0, 1). */
    static final class ZeroToOne implements Ranged<Double> {
        @Override
        public Double convert(String s) {
            double v = parseFinite(s);
            if (!(v >= 0 && v < 1)) {
                throw new TypeConversionException("must be in [0, 1), got " + s);
            }
            return v;
        }

        @Override
        public String[] refusedExamples() {
            return new String[] {"-0.1", "1", "NaN"};
        }
    }

    /** A finite real number of modest size (initial biases). */
    static final class FiniteFloat implements Ranged<Float> {
        @Override
        public Float convert(String s) {
            double v = parseFinite(s);
            if (Math.abs(v) > 1e6) {
                throw new TypeConversionException("must be between -1e6 and 1e6, got " + s);
            }
            return (float) v;
        }

        @Override
        public String[] refusedExamples() {
            return new String[] {"NaN", "Infinity", "1e30"};
        }
    }
}
