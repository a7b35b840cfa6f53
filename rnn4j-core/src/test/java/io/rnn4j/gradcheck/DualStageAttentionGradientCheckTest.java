package io.rnn4j.gradcheck;

import io.rnn4j.f64.loss.MeanSquaredError;
import io.rnn4j.f64.loss.Targets;
import io.rnn4j.f64.nn.Dense;
import io.rnn4j.f64.nn.ForwardContext;
import io.rnn4j.f64.nn.Init;
import io.rnn4j.f64.nn.LastValidStep;
import io.rnn4j.f64.nn.Layer;
import io.rnn4j.f64.nn.SequenceModel;
import io.rnn4j.f64.nn.SequenceModel.LossTerm;
import io.rnn4j.f64.nn.attention.Attention;
import io.rnn4j.f64.nn.attention.AttentionDecoder;
import io.rnn4j.f64.nn.attention.InputAttentionEncoder;
import io.rnn4j.f64.nn.recurrent.RecurrentConfig;
import io.rnn4j.f64.nn.recurrent.RecurrentLayer;
import io.rnn4j.f64.tensor.Seq;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DA-RNN's two attentions in double precision: finite differences through the input-attention
 * encoder alone and through the whole dual-stage network (encoder, temporal attention decoder over
 * its states, head), for every parameter and both inputs; the input attention's weights summing to
 * one over the series; and its first step equal to the cell run on the weighted inputs.
 */
class DualStageAttentionGradientCheckTest {

    private static final int T = 4;      // window
    private static final int B = 3;
    private static final int N = 3;      // driving series
    private static final int M = 4;      // encoder units

    private static double[] drivers(long seed) {
        return GradientCheck.randn(new SplittableRandom(seed), T * B * N, 1);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = RecurrentConfig.CellType.class, names = {"LSTM", "GRU", "RNN"})
    void encoderAlone(RecurrentConfig.CellType cell) {
        SequenceModel m = SequenceModel.graph()
                .input("driving", N)
                .add("encoder", new InputAttentionEncoder(RecurrentConfig.of(cell, N, M), T, 5), "driving")
                .add("head", new Dense(M, 2), "encoder");
        m.initialize(Init.PYTORCH, 7);
        double[] x = drivers(8);
        Map<String, Seq> in = Map.of("driving", Seq.ofValues(x, T, B, N, null));
        GradientCheck.checkModel(m, in, List.of(new LossTerm("head", new MeanSquaredError(),
                Targets.values(GradientCheck.randn(new SplittableRandom(9), T * B * 2, 1)), 1.0)), Map.of("driving", x));
    }

    /** The DA-RNN forecaster's graph in small: horizon 3 from the last decoder state. */
    @ParameterizedTest(name = "{0}")
    @EnumSource(value = RecurrentConfig.CellType.class, names = {"LSTM", "GRU"})
    void wholeDualStageNetwork(RecurrentConfig.CellType cell) {
        int history = 2;
        int decoderUnits = 5; // differs from M, so the bridge from the encoder's summary is checked too
        SequenceModel m = SequenceModel.graph()
                .input("driving", N)
                .input("history", history)
                .add("encoder", new InputAttentionEncoder(RecurrentConfig.of(cell, N, M), T, T), "driving")
                .add("summary", LastValidStep.of(), "encoder")
                .add("decoder", new AttentionDecoder(RecurrentConfig.of(cell, history, decoderUnits), M, M,
                        Attention.Score.ADDITIVE, 3, false), "history", "encoder", "summary")
                .add("last", LastValidStep.of(), "decoder")
                .add("head", new Dense(decoderUnits, 3), "last");
        m.initialize(Init.PYTORCH, 21);
        double[] x = drivers(22);
        double[] y = GradientCheck.randn(new SplittableRandom(23), T * B * history, 1);
        Map<String, Seq> in = new LinkedHashMap<>();
        in.put("driving", Seq.ofValues(x, T, B, N, null));
        in.put("history", Seq.ofValues(y, T, B, history, null));
        GradientCheck.checkModel(m, in, List.of(new LossTerm("head", new MeanSquaredError(),
                Targets.values(GradientCheck.randn(new SplittableRandom(24), B * 3, 1)), 1.0)), Map.of("driving", x, "history", y));
    }

    @Test
    void inputAttentionWeighsTheSeriesAndTheCellReadsTheWeightedStep() {
        InputAttentionEncoder encoder = new InputAttentionEncoder(RecurrentConfig.lstm(N, M), T, 5);
        encoder.initialize(Init.PYTORCH, new SplittableRandom(3));
        double[] x = drivers(4);
        Layer.Pass pass = encoder.forward(Seq.ofValues(x, T, B, N, null), ForwardContext.inference());
        double[] alpha = InputAttentionEncoder.weights(pass);
        assertEquals(T * B * N, alpha.length);
        for (int r = 0; r < T * B; r++) {
            double sum = 0;
            for (int k = 0; k < N; k++) {
                assertTrue(alpha[r * N + k] > 0);
                sum += alpha[r * N + k];
            }
            assertEquals(1.0, sum, 1e-12);
        }
        // at t = 0 the query is the zero state, so the weights differ between samples only
        // through the windows' keys; the output is one LSTM step of α_0 ⊙ x_0 from zero
        double[] weighted = new double[B * N];
        for (int i = 0; i < B * N; i++) {
            weighted[i] = alpha[i] * x[i];
        }
        RecurrentLayer lstm = new RecurrentLayer(RecurrentConfig.lstm(N, M), RecurrentLayer.Output.SEQUENCE);
        // the same cell weights: the encoder's first parameters are the cell's, in PyTorch's order
        for (int p = 0; p < lstm.parameters().size(); p++) {
            var from = encoder.parameters().get(p);
            var to = lstm.parameters().get(p);
            System.arraycopy(from.data(), from.offset(), to.data(), to.offset(), to.size());
        }
        double[] expected = lstm.forward(Seq.ofValues(weighted, 1, B, N, null), ForwardContext.inference()).output().values;
        double[] actual = pass.output().values;
        for (int i = 0; i < B * M; i++) {
            assertEquals(expected[i], actual[i], 1e-12);
        }
    }

    @Test
    void refusesWhatItCannotRead() {
        InputAttentionEncoder encoder = new InputAttentionEncoder(RecurrentConfig.gru(N, M), T, 5);
        encoder.initialize(Init.PYTORCH, new SplittableRandom(3));
        IllegalArgumentException shorter = assertThrows(IllegalArgumentException.class,
                () -> encoder.forward(Seq.ofValues(new double[2 * B * N], 2, B, N, null), ForwardContext.inference()));
        assertTrue(shorter.getMessage().contains("windows of 4 steps"), shorter.getMessage());
        IllegalArgumentException padded = assertThrows(IllegalArgumentException.class,
                () -> encoder.forward(Seq.ofValues(drivers(1), T, B, N, new int[] {4, 3, 4}), ForwardContext.inference()));
        assertTrue(padded.getMessage().contains("whole windows"), padded.getMessage());
        assertThrows(IllegalStateException.class, () -> encoder.newStreamingState(1));
        assertThrows(IllegalArgumentException.class,
                () -> new InputAttentionEncoder(RecurrentConfig.gru(N, M).layers(2), T, 5));
    }
}
