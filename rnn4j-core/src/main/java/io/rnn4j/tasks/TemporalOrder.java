package io.rnn4j.tasks;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Temporal order, task 6a of Hochreiter &amp; Schmidhuber (1997), section 5.6, Table 9. A
 * sequence of length 100–110 starts with E and ends with B; between them are random distractors
 * a, b, c, d, except at two positions t₁ ∈ [10, 20] and t₂ ∈ [50, 60] that hold X or Y. The
 * order of the two relevant symbols gives the class at the last step: XX → Q, XY → R, YX → S,
 * YY → U. Inputs are the 8 symbols one-hot; the 4 sigmoid outputs are one-hot targets. A
 * sequence is right when every output is within 0.3 of its target at the last step; pass: at
 * most 1 of 2560 test sequences wrong.
 */
public final class TemporalOrder implements SequenceTask {

    // a b c d E B X Y
    private static final int E = 4, B = 5, X = 6, Y = 7;

    @Override
    public String name() {
        return "temporal-order";
    }

    @Override
    public String source() {
        return "Hochreiter & Schmidhuber 1997, Table 9 (task 6a)";
    }

    @Override
    public String criterion() {
        return "at most 1 of 2560 test sequences with an output error >= 0.3 at the last step";
    }

    @Override
    public int inputSize() {
        return 8;
    }

    @Override
    public int outputSize() {
        return 4;
    }

    @Override
    public Example sample(SplittableRandom rng) {
        int steps = 100 + rng.nextInt(11);
        int[] s = new int[steps];
        for (int t = 1; t < steps - 1; t++) {
            s[t] = rng.nextInt(4);
        }
        s[0] = E;
        s[steps - 1] = B;
        int t1 = 10 + rng.nextInt(11);
        int t2 = 50 + rng.nextInt(11);
        boolean firstY = rng.nextBoolean();
        boolean secondY = rng.nextBoolean();
        s[t1] = firstY ? Y : X;
        s[t2] = secondY ? Y : X;
        float[] y = new float[steps * 4];
        boolean[] scored = new boolean[steps];
        y[(steps - 1) * 4 + (firstY ? 2 : 0) + (secondY ? 1 : 0)] = 1f;
        scored[steps - 1] = true;
        return new Example(steps, SequenceTask.oneHot(s, 8), y, scored);
    }

    @Override
    public long maxSteps() {
        return 110;
    }

    @Override
    public long storedSteps() {
        return 2560L * maxSteps();
    }

    @Override
    public List<Example> testSet(long seed) {
        return SequenceTask.draw(this, 2560, seed ^ 0x0DE2L);
    }

    @Override
    public boolean correct(Example e, float[] out) {
        int base = (e.steps() - 1) * 4;
        for (int j = 0; j < 4; j++) {
            if (Math.abs(out[base + j] - e.targets()[base + j]) >= 0.3f) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int allowedErrors() {
        return 1;
    }
}
