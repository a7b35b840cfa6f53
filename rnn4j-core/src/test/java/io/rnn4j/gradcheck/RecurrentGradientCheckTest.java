package io.rnn4j.gradcheck;

import io.rnn4j.f64.nn.Init;
import io.rnn4j.f64.nn.Parameter;
import io.rnn4j.f64.nn.ParameterSet;
import io.rnn4j.f64.nn.recurrent.Gru;
import io.rnn4j.f64.nn.recurrent.RecurrentConfig;
import io.rnn4j.f64.nn.recurrent.RecurrentConfig.CellType;
import io.rnn4j.f64.nn.recurrent.RecurrentConfig.Merge;
import io.rnn4j.f64.nn.recurrent.RecurrentStack;
import io.rnn4j.f64.nn.recurrent.SimpleRnn;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference gradient checks, in double precision through the generated double twin of
 * the shipped layer code, for every recurrent cell and mode: every parameter, the input and the
 * initial states (with two threads splitting the batch where it is large enough), under the loss {@code Σ output·W + Σ finalStates·V}.
 */
class RecurrentGradientCheckTest {

    record Mode(String name, int steps, int batch, int[] lengths, int layers, Merge bidir, float dropout, boolean initState) {
    }

    static List<RecurrentConfig> cells() {
        List<RecurrentConfig> cs = new ArrayList<>();
        cs.add(RecurrentConfig.rnn(3, 4));
        cs.add(RecurrentConfig.rnn(3, 4).nonlinearity(SimpleRnn.Nonlinearity.RELU));
        cs.add(RecurrentConfig.lstm(3, 4));
        cs.add(RecurrentConfig.lstm(3, 4).peepholes(true).forgetBias(1.0));
        cs.add(RecurrentConfig.gru(3, 4));
        cs.add(RecurrentConfig.gru(3, 4).gruVariant(Gru.Variant.RESET_BEFORE));
        cs.add(RecurrentConfig.clockwork(3, 4, 2).clockPeriods(List.of(1, 3)));
        return cs;
    }

    static List<Mode> modes() {
        return List.of(
                new Mode("T1_B1", 1, 1, null, 1, null, 0f, false),
                new Mode("init_state", 4, 2, null, 1, null, 0f, true),
                new Mode("masks", 5, 3, new int[] {5, 1, 3}, 1, null, 0f, true),
                new Mode("masks_with_empty", 4, 3, new int[] {0, 4, 2}, 1, null, 0f, false),
                new Mode("bidirectional_concat_masks", 5, 3, new int[] {5, 2, 4}, 1, Merge.CONCAT, 0f, true),
                new Mode("bidirectional_sum", 4, 2, null, 1, Merge.SUM, 0f, false),
                new Mode("stacked_3", 4, 2, new int[] {4, 3}, 3, null, 0f, true),
                new Mode("stacked_2_bidirectional_dropout", 4, 3, new int[] {2, 4, 3}, 2, Merge.CONCAT, 0.3f, true),
                // Enough rows for two threads to split the batch (uneven chunks 8 + 1).
                new Mode("row_parallel_bidirectional_masks", 3, 9, new int[] {3, 1, 2, 3, 0, 2, 3, 1, 2}, 2, Merge.SUM, 0f, true));
    }

    @TestFactory
    Stream<DynamicTest> everyCellAndMode() {
        List<DynamicTest> tests = new ArrayList<>();
        for (RecurrentConfig base : cells()) {
            for (Mode m : modes()) {
                String name = base.cell() + (base.peepholes() ? "_peephole" : "")
                        + (base.cell() == CellType.RNN ? "_" + base.nonlinearity() : "")
                        + (base.cell() == CellType.GRU ? "_" + base.gruVariant() : "") + "_" + m.name();
                tests.add(DynamicTest.dynamicTest(name, () -> check(base, m)));
            }
        }
        return tests.stream();
    }

    private static void check(RecurrentConfig base, Mode m) {
        int threadsBefore = io.rnn4j.kernel.Parallel.threads();
        io.rnn4j.kernel.Parallel.setThreads(2);
        try {
            checkWithThreads(base, m);
        } finally {
            io.rnn4j.kernel.Parallel.setThreads(threadsBefore);
        }
    }

    private static void checkWithThreads(RecurrentConfig base, Mode m) {
        RecurrentConfig cfg = base.layers(m.layers()).dropout(m.dropout());
        if (m.bidir() != null) {
            cfg = cfg.bidirectional(m.bidir());
        }
        RecurrentStack stack = new RecurrentStack(cfg);
        ParameterSet ps = new ParameterSet(stack.parameters());
        SplittableRandom rng = new SplittableRandom(42);
        stack.initialize(Init.PYTORCH, rng);
        if (cfg.peepholes()) {
            for (Parameter p : ps.parameters()) {
                if (p.name().contains("peephole")) {
                    Init.uniform(p, 0.5, rng);
                }
            }
        }
        int steps = m.steps();
        int batch = m.batch();
        int bh = batch * cfg.hiddenSize();
        int entries = cfg.numLayers() * cfg.directions();
        int sc = cfg.stateCount();
        double[] x = GradientCheck.randn(rng, steps * batch * cfg.inputSize(), 1.0);
        double[][][] init = null;
        if (m.initState()) {
            init = new double[entries][sc][];
            for (int k = 0; k < entries; k++) {
                for (int s = 0; s < sc; s++) {
                    init[k][s] = GradientCheck.randn(rng, bh, 0.5);
                    if (cfg.cell() == CellType.CLOCKWORK && s == 1) {
                        for (int b = 0; b < batch; b++) { // the clock: a step count, different per sample
                            java.util.Arrays.fill(init[k][s], b * cfg.hiddenSize(), (b + 1) * cfg.hiddenSize(), b + 1.0);
                        }
                    }
                }
            }
        }
        double[] wOut = GradientCheck.randn(rng, steps * batch * cfg.outputSize(), 1.0);
        double[][][] wFinal = new double[entries][sc][];
        for (int k = 0; k < entries; k++) {
            for (int s = 0; s < sc; s++) {
                wFinal[k][s] = GradientCheck.randn(rng, bh, 1.0);
            }
        }
        double[][][] initF = init;
        RecurrentConfig c = cfg;
        java.util.function.DoubleSupplier loss = () -> {
            RecurrentStack.StackCache cache = stack.forward(x, steps, batch, m.lengths(), initF,
                    c.dropout() > 0 ? new SplittableRandom(7) : null);
            double l = GradientCheck.dot(cache.output, wOut);
            for (int k = 0; k < entries; k++) {
                for (int s = 0; s < sc; s++) {
                    l += GradientCheck.dot(cache.finalState[k][s], wFinal[k][s]);
                }
            }
            return l;
        };
        ps.zeroGrad();
        RecurrentStack.StackCache cache = stack.forward(x, steps, batch, m.lengths(), init,
                cfg.dropout() > 0 ? new SplittableRandom(7) : null);
        double[] dx = new double[x.length];
        double[][][] dInit = stack.backward(cache, wOut, wFinal, dx);

        int checked = 0;
        for (Parameter p : ps.parameters()) {
            checked += GradientCheck.check(p.name(), ps.values(), p.offset(), p.size(), ps.grads(), p.offset(), loss);
        }
        checked += GradientCheck.check("x", x, 0, x.length, dx, 0, loss);
        if (init != null) {
            for (int k = 0; k < entries; k++) {
                for (int s = 0; s < sc; s++) {
                    checked += GradientCheck.check("init[" + k + "][" + s + "]", init[k][s], 0, bh, dInit[k][s], 0, loss);
                }
            }
        }
        assertTrue(checked > ps.size(), "checked every parameter and the input");
    }
}
