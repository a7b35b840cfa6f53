package io.rnn4j.tasks;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Noise-free sequences with long time lags, task 2a of Hochreiter &amp; Schmidhuber (1997),
 * section 5.2, Table 2. There are p + 1 symbols a₁ … a_{p−1}, x, y, and two sequences,
 * <pre>
 *   (y, a₁, a₂, …, a_{p−1}, y)   and   (x, a₁, a₂, …, a_{p−1}, x),
 * </pre>
 * each chosen with probability ½ and presented one-hot. At every step the network predicts the
 * next symbol; all are predictable from the previous one except the last, which needs the first
 * symbol, p steps back. A sequence is right when every prediction's most active output is the
 * right symbol and, at the last step, every output is within 0.25 of its target. Pass: both
 * sequences right.
 */
public final class LongTimeLag implements SequenceTask {

    private final int lag;

    /** @param lag p, the time lag (the paper: 4 to 100) */
    public LongTimeLag(int lag) {
        if (lag < 2) {
            throw new IllegalArgumentException("the long-time-lag task needs p >= 2, got " + lag);
        }
        this.lag = lag;
    }

    @Override
    public String name() {
        return "long-lag";
    }

    @Override
    public String source() {
        return "Hochreiter & Schmidhuber 1997, Table 2 (task 2a)";
    }

    @Override
    public String criterion() {
        return "p=" + lag + ": every next symbol of both sequences predicted, the last within 0.25";
    }

    @Override
    public int inputSize() {
        return lag + 1;
    }

    @Override
    public int outputSize() {
        return lag + 1;
    }

    /** Symbols: a_i is i − 1 (i = 1 … p−1), x is p − 1, y is p. */
    private Example sequence(boolean useY) {
        int first = useY ? lag : lag - 1;
        int[] s = new int[lag + 1];
        s[0] = first;
        for (int i = 1; i < lag; i++) {
            s[i] = i - 1;
        }
        s[lag] = first;
        int alphabet = lag + 1;
        float[] y = new float[(lag + 1) * alphabet];
        boolean[] scored = new boolean[lag + 1];
        for (int t = 0; t < lag; t++) {
            y[t * alphabet + s[t + 1]] = 1f;
            scored[t] = true;
        }
        return new Example(lag + 1, SequenceTask.oneHot(s, alphabet), y, scored);
    }

    @Override
    public Example sample(SplittableRandom rng) {
        return sequence(rng.nextBoolean());
    }

    @Override
    public long maxSteps() {
        return lag + 1L;
    }

    @Override
    public long storedSteps() {
        return 2 * maxSteps();
    }

    @Override
    public List<Example> testSet(long seed) {
        return List.of(sequence(false), sequence(true));
    }

    @Override
    public boolean correct(Example e, float[] out) {
        int alphabet = lag + 1;
        for (int t = 0; t < e.steps(); t++) {
            if (!e.scored()[t]) {
                continue;
            }
            int best = 0;
            for (int j = 1; j < alphabet; j++) {
                if (out[t * alphabet + j] > out[t * alphabet + best]) {
                    best = j;
                }
            }
            if (e.targets()[t * alphabet + best] < 0.5f) {
                return false;
            }
        }
        int last = (e.steps() - 2) * alphabet; // the prediction of the final symbol
        for (int j = 0; j < alphabet; j++) {
            if (Math.abs(out[last + j] - e.targets()[last + j]) >= 0.25f) {
                return false;
            }
        }
        return true;
    }
}
