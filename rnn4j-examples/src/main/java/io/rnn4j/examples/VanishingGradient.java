package io.rnn4j.examples;

import io.rnn4j.nn.recurrent.RecurrentConfig.CellType;
import io.rnn4j.tasks.GradientFlow;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Tutorial chapter 3: the vanishing gradient, measured. The loss sits at the last step t of an
 * adding-problem sequence; how much can the input k steps earlier still move it?
 * <pre>
 *   g(k) = mean over sequences of ‖∂L/∂x_{t−k}‖₂
 *   ∂s_t/∂s_{t−1} = diag(1 − s_t²)·W      (tanh RNN: g(k) shrinks by about this factor per step)
 *   ∂c_t/∂c_{t−1} = diag(f_t)             (LSTM: the cell path multiplies by the forget gate only)
 * </pre>
 * The networks are freshly initialised (as PyTorch initialises them) and untrained.
 */
public final class VanishingGradient {

    static final int HIDDEN = 32;

    /** g(k) for k = 0 … T−1, per cell. */
    public record Result(Map<CellType, double[]> gradients) {
    }

    private VanishingGradient() {
    }

    public static void main(String... args) {
        run(Arrays.asList(args).contains("--short"), System.out);
    }

    public static Result run(boolean quick, PrintStream out) {
        int length = quick ? 40 : 100;
        int sequences = quick ? 16 : 64;
        Map<CellType, double[]> g = new EnumMap<>(CellType.class);
        for (CellType cell : new CellType[] {CellType.RNN, CellType.LSTM, CellType.GRU}) {
            g.put(cell, GradientFlow.measure(cell, HIDDEN, null, length, sequences, 0, 1));
        }
        out.printf(Locale.ROOT, "||dL/dx_{t-k}|| relative to k = 0 (%d units, %d adding-problem sequences of length %d)%n",
                HIDDEN, sequences, length);
        out.printf(Locale.ROOT, "%6s %12s %12s %12s%n", "k", "rnn", "lstm", "gru");
        for (int k = 0; k < length; k += length / 10) {
            out.printf(Locale.ROOT, "%6d %12.3e %12.3e %12.3e%n", k, g.get(CellType.RNN)[k] / g.get(CellType.RNN)[0],
                    g.get(CellType.LSTM)[k] / g.get(CellType.LSTM)[0], g.get(CellType.GRU)[k] / g.get(CellType.GRU)[0]);
        }
        return new Result(g);
    }
}
