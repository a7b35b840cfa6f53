package io.rnn4j.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The context-free aⁿbⁿ and context-sensitive aⁿbⁿcⁿ languages as next-symbol prediction (Gers
 * &amp; Schmidhuber 2001; with the decoupled EKF, Pérez-Ortiz et al. 2003). A string is
 * S aⁿ bⁿ [cⁿ] T with start and end symbols S and T, presented one-hot. At each step the targets
 * are all symbols that may come next: after S only a; after an a, a or b; then b until the n-th b;
 * then c (or T for aⁿbⁿ) and so on; so once the first b is seen, every symbol is determined by
 * counting. A string is right when every output is on the right side of 0.5 at every step.
 *
 * <p>Training uses n = 1 … {@code maxTrainN} (10 in the papers); generalisation is the largest
 * n up to which every string 1 … n is right.
 */
public final class CountingLanguage implements SequenceTask {

    private final int letters;
    private final int maxTrainN;

    /**
     * @param letters   2 for aⁿbⁿ, 3 for aⁿbⁿcⁿ
     * @param maxTrainN the largest n trained on
     */
    public CountingLanguage(int letters, int maxTrainN) {
        if (letters != 2 && letters != 3) {
            throw new IllegalArgumentException("letters must be 2 (a^n b^n) or 3 (a^n b^n c^n), got " + letters);
        }
        if (maxTrainN < 1) {
            throw new IllegalArgumentException("maxTrainN must be >= 1, got " + maxTrainN);
        }
        this.letters = letters;
        this.maxTrainN = maxTrainN;
    }

    public int letters() {
        return letters;
    }

    public int maxTrainN() {
        return maxTrainN;
    }

    @Override
    public String name() {
        return letters == 2 ? "anbn" : "anbncn";
    }

    @Override
    public String source() {
        return letters == 2 ? "Gers & Schmidhuber 2001" : "Gers & Schmidhuber 2001; Perez-Ortiz et al. 2003";
    }

    @Override
    public String criterion() {
        return "trained on n <= " + maxTrainN + ": every prediction right for n = 1.." + maxTrainN
                + "; reported: the largest n such that all strings 1..n are right";
    }

    /** Symbols: S = 0, a = 1, b = 2, [c = 3], T = letters + 1. */
    @Override
    public int inputSize() {
        return letters + 2;
    }

    @Override
    public int outputSize() {
        return letters + 2;
    }

    /** The string for n and its next-symbol targets. */
    public Example string(int n) {
        int width = letters + 2;
        int end = letters + 1;
        int steps = letters * n + 2;
        int[] s = new int[steps];
        s[0] = 0;
        for (int l = 0; l < letters; l++) {
            for (int i = 0; i < n; i++) {
                s[1 + l * n + i] = l + 1;
            }
        }
        s[steps - 1] = end;
        float[] y = new float[steps * width];
        boolean[] scored = new boolean[steps];
        for (int t = 0; t < steps - 1; t++) {
            scored[t] = true;
            int next = s[t + 1];
            y[t * width + next] = 1f;
            if (s[t] == 1 && next == 1) {
                y[t * width + 2] = 1f; // after an a, b may come too
            } else if (s[t] == 1 && next == 2) {
                y[t * width + 1] = 1f; // ... and a may too (the count is not known yet)
            }
        }
        return new Example(steps, SequenceTask.oneHot(s, width), y, scored);
    }

    @Override
    public Example sample(SplittableRandom rng) {
        return string(1 + rng.nextInt(maxTrainN));
    }

    /** Training strings go to n = maxTrainN; the generalisation check, one string at a time, further. */
    @Override
    public long maxSteps() {
        return (long) letters * Math.max(maxTrainN, TaskTrainer.GENERALISATION_LIMIT) + 2;
    }

    @Override
    public long storedSteps() {
        return (long) letters * maxTrainN * (maxTrainN + 1) / 2 + 2L * maxTrainN;
    }

    @Override
    public List<Example> testSet(long seed) {
        List<Example> out = new ArrayList<>();
        for (int n = 1; n <= maxTrainN; n++) {
            out.add(string(n));
        }
        return out;
    }

    @Override
    public boolean correct(Example e, float[] out) {
        int width = letters + 2;
        for (int t = 0; t < e.steps(); t++) {
            if (!e.scored()[t]) {
                continue;
            }
            for (int j = 0; j < width; j++) {
                boolean on = out[t * width + j] > 0.5f;
                if (on != (e.targets()[t * width + j] > 0.5f)) {
                    return false;
                }
            }
        }
        return true;
    }
}
