package io.rnn4j.gradcheck;

import io.rnn4j.f64.loss.MeanSquaredError;
import io.rnn4j.f64.loss.Targets;
import io.rnn4j.f64.nn.Dense;
import io.rnn4j.f64.nn.ForwardContext;
import io.rnn4j.f64.nn.Init;
import io.rnn4j.f64.nn.Layer;
import io.rnn4j.f64.nn.Parameter;
import io.rnn4j.f64.nn.RecurrentState;
import io.rnn4j.f64.nn.SequenceModel;
import io.rnn4j.f64.nn.SequenceModel.LossTerm;
import io.rnn4j.f64.nn.conv.ConvLstm;
import io.rnn4j.f64.nn.conv.ConvLstmEncoderForecaster;
import io.rnn4j.f64.nn.conv.ImageShape;
import io.rnn4j.f64.nn.recurrent.RecurrentConfig;
import io.rnn4j.f64.nn.recurrent.RecurrentLayer;
import io.rnn4j.f64.tensor.Seq;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The convolutional LSTM in double precision: finite differences through stacks (one and two
 * layers, with and without peepholes, kernels 1 and 3) and through the encoder–forecaster, for
 * every parameter and the frames; a ConvLSTM over 1 × 1 maps with a 1 × 1 kernel equal to the
 * (PyTorch-checked) LSTM with the same weights; and frames streamed in pieces equal to one pass.
 */
class ConvLstmGradientCheckTest {

    private static final int T = 3;
    private static final int B = 2;
    private static final ImageShape FRAME = new ImageShape(2, 4, 3); // C, H, W: not square, to catch a swapped axis

    private static double[] frames(int steps, long seed) {
        return GradientCheck.randn(new SplittableRandom(seed), steps * B * FRAME.size(), 1);
    }

    @ParameterizedTest(name = "layers {0}, kernel {1}, peepholes {2}")
    @CsvSource({"1, 3, false", "1, 3, true", "2, 3, true", "2, 1, false"})
    void stack(int layers, int kernel, boolean peepholes) {
        ConvLstm lstm = new ConvLstm(FRAME, 2, layers, kernel, peepholes);
        SequenceModel m = new SequenceModel(FRAME.size())
                .add("convlstm", lstm)
                .add("head", new Dense(lstm.outputShape().size(), 3));
        m.initialize(Init.PYTORCH, 5);
        double[] x = frames(T, 6);
        GradientCheck.checkModel(m, Map.of("input", Seq.ofValues(x, T, B, FRAME.size(), null)),
                List.of(new LossTerm("head", new MeanSquaredError(),
                        Targets.values(GradientCheck.randn(new SplittableRandom(7), T * B * 3, 1)), 1.0)), Map.of("input", x));
    }

    @ParameterizedTest(name = "layers {0}, peepholes {1}")
    @CsvSource({"1, true", "2, false"})
    void encoderForecaster(int layers, boolean peepholes) {
        int ahead = 2;
        ConvLstmEncoderForecaster ef = new ConvLstmEncoderForecaster(FRAME, 2, layers, 3, peepholes, ahead);
        SequenceModel m = new SequenceModel(FRAME.size())
                .add("convlstm", ef)
                .add("head", new Dense(ef.outputShape().size(), 2));
        m.initialize(Init.PYTORCH, 8);
        double[] x = frames(T, 9);
        GradientCheck.checkModel(m, Map.of("input", Seq.ofValues(x, T, B, FRAME.size(), null)),
                List.of(new LossTerm("head", new MeanSquaredError(),
                        Targets.values(GradientCheck.randn(new SplittableRandom(10), ahead * B * 2, 1)), 1.0)), Map.of("input", x));
    }

    /** Over 1 × 1 maps a 1 × 1 kernel is a matrix: the cell is the LSTM of PyTorch's equations. */
    @Test
    void onOnePixelItIsTheLstm() {
        int in = 3;
        int hidden = 4;
        ConvLstm conv = new ConvLstm(new ImageShape(in, 1, 1), hidden, 1, 1, false);
        conv.initialize(Init.PYTORCH, new SplittableRandom(11));
        RecurrentLayer lstm = new RecurrentLayer(RecurrentConfig.lstm(in, hidden), RecurrentLayer.Output.SEQUENCE);
        List<Parameter> from = conv.parameters(); // input_weight (4D, C, 1, 1), state_weight (4D, D, 1, 1), bias (4D)
        List<Parameter> to = lstm.parameters();   // weight_ih, weight_hh, bias_ih, bias_hh
        for (int p = 0; p < 3; p++) {
            System.arraycopy(from.get(p).data(), from.get(p).offset(), to.get(p).data(), to.get(p).offset(), to.get(p).size());
        }
        java.util.Arrays.fill(to.get(3).data(), to.get(3).offset(), to.get(3).offset() + to.get(3).size(), 0.0);
        double[] x = GradientCheck.randn(new SplittableRandom(12), 5 * B * in, 1);
        double[] a = conv.forward(Seq.ofValues(x, 5, B, in, null), ForwardContext.inference()).output().values;
        double[] b = lstm.forward(Seq.ofValues(x, 5, B, in, null), ForwardContext.inference()).output().values;
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 1e-12);
        }
    }

    @Test
    void framesStreamedInPiecesEqualOnePass() {
        ConvLstm lstm = new ConvLstm(FRAME, 3, 2, 3, true);
        lstm.initialize(Init.PYTORCH, new SplittableRandom(13));
        int steps = 5;
        double[] x = frames(steps, 14);
        double[] whole = lstm.forward(Seq.ofValues(x, steps, B, FRAME.size(), null), ForwardContext.inference()).output().values;
        RecurrentState state = lstm.newStreamingState(B);
        int n = lstm.outputShape().size();
        int at = 0;
        for (int piece : new int[] {2, 1, 2}) {
            double[] part = java.util.Arrays.copyOfRange(x, at * B * FRAME.size(), (at + piece) * B * FRAME.size());
            double[] out = lstm.step(Seq.ofValues(part, piece, B, FRAME.size(), null), state).values;
            for (int i = 0; i < out.length; i++) {
                assertEquals(whole[at * B * n + i], out[i], 1e-12);
            }
            at += piece;
        }
    }

    @Test
    void refusesWhatItCannotRun() {
        assertThrows(IllegalArgumentException.class, () -> new ConvLstm(FRAME, 2, 1, 2, false)); // even kernel
        ConvLstm lstm = new ConvLstm(FRAME, 2, 1, 3, false);
        assertThrows(IllegalArgumentException.class, () -> lstm.outputSize(FRAME.size() + 1));
        assertThrows(IllegalArgumentException.class, () -> lstm.forward(
                Seq.ofValues(frames(T, 1), T, B, FRAME.size(), new int[] {3, 2}), ForwardContext.inference()));
        Layer ef = new ConvLstmEncoderForecaster(FRAME, 2, 1, 3, false, 2);
        assertThrows(IllegalStateException.class, () -> ef.newStreamingState(1));
    }
}
