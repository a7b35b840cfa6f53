package io.rnn4j.tasks;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The adding problem of Hochreiter &amp; Schmidhuber (1997), section 5.4, Table 7. Each step
 * carries a pair: a value uniform in [−1, 1] and a marker. The sequence length is drawn from
 * [T, T + T/10]; exactly two steps are marked 1.0, one of the first 10 and one of the first T/2
 * − 1 (distinct); the first and last steps are marked −1.0 when not marked already; all others
 * are 0. (When the first value is marked, its value is set to 0, as in the paper.) At the last step
 * the linear output must give
 * <pre>
 *   0.5 + (X₁ + X₂) / 4.0
 * </pre>
 * where X₁ and X₂ are the two marked values. A sequence is wrong when the absolute error is
 * 0.04 or more; pass: at most 1 of 2560 test sequences wrong.
 */
public final class AddingProblem implements SequenceTask {

    private final int length;

    /** @param length the minimal sequence length T (the paper: 100, 500, 1000) */
    public AddingProblem(int length) {
        if (length < 20) {
            throw new IllegalArgumentException("the adding problem needs T >= 20, got " + length);
        }
        this.length = length;
    }

    public int length() {
        return length;
    }

    @Override
    public String name() {
        return "adding";
    }

    @Override
    public String source() {
        return "Hochreiter & Schmidhuber 1997, Table 7";
    }

    @Override
    public String criterion() {
        return "T=" + length + ": at most 1 of 2560 test sequences with absolute error >= 0.04";
    }

    @Override
    public int inputSize() {
        return 2;
    }

    @Override
    public int outputSize() {
        return 1;
    }

    @Override
    public boolean linearOutput() {
        return true;
    }

    @Override
    public Example sample(SplittableRandom rng) {
        int steps = length + rng.nextInt(length / 10 + 1);
        float[] x = new float[steps * 2];
        for (int t = 0; t < steps; t++) {
            x[t * 2] = (float) rng.nextDouble(-1, 1);
        }
        int first = rng.nextInt(10);
        int second;
        do {
            second = rng.nextInt(length / 2 - 1);
        } while (second == first);
        x[first * 2 + 1] = 1f;
        x[second * 2 + 1] = 1f;
        if (first == 0 || second == 0) {
            x[0] = 0f;
        }
        if (x[1] == 0f) {
            x[1] = -1f;
        }
        if (x[(steps - 1) * 2 + 1] == 0f) {
            x[(steps - 1) * 2 + 1] = -1f;
        }
        float[] y = new float[steps];
        boolean[] scored = new boolean[steps];
        y[steps - 1] = 0.5f + (x[first * 2] + x[second * 2]) / 4f;
        scored[steps - 1] = true;
        return new Example(steps, x, y, scored);
    }

    @Override
    public long maxSteps() {
        return length + length / 10;
    }

    @Override
    public long storedSteps() {
        return TEST_SET * maxSteps();
    }

    private static final int TEST_SET = 2560;

    @Override
    public List<Example> testSet(long seed) {
        return SequenceTask.draw(this, TEST_SET, seed ^ 0xADD5L);
    }

    @Override
    public boolean correct(Example e, float[] out) {
        int last = e.steps() - 1;
        return Math.abs(out[last] - e.targets()[last]) < 0.04f;
    }

    @Override
    public int allowedErrors() {
        return 1;
    }
}
