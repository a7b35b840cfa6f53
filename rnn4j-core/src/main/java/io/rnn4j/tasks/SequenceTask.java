package io.rnn4j.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic sequence benchmark from the recurrent-network literature: a generator of input
 * sequences with targets at some steps, and the published criterion for a network's outputs.
 *
 * <p>Outputs are scored after the output non-linearity: sigmoid units for symbol and class
 * targets (as in Hochreiter &amp; Schmidhuber 1997 and Gers &amp; Schmidhuber 2001), a linear
 * unit for real-valued targets.
 */
public interface SequenceTask {

    /** One sequence: inputs (T, I), targets (T, O), and which steps are scored. */
    record Example(int steps, float[] inputs, float[] targets, boolean[] scored) {
    }

    /** The command-line name, e.g. {@code adding}. */
    String name();

    /** The paper and table the task and its criterion come from. */
    String source();

    /** The published pass criterion, in words. */
    String criterion();

    int inputSize();

    int outputSize();

    /** Whether the output unit is linear (real-valued targets) rather than sigmoid. */
    default boolean linearOutput() {
        return false;
    }

    /**
     * The most steps any sequence of this task has, known before anything is generated, so that a
     * caller can estimate memory; 0 for a task whose sequences are short and of a size the user
     * cannot change.
     */
    default long maxSteps() {
        return 0;
    }

    /** Steps held at once by the fixed training and test sets (an upper bound; 0 with {@link #maxSteps()}). */
    default long storedSteps() {
        return 0;
    }

    /** A fresh random training sequence. */
    Example sample(SplittableRandom rng);

    /**
     * The fixed training set, for tasks trained on one (embedded Reber: 256 strings), or null when
     * every training sequence is freshly sampled.
     */
    default List<Example> trainingSet(long seed) {
        return null;
    }

    /** The fixed test set the criterion is checked on. */
    List<Example> testSet(long seed);

    /** Whether the activated outputs (T, O) of the network on {@code e} are right. */
    boolean correct(Example e, float[] outputs);

    /** Test sequences that may be wrong with the task still passed. */
    default int allowedErrors() {
        return 0;
    }

    /** n sequences drawn from a generator seeded by {@code seed}. */
    static List<Example> draw(SequenceTask task, int n, long seed) {
        return draw(task, n, new SplittableRandom(seed));
    }

    /** The next n sequences from {@code rng}. */
    static List<Example> draw(SequenceTask task, int n, SplittableRandom rng) {
        List<Example> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(task.sample(rng));
        }
        return out;
    }

    /** One-hot symbol sequence (T, alphabet). */
    static float[] oneHot(int[] symbols, int alphabet) {
        float[] x = new float[symbols.length * alphabet];
        for (int t = 0; t < symbols.length; t++) {
            x[t * alphabet + symbols[t]] = 1f;
        }
        return x;
    }
}
