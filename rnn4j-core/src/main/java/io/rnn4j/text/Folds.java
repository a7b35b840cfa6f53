package io.rnn4j.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Stratified k-fold assignment, as scikit-learn's {@code StratifiedKFold(shuffle=True)} does it
 * in spirit: the examples of each class are shuffled (from the seed) and dealt to the folds in
 * turn, so every fold has about the same share of each class. Fold f's test set is the examples
 * assigned f; its training set the rest.
 */
public final class Folds {

    private final int[] fold;
    private final int k;

    private Folds(int[] fold, int k) {
        this.fold = fold;
        this.k = k;
    }

    /** k stratified folds of examples with {@code labels} over {@code classes} classes. */
    public static Folds stratified(int[] labels, int classes, int k, long seed) {
        if (k < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + k);
        }
        if (k > labels.length) {
            throw new IllegalArgumentException(k + " folds of " + labels.length + " examples leave a fold empty");
        }
        Random rng = new Random(seed);
        int[] fold = new int[labels.length];
        int next = 0;
        for (int c = 0; c < classes; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    members.add(i);
                }
            }
            Collections.shuffle(members, rng);
            for (int i : members) {
                fold[i] = next;
                next = (next + 1) % k; // continue where the previous class stopped, so fold sizes differ by at most 1
            }
        }
        return new Folds(fold, k);
    }

    /**
     * A stratified split into training and test: each class's examples shuffled from the seed and
     * the first {@code round(share · n_c)} of them held out for test. {@code test(0)} is the test
     * part, {@code train(0)} the rest.
     */
    public static Folds holdOut(int[] labels, int classes, double share, long seed) {
        if (!(share > 0 && share < 1)) {
            throw new IllegalArgumentException("the test share must be in (0, 1), got " + share);
        }
        Random rng = new Random(seed);
        int[] fold = new int[labels.length];
        java.util.Arrays.fill(fold, 1);
        for (int c = 0; c < classes; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    members.add(i);
                }
            }
            Collections.shuffle(members, rng);
            long held = Math.round(share * members.size());
            for (int j = 0; j < held; j++) {
                fold[members.get(j)] = 0;
            }
        }
        return new Folds(fold, 2);
    }

    public int count() {
        return k;
    }

    /** Indices of fold f's test examples, in order. */
    public int[] test(int f) {
        return select(f, true);
    }

    /** Indices of every example outside fold f, in order. */
    public int[] train(int f) {
        return select(f, false);
    }

    private int[] select(int f, boolean in) {
        return java.util.stream.IntStream.range(0, fold.length).filter(i -> (fold[i] == f) == in).toArray();
    }
}
