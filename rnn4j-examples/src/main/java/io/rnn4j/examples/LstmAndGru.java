package io.rnn4j.examples;

import io.rnn4j.nn.recurrent.RecurrentConfig.CellType;
import io.rnn4j.tasks.AddingProblem;
import io.rnn4j.tasks.TaskTrainer;
import io.rnn4j.train.TrainingAlgorithm;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Tutorial chapter 4: gates against the vanishing gradient. Hochreiter and Schmidhuber's (1997)
 * adding problem: a sequence of at least T random values, two of them marked (one among the
 * first ten, one in the first half), and at the end the network must output their sum. The
 * marks lie dozens of steps before the answer; a tanh RNN's error signal fades over that span,
 * the LSTM's cell and the GRU's update path carry it:
 * <pre>
 *   LSTM   c_t = f_t ⊙ c_{t−1} + i_t ⊙ g_t          h_t = o_t ⊙ tanh(c_t)
 *          i, f, o = σ(W_{i,f,o}·[x_t; h_{t−1}] + b),  g_t = tanh(W_g·[x_t; h_{t−1}] + b_g)
 *   GRU    h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1}
 *          z, r = σ(W_{z,r}·[x_t; h_{t−1}] + b),  n_t = tanh(W_n·x_t + r_t ⊙ (U_n·h_{t−1}) + b_n)
 * </pre>
 * Each cell gets the same budget of training sequences; a run passes when at most 1 of 2,560
 * held-out sequences is answered with an error of 0.04 or more (the paper's criterion).
 */
public final class LstmAndGru {

    /** Per cell: whether it passed, and after how many training sequences. */
    public record Result(Map<CellType, TaskTrainer.Result> runs) {
    }

    private LstmAndGru() {
    }

    public static void main(String... args) {
        run(Arrays.asList(args).contains("--short"), System.out);
    }

    public static Result run(boolean quick, PrintStream out) {
        int length = quick ? 50 : 100;
        long budget = quick ? 20_000 : 100_000;
        out.printf(Locale.ROOT, "adding problem, T = %d: 16 hidden units, BPTT on batches of 8, Adam 0.003, up to %,d training"
                + " sequences; the LSTM's forget gate starts open (bias 8) and its input gate shut (bias -3)%n", length, budget);
        Map<CellType, TaskTrainer.Result> runs = new EnumMap<>(CellType.class);
        for (CellType cell : new CellType[] {CellType.RNN, CellType.LSTM, CellType.GRU}) {
            TaskTrainer.Settings settings = TaskTrainer.Settings.builder().algorithm(TrainingAlgorithm.BPTT).cell(cell)
                    .hidden(16).forgetBias(cell == CellType.LSTM ? 8f : null).inputBias(cell == CellType.LSTM ? -3f : null)
                    .batch(8).learningRate(0.003).maxSequences(budget).maxSeconds(120).seed(1).build();
            TaskTrainer.Result r = new TaskTrainer(new AddingProblem(length), settings).run(null);
            runs.put(cell, r);
            out.printf(Locale.ROOT, "%-5s %4d weights  %s after %,6d sequences  (test errors %d of %d)  %.1f s%n",
                    cell.name().toLowerCase(Locale.ROOT), r.weights(), r.pass() ? "pass" : "FAIL", r.sequences(), r.testErrors(),
                    r.testSize(), r.seconds());
        }
        return new Result(runs);
    }
}
