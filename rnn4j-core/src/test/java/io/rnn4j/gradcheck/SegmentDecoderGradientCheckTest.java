package io.rnn4j.gradcheck;

import io.rnn4j.f64.loss.MeanAbsoluteError;
import io.rnn4j.f64.loss.MeanSquaredError;
import io.rnn4j.f64.loss.Targets;
import io.rnn4j.f64.nn.Activation;
import io.rnn4j.f64.nn.Dense;
import io.rnn4j.f64.nn.ForwardContext;
import io.rnn4j.f64.nn.Init;
import io.rnn4j.f64.nn.Parameter;
import io.rnn4j.f64.nn.SequenceModel;
import io.rnn4j.f64.nn.SequenceModel.LossTerm;
import io.rnn4j.f64.nn.recurrent.ParallelSegmentDecoder;
import io.rnn4j.f64.nn.recurrent.RecurrentConfig;
import io.rnn4j.f64.nn.recurrent.RecurrentLayer;
import io.rnn4j.f64.nn.recurrent.RecurrentStack;
import io.rnn4j.f64.tensor.Seq;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SegRNN's parallel segment decoder in double precision: finite differences through the whole
 * segment-recurrent model (embedding, GRU encoder, decoder sharing the encoder's weights, head)
 * for every parameter and the input, with and without channel embeddings; and each decoded
 * segment equal to one step of the encoder's own GRU from its last state.
 */
class SegmentDecoderGradientCheckTest {

    private static final int SEGMENT = 2;   // w
    private static final int IN_SEGMENTS = 3; // n
    private static final int OUT_SEGMENTS = 3; // m
    private static final int HIDDEN = 4;    // D
    private static final int CHANNELS = 3;  // C
    private static final int WINDOWS = 2;

    private static SequenceModel model(boolean channelIds) {
        RecurrentLayer rnn = new RecurrentLayer(RecurrentConfig.gru(HIDDEN, HIDDEN), RecurrentLayer.Output.LAST);
        return new SequenceModel(SEGMENT)
                .add("embed", new Dense(SEGMENT, HIDDEN))
                .add("act", new Activation(Activation.Kind.TANH)) // smooth, so finite differences hold everywhere
                .add("rnn", rnn)
                .add("decoder", new ParallelSegmentDecoder(rnn, OUT_SEGMENTS, CHANNELS, channelIds))
                .add("head", new Dense(HIDDEN, SEGMENT))
                .initialize(Init.PYTORCH, 11);
    }

    private static void check(boolean channelIds) {
        SequenceModel m = model(channelIds);
        SplittableRandom rng = new SplittableRandom(5);
        int rows = WINDOWS * CHANNELS;
        double[] x = GradientCheck.randn(rng, IN_SEGMENTS * rows * SEGMENT, 1);
        double[] y = GradientCheck.randn(rng, OUT_SEGMENTS * rows * SEGMENT, 1);
        Seq in = Seq.ofValues(x, IN_SEGMENTS, rows, SEGMENT, null);
        GradientCheck.checkModel(m, Map.of("input", in),
                List.of(new LossTerm("head", new MeanSquaredError(), Targets.values(y), 1.0)), Map.of("input", x));
    }

    @Test
    void gradientsWithChannelEmbeddings() {
        check(true);
    }

    @Test
    void gradientsWithPositionEmbeddingsOnly() {
        check(false);
    }

    @Test
    void sharedWeightsAreStoredOnceAndGetBothPathsGradients() {
        SequenceModel m = model(true);
        // embed (w·D + D), GRU (2·3D·D + 2·3D), pos (m·D/2), channels (C·D/2), head (D·w + w)
        int expected = SEGMENT * HIDDEN + HIDDEN + 2 * 3 * HIDDEN * HIDDEN + 2 * 3 * HIDDEN
                + OUT_SEGMENTS * HIDDEN / 2 + CHANNELS * HIDDEN / 2 + HIDDEN * SEGMENT + SEGMENT;
        assertEquals(expected, m.parameters().size());
        assertTrue(m.parameters().names().stream().filter(n -> n.contains("weight_hh")).count() == 1,
                "the decoder's GRU weights are the encoder's: " + m.parameters().names());
    }

    @Test
    void eachSegmentIsOneStepOfTheEncodersGru() {
        SequenceModel m = model(true);
        RecurrentLayer rnn = (RecurrentLayer) m.layers().get("rnn");
        ParallelSegmentDecoder decoder = (ParallelSegmentDecoder) m.layers().get("decoder");
        Map<String, Parameter> byName = new java.util.HashMap<>();
        for (Parameter p : decoder.parameters()) {
            byName.put(p.name(), p);
        }
        SplittableRandom rng = new SplittableRandom(9);
        int rows = WINDOWS * CHANNELS;
        double[] h = GradientCheck.randn(rng, rows * HIDDEN, 1);
        Seq out = decoder.forward(Seq.ofValues(h, 1, rows, HIDDEN, null), ForwardContext.inference()).output();
        RecurrentStack stack = rnn.stack();
        Parameter pos = byName.get("pos_emb");
        Parameter chan = byName.get("channel_emb");
        for (int j = 0; j < OUT_SEGMENTS; j++) {
            double[] e = new double[rows * HIDDEN];
            for (int b = 0; b < rows; b++) {
                for (int k = 0; k < HIDDEN / 2; k++) {
                    e[b * HIDDEN + k] = pos.get(j * HIDDEN / 2 + k);
                    e[b * HIDDEN + HIDDEN / 2 + k] = chan.get((b % CHANNELS) * HIDDEN / 2 + k);
                }
            }
            double[] step = stack.forward(e, 1, rows, null, new double[][][]{{h.clone()}}, null).output;
            for (int i = 0; i < rows * HIDDEN; i++) {
                assertEquals(step[i], out.values[j * rows * HIDDEN + i], 1e-12, "segment " + j + " value " + i);
            }
        }
    }

    @Test
    void refusesWhatItCannotDecode() {
        RecurrentLayer lstm = new RecurrentLayer(RecurrentConfig.lstm(HIDDEN, HIDDEN), RecurrentLayer.Output.LAST);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ParallelSegmentDecoder(lstm, 2, 1, false))
                .getMessage().contains("GRU"));
        RecurrentLayer gru = new RecurrentLayer(RecurrentConfig.gru(HIDDEN, HIDDEN), RecurrentLayer.Output.LAST);
        ParallelSegmentDecoder d = new ParallelSegmentDecoder(gru, 2, CHANNELS, true);
        Seq notWhole = Seq.ofValues(new double[4 * HIDDEN], 1, 4, HIDDEN, null);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> d.forward(notWhole, ForwardContext.inference()))
                .getMessage().contains("not whole windows of 3 channels"));
    }

    @Test
    void meanAbsoluteErrorGradient() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] x = GradientCheck.randn(rng, 12, 1);
        double[] y = GradientCheck.randn(rng, 12, 1);
        Seq out = Seq.ofValues(x, 2, 2, 3, null);
        double[] d = new double[12];
        double loss = new MeanAbsoluteError().compute(out, Targets.values(y), d).loss();
        double expected = 0;
        for (int i = 0; i < 12; i++) {
            expected += Math.abs(x[i] - y[i]) / 12;
            assertEquals(Math.signum(x[i] - y[i]) / 12, d[i], 1e-15);
        }
        assertEquals(expected, loss, 1e-15);
    }
}
