package io.rnn4j.examples;

import io.rnn4j.nn.recurrent.RecurrentConfig.CellType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every tutorial program's short mode runs and shows what its chapter says it shows (the full
 * modes print the outputs quoted in docs/tutorial).
 */
class ExamplesTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void chapter1ElmanNetworkLearnsTheTextByBptt() {
        ElmanBptt.Result r = ElmanBptt.run(true, out);
        assertTrue(r.lastLoss() < 0.5 * r.firstLoss(), r.firstLoss() + " -> " + r.lastLoss());
        assertTrue(printed().contains("after training, \"the d\" continues as"), printed());
        assertFalse(r.continuation().isEmpty());
    }

    @Test
    void chapter2RtrlAndTheEkfLearnOnlineWithoutUnrolling() {
        RtrlAndEkf.Result r = RtrlAndEkf.run(true, out);
        assertTrue(r.afterRtrl() < r.before() - 0.5, "RTRL: " + r.before() + " -> " + r.afterRtrl());
        assertTrue(r.afterEkf() < r.before() - 0.5, "EKF: " + r.before() + " -> " + r.afterEkf());
        assertTrue(r.multiplyAddsPerStep() > 0);
    }

    @Test
    void chapter3TheRnnsGradientVanishesFasterThanTheGatedCells() {
        VanishingGradient.Result r = VanishingGradient.run(true, out);
        double[] rnn = r.gradients().get(CellType.RNN);
        int k = 30;
        double kept = rnn[k] / rnn[0];
        assertTrue(kept < 1e-5, "the RNN's g(30)/g(0) = " + kept);
        for (CellType gated : new CellType[] {CellType.LSTM, CellType.GRU}) {
            double[] g = r.gradients().get(gated);
            assertTrue(g[k] / g[0] > 10 * kept, gated + " keeps more: " + g[k] / g[0] + " against the RNN's " + kept);
        }
    }

    @Test
    void chapter4TheLstmLearnsTheAddingProblemThatTheRnnCannot() {
        LstmAndGru.Result r = LstmAndGru.run(true, out);
        assertFalse(r.runs().get(CellType.RNN).pass(), printed());
        assertTrue(r.runs().get(CellType.LSTM).pass(), printed());
        // the GRU's outcome at this budget is reported, not asserted (chapter 4 discusses it)
        assertTrue(printed().contains("gru "), printed());
    }

    @Test
    void chapter5TheClockworkRnnGeneratesTheWaveformBest() {
        ClockworkRnn.Result r = ClockworkRnn.run(true, out);
        double cw = r.runs().get(CellType.CLOCKWORK).nmse();
        assertTrue(cw < r.runs().get(CellType.RNN).nmse() && cw < r.runs().get(CellType.LSTM).nmse(), printed());
        assertTrue(cw < 0.5, "NMSE " + cw);
    }

    @Test
    void chapter6TheLanguageModelWritesItsText() {
        TextGeneration.Result r = TextGeneration.run(true, out);
        assertTrue(r.lastLoss() < 0.5 * r.firstLoss(), r.firstLoss() + " -> " + r.lastLoss());
        assertTrue(r.cool().length() == 120 && r.warm().length() == 120, printed());
        assertTrue(printed().contains("temperature 0.5: It was the "), printed());
    }
}
