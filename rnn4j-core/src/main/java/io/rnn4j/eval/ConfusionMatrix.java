package io.rnn4j.eval;

import java.util.List;

/**
 * Counts of (true class, predicted class) pairs over K classes, and the scores read from them:
 *
 * <pre>
 *   accuracy     = Σ_c n[c][c] / N
 *   precision_c  = n[c][c] / Σ_t n[t][c]        (0 when nothing was predicted as c)
 *   recall_c     = n[c][c] / Σ_p n[c][p]        (0 when c never occurs)
 *   F1_c         = 2·P_c·R_c / (P_c + R_c)       (0 when both are 0)
 *   macro score  = the unweighted mean of the per-class scores over all K classes
 * </pre>
 *
 * The zero conventions are scikit-learn's {@code zero_division=0}, so macro F1 agrees with
 * {@code f1_score(average='macro')} when every class occurs in the labels or predictions.
 */
public final class ConfusionMatrix {

    private final List<String> classes;
    private final long[][] counts;

    public ConfusionMatrix(List<String> classes) {
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("a confusion matrix needs at least one class");
        }
        this.classes = List.copyOf(classes);
        this.counts = new long[classes.size()][classes.size()];
    }

    /** The matrix of {@code truth[i]} against {@code predicted[i]} over all i. */
    public static ConfusionMatrix of(List<String> classes, int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException(truth.length + " true labels but " + predicted.length + " predictions");
        }
        ConfusionMatrix m = new ConfusionMatrix(classes);
        for (int i = 0; i < truth.length; i++) {
            m.add(truth[i], predicted[i]);
        }
        return m;
    }

    /** Counts one example. */
    public void add(int truth, int predicted) {
        int k = classes.size();
        if (truth < 0 || truth >= k || predicted < 0 || predicted >= k) {
            throw new IllegalArgumentException("class ids must be in 0.." + (k - 1) + ", got " + truth + " and " + predicted);
        }
        counts[truth][predicted]++;
    }

    /** Adds another matrix over the same classes (e.g. the folds of a cross-validation). */
    public void addAll(ConfusionMatrix other) {
        if (!other.classes.equals(classes)) {
            throw new IllegalArgumentException("cannot add a matrix over " + other.classes + " to one over " + classes);
        }
        for (int t = 0; t < counts.length; t++) {
            for (int p = 0; p < counts.length; p++) {
                counts[t][p] += other.counts[t][p];
            }
        }
    }

    public List<String> classes() {
        return classes;
    }

    /** n[true][predicted], a copy. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    public long total() {
        long n = 0;
        for (long[] row : counts) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    /** Examples whose true class is c. */
    public long support(int c) {
        long n = 0;
        for (long v : counts[c]) {
            n += v;
        }
        return n;
    }

    private long predictedAs(int c) {
        long n = 0;
        for (long[] row : counts) {
            n += row[c];
        }
        return n;
    }

    /** The share of examples labelled right, in [0, 1]; NaN when there are none. */
    public double accuracy() {
        long right = 0;
        for (int c = 0; c < counts.length; c++) {
            right += counts[c][c];
        }
        long n = total();
        return n == 0 ? Double.NaN : (double) right / n;
    }

    public double precision(int c) {
        long p = predictedAs(c);
        return p == 0 ? 0 : (double) counts[c][c] / p;
    }

    public double recall(int c) {
        long s = support(c);
        return s == 0 ? 0 : (double) counts[c][c] / s;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double macroPrecision() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s += precision(c);
        }
        return s / counts.length;
    }

    public double macroRecall() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s += recall(c);
        }
        return s / counts.length;
    }

    public double macroF1() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) {
            s += f1(c);
        }
        return s / counts.length;
    }
}
