package io.rnn4j.loss;

/**
 * Targets for the rows of a model output: class ids (one per row, −1 to ignore a row) or real
 * values (F per row).
 */
public final class Targets {

    public final int[] classes;
    public final float[] values;

    private Targets(int[] classes, float[] values) {
        this.classes = classes;
        this.values = values;
    }

    public static Targets classes(int[] classes) {
        return new Targets(classes, null);
    }

    public static Targets values(float[] values) {
        return new Targets(null, values);
    }
}
