package io.rnn4j.examples;

import io.rnn4j.nn.recurrent.RecurrentConfig.CellType;
import io.rnn4j.tasks.WaveformGenerationTask;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Tutorial chapter 5: the Clockwork RNN (Koutník et al. 2014). The hidden layer is split into g
 * modules with periods T_i = 1, 2, 4, …; at step t only the modules with t mod T_i = 0 update,
 * and a module reads only itself and slower modules:
 * <pre>
 *   s_t^(i) = tanh(W_I^(i)·x_t + Σ_{j ≥ i} W_H^(i,j)·s_{t−1}^(j))   if t mod T_i = 0
 *   s_t^(i) = s_{t−1}^(i)                                           otherwise
 * </pre>
 * The slow modules keep a long memory cheaply. The paper's first task: generate a 320-step
 * waveform from no input at all, the network's only clock being its own periods. Error is the
 * normalised mean squared error (1 = as bad as always answering the mean).
 */
public final class ClockworkRnn {

    /** NMSE per cell after the same number of updates. */
    public record Result(Map<CellType, WaveformGenerationTask.Result> runs) {
    }

    private ClockworkRnn() {
    }

    public static void main(String... args) {
        run(Arrays.asList(args).contains("--short"), System.out);
    }

    public static Result run(boolean quick, PrintStream out) {
        int iterations = quick ? 300 : 2_000;
        out.printf(Locale.ROOT, "waveform generation: %d steps from no input, %,d updates each%n",
                WaveformGenerationTask.LENGTH, iterations);
        Map<CellType, WaveformGenerationTask.Result> runs = new EnumMap<>(CellType.class);
        for (CellType cell : new CellType[] {CellType.RNN, CellType.LSTM, CellType.CLOCKWORK}) {
            // the learning rates a sweep found best for each (docs/results.md)
            double lr = cell == CellType.CLOCKWORK ? 0.01 : 0.001;
            WaveformGenerationTask.Result r = new WaveformGenerationTask(cell, iterations, lr, 1).run();
            runs.put(cell, r);
            out.printf(Locale.ROOT, "%-9s %4d weights  NMSE %.4f  %.1f s%n", cell.name().toLowerCase(Locale.ROOT), r.weights(),
                    r.nmse(), r.seconds());
        }
        return new Result(runs);
    }
}
