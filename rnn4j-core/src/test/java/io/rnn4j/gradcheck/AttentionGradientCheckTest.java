package io.rnn4j.gradcheck;

import io.rnn4j.f64.loss.MeanSquaredError;
import io.rnn4j.f64.loss.SoftmaxCrossEntropy;
import io.rnn4j.f64.loss.Targets;
import io.rnn4j.f64.nn.Activation;
import io.rnn4j.f64.nn.Dense;
import io.rnn4j.f64.nn.Embedding;
import io.rnn4j.f64.nn.Init;
import io.rnn4j.f64.nn.LastValidStep;
import io.rnn4j.f64.nn.SequenceModel;
import io.rnn4j.f64.nn.SequenceModel.LossTerm;
import io.rnn4j.f64.nn.attention.Attention;
import io.rnn4j.f64.nn.attention.AttentionDecoder;
import io.rnn4j.f64.nn.conv.Conv2d;
import io.rnn4j.f64.nn.conv.ConvAxis;
import io.rnn4j.f64.nn.conv.GlobalPool2d;
import io.rnn4j.f64.nn.conv.ImageShape;
import io.rnn4j.f64.nn.conv.Pool2d;
import io.rnn4j.f64.nn.conv.PoolKind;
import io.rnn4j.f64.nn.conv.SpatialSequence;
import io.rnn4j.f64.nn.recurrent.RecurrentConfig;
import io.rnn4j.f64.nn.recurrent.RecurrentLayer;
import io.rnn4j.f64.tensor.Seq;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Finite-difference checks (double twin) of attention: the {@link Attention} layer with every
 * score over a masked and an unmasked memory (every parameter, the queries and the memory), and
 * whole encoder–decoders with an {@link AttentionDecoder} of every score, with and without input
 * feeding and the bridge, over padded sources and targets (every parameter, embeddings included).
 */
class AttentionGradientCheckTest {

    private static final int B = 3;

    static Stream<Arguments> layers() {
        return Stream.of(Attention.Score.values()).flatMap(s -> Stream.of(Arguments.of(s, true), Arguments.of(s, false)));
    }

    @ParameterizedTest(name = "{0}, masked {1}")
    @MethodSource("layers")
    void attentionLayer(Attention.Score score, boolean masked) {
        int tq = 3;
        int s = 5;
        int dq = 4;
        int dm = score == Attention.Score.DOT ? 4 : 6;
        SequenceModel m = SequenceModel.graph()
                .input("queries", dq)
                .input("memory", dm)
                .add("attend", new Attention(score, dq, dm, 5), "queries", "memory")
                .add("head", new Dense(dm, 2), "attend");
        m.initialize(Init.PYTORCH, 3);
        SplittableRandom rng = new SplittableRandom(4);
        double[] queries = GradientCheck.randn(rng, tq * B * dq, 1);
        double[] memory = GradientCheck.randn(rng, s * B * dm, 1);
        Map<String, Seq> in = new LinkedHashMap<>();
        in.put("queries", Seq.ofValues(queries, tq, B, dq, masked ? new int[] {3, 1, 2} : null));
        in.put("memory", Seq.ofValues(memory, s, B, dm, masked ? new int[] {5, 2, 3} : null));
        List<LossTerm> terms = List.of(new LossTerm("head", new MeanSquaredError(),
                Targets.values(GradientCheck.randn(rng, tq * B * 2, 1)), 1.0));
        GradientCheck.checkModel(m, in, terms, Map.of("queries", queries, "memory", memory));
    }

    static Stream<Arguments> decoders() {
        return Stream.of(
                Arguments.of(Attention.Score.ADDITIVE, RecurrentConfig.CellType.LSTM, 1, false, 5),
                Arguments.of(Attention.Score.ADDITIVE, RecurrentConfig.CellType.GRU, 2, false, 6),
                Arguments.of(Attention.Score.DOT, RecurrentConfig.CellType.GRU, 2, true, 6),
                Arguments.of(Attention.Score.DOT, RecurrentConfig.CellType.LSTM, 1, false, 6),
                Arguments.of(Attention.Score.GENERAL, RecurrentConfig.CellType.LSTM, 2, false, 5),
                Arguments.of(Attention.Score.GENERAL, RecurrentConfig.CellType.RNN, 1, true, 5),
                Arguments.of(Attention.Score.CONCAT, RecurrentConfig.CellType.LSTM, 1, true, 5),
                Arguments.of(Attention.Score.CONCAT, RecurrentConfig.CellType.GRU, 1, false, 6),
                // no attention: the decoder knows the source only through h₀ from the summary
                Arguments.of(null, RecurrentConfig.CellType.LSTM, 1, false, 5),
                Arguments.of(null, RecurrentConfig.CellType.GRU, 2, false, 6));
    }

    /** Hidden 6 equals the bidirectional encoder's 2·3 (no bridge); 5 needs the bridge. */
    @ParameterizedTest(name = "{0} {1} x{2}, feeding {3}, H {4}")
    @MethodSource("decoders")
    void encoderDecoder(Attention.Score score, RecurrentConfig.CellType cell, int layers, boolean feeding, int hidden) {
        int vs = 7;
        int vt = 6;
        int s = 5;
        int t = 4;
        RecurrentConfig decoderCells = RecurrentConfig.of(cell, 3, hidden).layers(layers);
        SequenceModel m = SequenceModel.graph()
                .input("source", vs)
                .input("target", vt)
                .add("source_embed", new Embedding(vs, 4), "source")
                .add("encoder", new RecurrentLayer(RecurrentConfig.lstm(4, 3).bidirectional(RecurrentConfig.Merge.CONCAT),
                        RecurrentLayer.Output.SEQUENCE), "source_embed")
                .add("summary", LastValidStep.bidirectional(), "encoder")
                .add("target_embed", new Embedding(vt, 3), "target")
                .add("decoder", new AttentionDecoder(decoderCells, 6, 6, score, 4, feeding), "target_embed", "encoder", "summary")
                .add("head", new Dense(hidden, vt), "decoder");
        m.initialize(Init.PYTORCH, 11);
        SplittableRandom rng = new SplittableRandom(12);
        int[] source = new int[s * B];
        int[] target = new int[t * B];
        int[] next = new int[t * B];
        for (int i = 0; i < source.length; i++) {
            source[i] = rng.nextInt(vs);
        }
        for (int i = 0; i < target.length; i++) {
            target[i] = rng.nextInt(vt);
            next[i] = rng.nextInt(vt);
        }
        Map<String, Seq> in = new LinkedHashMap<>();
        in.put("source", Seq.ofTokens(source, s, B, new int[] {5, 3, 2}));
        in.put("target", Seq.ofTokens(target, t, B, new int[] {4, 2, 3}));
        GradientCheck.checkModel(m, in, List.of(new LossTerm("head", new SoftmaxCrossEntropy(), Targets.classes(next), 1.0)),
                Map.of());
    }

    /**
     * The captioner's shape in small: a CNN's feature map read as a sequence of positions
     * (SpatialSequence) for the attention, and its average (GlobalPool2d) for the decoder's start.
     */
    @Test
    void decoderAttendingOverAFeatureMap() {
        ImageShape image = new ImageShape(1, 6, 6);
        Conv2d conv = new Conv2d(image, 2, ConvAxis.of(3).samePadding());
        Pool2d pool = Pool2d.of(PoolKind.MAX, conv.outputShape(), 2);
        int vt = 5;
        int t = 3;
        SequenceModel m = SequenceModel.graph()
                .input("image", image.size())
                .input("caption", vt)
                .add("conv", conv, "image")
                .add("relu", new Activation(Activation.Kind.TANH), "conv")
                .add("pool", pool, "relu")
                .add("positions", new SpatialSequence(pool.outputShape()), "pool")
                .add("pooled", new GlobalPool2d(PoolKind.AVG, pool.outputShape()), "pool")
                .add("embed", new Embedding(vt, 3), "caption")
                .add("decoder", new AttentionDecoder(RecurrentConfig.lstm(3, 4), 2, 2, Attention.Score.ADDITIVE, 3, false),
                        "embed", "positions", "pooled")
                .add("head", new Dense(4, vt), "decoder");
        m.initialize(Init.PYTORCH, 21);
        SplittableRandom rng = new SplittableRandom(22);
        double[] pixels = new double[B * image.size()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = rng.nextGaussian();
        }
        int[] caption = new int[t * B];
        int[] next = new int[t * B];
        for (int i = 0; i < caption.length; i++) {
            caption[i] = rng.nextInt(vt);
            next[i] = rng.nextInt(vt);
        }
        Map<String, Seq> in = new LinkedHashMap<>();
        in.put("image", Seq.ofValues(pixels, 1, B, image.size(), null));
        in.put("caption", Seq.ofTokens(caption, t, B, new int[] {3, 1, 2}));
        GradientCheck.checkModel(m, in, List.of(new LossTerm("head", new SoftmaxCrossEntropy(), Targets.classes(next), 1.0)),
                Map.of());
    }
}
