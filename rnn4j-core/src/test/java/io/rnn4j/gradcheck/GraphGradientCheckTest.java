package io.rnn4j.gradcheck;

import io.rnn4j.f64.loss.MeanSquaredError;
import io.rnn4j.f64.loss.SoftmaxCrossEntropy;
import io.rnn4j.f64.loss.Targets;
import io.rnn4j.f64.nn.Activation;
import io.rnn4j.f64.nn.Dense;
import io.rnn4j.f64.nn.Embedding;
import io.rnn4j.f64.nn.Init;
import io.rnn4j.f64.nn.Merge;
import io.rnn4j.f64.nn.ParameterSet;
import io.rnn4j.f64.nn.SequenceModel.LossTerm;
import io.rnn4j.f64.nn.SequenceModel;
import io.rnn4j.f64.nn.recurrent.JordanLayer;
import io.rnn4j.f64.nn.recurrent.RecurrentConfig;
import io.rnn4j.f64.nn.recurrent.RecurrentLayer;
import io.rnn4j.f64.tensor.Seq;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Finite-difference checks (double twin) of models that are graphs: several inputs and outputs
 * with weighted losses, branches joined by every kind of {@link Merge} (with a one-step input
 * broadcast over time), a layer shared by two nodes, a head tied to an embedding, and inlined
 * sub-models. Every parameter and every real-valued input is checked.
 */
class GraphGradientCheckTest {

    private static final int T = 4;
    private static final int B = 3;

    @Test
    void twoInputsBranchesEveryMergeAndTwoWeightedOutputs() {
        int vocab = 5;
        SequenceModel m = SequenceModel.graph()
                .input("words", vocab)
                .input("features", 2)
                .input("context", 3)                                     // one step, broadcast over T
                .add("embed", new Embedding(vocab, 3), "words")
                .add("joined", Merge.concat(), "embed", "features", "context")
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(8, 4), RecurrentLayer.Output.SEQUENCE), "joined")
                .add("skip", new Dense(8, 4), "joined")
                .add("sum", Merge.sum(), "rnn", "skip")
                .add("gate", new Dense(8, 4), "joined")
                .add("squash", new Activation(Activation.Kind.SIGMOID), "gate")
                .add("gated", Merge.product(), "sum", "squash")
                .add("head", new Dense(4, vocab), "gated")
                .add("aux", new Dense(4, 1), "rnn")
                .output("logits", "head")
                .output("value", "aux");
        m.initialize(Init.PYTORCH, 21);
        SplittableRandom rng = new SplittableRandom(22);
        int[] lengths = {4, 2, 3};
        int[] tokens = new int[T * B];
        int[] classes = new int[T * B];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = rng.nextInt(vocab);
            classes[i] = rng.nextInt(vocab);
        }
        double[] features = GradientCheck.randn(rng, T * B * 2, 1);
        double[] context = GradientCheck.randn(rng, B * 3, 1);
        Map<String, Seq> in = new LinkedHashMap<>();
        in.put("words", Seq.ofTokens(tokens, T, B, lengths));
        in.put("features", Seq.ofValues(features, T, B, 2, lengths));
        in.put("context", Seq.ofValues(context, 1, B, 3, null));
        List<LossTerm> terms = List.of(
                new LossTerm("logits", new SoftmaxCrossEntropy(), Targets.classes(classes), 1.0),
                new LossTerm("value", new MeanSquaredError(), Targets.values(GradientCheck.randn(rng, T * B, 1)), 0.5));
        GradientCheck.checkModel(m, in, terms, Map.of("features", features, "context", context));
    }

    @Test
    void aLayerSharedByTwoNodesAndAHeadTiedToTheEmbedding() {
        int vocab = 6;
        Embedding embed = new Embedding(vocab, 4);
        Dense shared = new Dense(4, 4);
        SequenceModel m = SequenceModel.graph()
                .input("words", vocab)
                .add("embed", embed, "words")
                .add("first", shared, "embed")
                .add("act", new Activation(Activation.Kind.TANH), "first")
                .add("second", shared, "act")                              // the same weights again
                .add("rnn", new RecurrentLayer(RecurrentConfig.gru(4, 4), RecurrentLayer.Output.SEQUENCE), "second")
                .add("head", Dense.tiedTo(embed), "rnn");
        m.initialize(Init.PYTORCH, 31);
        ParameterSet ps = m.parameters();
        assertEquals(List.of("embed.weight", "first.weight", "first.bias", "rnn.weight_ih_l0", "rnn.weight_hh_l0",
                "rnn.bias_ih_l0", "rnn.bias_hh_l0", "head.bias"), ps.names());
        SplittableRandom rng = new SplittableRandom(32);
        int[] tokens = new int[T * B];
        int[] classes = new int[T * B];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = rng.nextInt(vocab);
            classes[i] = rng.nextInt(vocab);
        }
        Map<String, Seq> in = Map.of("words", Seq.ofTokens(tokens, T, B, new int[] {4, 4, 1}));
        GradientCheck.checkModel(m, in, List.of(new LossTerm("head", new SoftmaxCrossEntropy(), Targets.classes(classes), 1.0)), Map.of());
    }

    @Test
    void anEncoderAndADecoderInlinedAsSubModels() {
        int vocab = 5;
        SequenceModel encoder = SequenceModel.graph()
                .input("source", 3)
                .add("rnn", new RecurrentLayer(RecurrentConfig.gru(3, 4).bidirectional(RecurrentConfig.Merge.CONCAT),
                        RecurrentLayer.Output.FINAL_STATE), "source")
                .add("bridge", new Dense(8, 4), "rnn")
                .output("summary", "bridge");
        SequenceModel decoder = SequenceModel.graph()
                .input("previous", vocab)
                .input("summary", 4)
                .add("embed", new Embedding(vocab, 3), "previous")
                .add("joined", Merge.concat(), "embed", "summary")
                .add("jordan", new JordanLayer(7, 5, 4, JordanLayer.OutputActivation.TANH, false), "joined")
                .add("head", new Dense(4, vocab), "jordan");
        SequenceModel m = SequenceModel.graph()
                .input("source", 3)
                .input("previous", vocab)
                .add("encoder", encoder, "source")
                .add("decoder", decoder, "previous", "encoder.summary");
        m.initialize(Init.PYTORCH, 41);
        assertEquals("encoder.rnn.weight_ih_l0", m.parameters().names().get(0));
        assertSame(m.parameters().get("decoder.head.weight"), decoder.layers().get("head").parameters().get(0));
        SplittableRandom rng = new SplittableRandom(42);
        double[] source = GradientCheck.randn(rng, 5 * B * 3, 1);
        int[] previous = new int[T * B];
        int[] next = new int[T * B];
        for (int i = 0; i < previous.length; i++) {
            previous[i] = rng.nextInt(vocab);
            next[i] = rng.nextInt(vocab);
        }
        Map<String, Seq> in = Map.of(
                "source", Seq.ofValues(source, 5, B, 3, new int[] {5, 3, 2}),
                "previous", Seq.ofTokens(previous, T, B, new int[] {4, 3, 4}));
        GradientCheck.checkModel(m, in, List.of(new LossTerm("decoder.head", new SoftmaxCrossEntropy(), Targets.classes(next), 1.0)),
                Map.of("source", source));
    }
}
