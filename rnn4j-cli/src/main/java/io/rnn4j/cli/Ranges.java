package io.rnn4j.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.util.Locale;

/**
 * The allowed ranges of numeric options, as picocli converters: an option names its range with
 * {@code converter = Ranges.Positive.class}, and a value outside it (or not finite) is refused at
 * parse time with a one-line message, before any work starts. Defaults pass through the same
 * converters. Every numeric option of every command declares one; {@code OptionRangesTest} keeps
 * it so, probing each with the values its range gives as refused.
 */
final class Ranges {

    private Ranges() {
    }

    /** A range check that also knows values it refuses, for the test that probes every option. */
    interface Ranged<T> extends ITypeConverter<T> {
        String[] refusedExamples();
    }

    /** Whole numbers from {@code min} up, as long. */
    private abstract static class Whole {
        private final long min;
        private final long max;
        private final String[] refused;

        Whole(long min, long max, String... refused) {
            this.min = min;
            this.max = max;
            this.refused = refused;
        }

        long parse(String s) {
            long v;
            try {
                v = Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + s + "' is not a whole number");
            }
            if (v < min) {
                throw new TypeConversionException("must be >= " + min + ", got " + s);
            }
            if (v > max) {
                throw new TypeConversionException("must be at most " + max + ", got " + s);
            }
            return v;
        }

        public String[] refusedExamples() {
            return refused.clone();
        }
    }

    /** Finite real numbers in an interval whose ends may be open or closed. */
    private abstract static class Real {
        private final double low;
        private final boolean lowOpen;
        private final double high;
        private final boolean highOpen;
        private final String[] refused;

        Real(double low, boolean lowOpen, double high, boolean highOpen, String... refused) {
            this.low = low;
            this.lowOpen = lowOpen;
            this.high = high;
            this.highOpen = highOpen;
            this.refused = refused;
        }

        double parse(String s) {
            double v;
            try {
                v = Double.parseDouble(s.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + s + "' is not a number");
            }
            boolean inside = Double.isFinite(v) && (lowOpen ? v > low : v >= low) && (highOpen ? v < high : v <= high);
            if (!inside) {
                throw new TypeConversionException("must be a finite number in " + (lowOpen ? "(" : "[") + show(low) + ", "
                        + show(high) + (highOpen ? ")" : "]") + ", got " + s);
            }
            return v;
        }

        private static String show(double d) {
            return Double.isInfinite(d) ? (d > 0 ? "inf" : "-inf") : d == Math.rint(d) && Math.abs(d) < 1e15
                    ? Long.toString((long) d) : String.format(Locale.ROOT, "%g", d);
        }

        public String[] refusedExamples() {
            return refused.clone();
        }
    }

    /** An int range: the converter half, so that each range below only names its bounds. */
    private abstract static class IntRange extends Whole implements Ranged<Integer> {
        IntRange(long min, String... refused) {
            super(min, Integer.MAX_VALUE, refused);
        }

        @Override
        public Integer convert(String s) {
            return (int) parse(s);
        }
    }

    /** A long range. */
    private abstract static class LongRange extends Whole implements Ranged<Long> {
        LongRange(long min, String... refused) {
            super(min, Long.MAX_VALUE, refused);
        }

        @Override
        public Long convert(String s) {
            return parse(s);
        }
    }

    /** A double interval. */
    private abstract static class DoubleRange extends Real implements Ranged<Double> {
        DoubleRange(double low, boolean lowOpen, double high, boolean highOpen, String... refused) {
            super(low, lowOpen, high, highOpen, refused);
        }

        @Override
        public Double convert(String s) {
            return parse(s);
        }
    }

    /** A float interval. */
    private abstract static class FloatRange extends Real implements Ranged<Float> {
        FloatRange(double low, boolean lowOpen, double high, boolean highOpen, String... refused) {
            super(low, lowOpen, high, highOpen, refused);
        }

        @Override
        public Float convert(String s) {
            return (float) parse(s);
        }
    }

    /** A whole number ≥ 1 (an int). */
    static final class Positive extends IntRange {
        Positive() {
            super(1, "0", "-5", "3000000000", "x");
        }
    }

    /** A whole number ≥ 0 (an int). */
    static final class NonNegative extends IntRange {
        NonNegative() {
            super(0, "-1", "3000000000", "1.5");
        }
    }

    /** A whole number ≥ 1 (a long). */
    static final class PositiveLong extends LongRange {
        PositiveLong() {
            super(1, "0", "-5", "x");
        }
    }

    /** A whole number ≥ 0 (a long). */
    static final class NonNegativeLong extends LongRange {
        NonNegativeLong() {
            super(0, "-5", "1e3");
        }
    }

    /** Any long (seeds). */
    static final class AnyLong extends LongRange {
        AnyLong() {
            super(Long.MIN_VALUE, "1.5", "seed");
        }
    }

    /** A finite real number &gt; 0. */
    static final class PositiveReal extends DoubleRange {
        PositiveReal() {
            super(0, true, Double.POSITIVE_INFINITY, true, "0", "-1", "NaN", "Infinity");
        }
    }

    /** A finite real number ≥ 0. */
    static final class NonNegativeReal extends DoubleRange {
        NonNegativeReal() {
            super(0, false, Double.POSITIVE_INFINITY, true, "-1", "NaN", "Infinity");
        }
    }

    /** A share that may be zero but not all: [0, 1). */
    static final class ZeroToOne extends DoubleRange {
        ZeroToOne() {
            super(0, false, 1, true, "-0.1", "1", "NaN");
        }
    }

    /** A probability mass to keep: (0, 1]. */
    static final class KeptMass extends DoubleRange {
        KeptMass() {
            super(0, true, 1, false, "0", "1.5", "NaN");
        }
    }

    /** A probability of dropping: [0, 1), as a float. */
    static final class DropProbability extends FloatRange {
        DropProbability() {
            super(0, false, 1, true, "-0.1", "1", "NaN");
        }
    }

    /** A finite real number of modest size (an initial bias), as a float. */
    static final class FiniteFloat extends FloatRange {
        FiniteFloat() {
            super(-1e6, false, 1e6, false, "NaN", "Infinity", "1e30");
        }
    }

    /** As {@link FiniteFloat}, or {@code nan}, which the option documents as "the default". */
    static final class FiniteOrNan extends FloatRange {
        FiniteOrNan() {
            super(-1e6, false, 1e6, false, "Infinity", "-Infinity", "1e30");
        }

        @Override
        public Float convert(String s) {
            return s.trim().equalsIgnoreCase("nan") ? Float.NaN : (float) parse(s);
        }
    }
}
