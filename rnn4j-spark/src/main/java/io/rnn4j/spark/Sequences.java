package io.rnn4j.spark;

import java.util.List;

/** Numeric sequences as Spark hands them over: a nested array of numbers, or a flat one for one feature. */
final class Sequences {

    private Sequences() {
    }

    /** (T, F) values of an {@code array<array<number>>} or (T, 1) of an {@code array<number>}. */
    static double[][] of(Object value) {
        List<Object> steps = Lists.of(value);
        double[][] out = new double[steps.size()][];
        for (int t = 0; t < out.length; t++) {
            Object step = steps.get(t);
            if (step instanceof Number n) {
                out[t] = new double[]{n.doubleValue()};
                continue;
            }
            if (step == null) {
                throw new IllegalArgumentException("step " + t + " is null");
            }
            List<Object> cells = Lists.of(step);
            out[t] = new double[cells.size()];
            for (int f = 0; f < out[t].length; f++) {
                if (!(cells.get(f) instanceof Number n)) {
                    throw new IllegalArgumentException("step " + t + ", input " + f + " is "
                            + (cells.get(f) == null ? "null" : cells.get(f)) + ", not a number");
                }
                out[t][f] = n.doubleValue();
            }
        }
        return out;
    }

    /** What is wrong with a sequence for a model of {@code features} inputs, or null. */
    static String problem(double[][] steps, int features, int maxSteps) {
        if (steps.length == 0) {
            return "the sequence is empty";
        }
        if (steps.length > maxSteps) {
            return "the sequence has " + steps.length + " steps, more than maxTokens " + maxSteps;
        }
        for (int t = 0; t < steps.length; t++) {
            if (steps[t].length != features) {
                return "step " + t + " has " + steps[t].length + " values; the model reads " + features;
            }
            for (int f = 0; f < features; f++) {
                if (!Double.isFinite(steps[t][f])) {
                    return "step " + t + ", input " + f + " is " + steps[t][f];
                }
            }
        }
        return null;
    }
}
