package io.rnn4j.nn;

import io.rnn4j.nn.recurrent.JordanLayer;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.tensor.Seq;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A model graph run whole and step by step, a sub-model run alone on its parent's weights, and
 * the messages a wrongly wired graph gets. (Its gradients are checked in
 * {@code gradcheck.GraphGradientCheckTest}.)
 */
class GraphModelTest {

    private static final int T = 6;
    private static final int B = 2;

    /** A decoder-like graph: per-step input and a fixed memory, two recurrent kinds, a skip branch. */
    private static SequenceModel decoderLike() {
        SequenceModel encoder = SequenceModel.graph()
                .input("memory", 3)
                .add("bridge", new Dense(3, 4), "memory")
                .add("act", new Activation(Activation.Kind.TANH), "bridge");
        return SequenceModel.graph()
                .input("x", 2)
                .input("memory", 3)
                .add("encoder", encoder, "memory")
                .add("joined", Merge.concat(), "x", "encoder")
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(6, 5).layers(2), RecurrentLayer.Output.SEQUENCE), "joined")
                .add("jordan", new JordanLayer(6, 4, 5, JordanLayer.OutputActivation.TANH, false), "joined")
                .add("sum", Merge.sum(), "rnn", "jordan")
                .add("head", new Dense(5, 3), "sum")
                .add("aux", new Dense(5, 1), "rnn")
                .output("logits", "head")
                .output("value", "aux")
                .initialize(Init.PYTORCH, 7);
    }

    @Test
    void steppingTheGraphGivesWhatTheWholeSequenceGives() {
        SequenceModel m = decoderLike();
        SplittableRandom rng = new SplittableRandom(8);
        float[] x = new float[T * B * 2];
        float[] memory = new float[B * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < memory.length; i++) {
            memory[i] = (float) rng.nextGaussian();
        }
        Seq mem = Seq.ofValues(memory, 1, B, 3, null);
        SequenceModel.Pass whole = m.forward(Map.of("x", Seq.ofValues(x, T, B, 2, null), "memory", mem),
                ForwardContext.inference());
        for (int chunk : new int[] {1, 2, 3}) {
            StreamingModel s = new StreamingModel(m, B);
            assertEquals(java.util.List.of("rnn", "jordan"), java.util.List.copyOf(s.states().keySet()));
            float[] logits = new float[T * B * 3];
            float[] value = new float[T * B];
            for (int t = 0; t < T; t += chunk) {
                Seq piece = Seq.ofValues(Arrays.copyOfRange(x, t * B * 2, (t + chunk) * B * 2), chunk, B, 2, null);
                Map<String, Seq> out = s.step(Map.of("x", piece, "memory", mem));
                System.arraycopy(out.get("logits").values, 0, logits, t * B * 3, chunk * B * 3);
                System.arraycopy(out.get("value").values, 0, value, t * B, chunk * B);
            }
            assertArrayEquals(whole.output("logits").values, logits, 1e-5f, "logits, chunks of " + chunk);
            assertArrayEquals(whole.output("value").values, value, 1e-5f, "value, chunks of " + chunk);
        }
    }

    @Test
    void nodesThatReadOnlyFixedInputsRunOnceAndKeepNoState() {
        int[] encoderRuns = {0};
        Layer counting = new Layer() {
            @Override
            public int outputSize(int inputSize) {
                return inputSize;
            }

            @Override
            public Pass forward(Seq in, ForwardContext context) {
                encoderRuns[0]++;
                return new Pass(in, in, null);
            }

            @Override
            public void backward(Pass pass, float[] dOut, float[] dIn) {
            }
        };
        SequenceModel m = SequenceModel.graph()
                .input("source", 3).input("x", 2)
                .add("count", counting, "source")
                .add("summary", new RecurrentLayer(RecurrentConfig.gru(3, 4).bidirectional(RecurrentConfig.Merge.CONCAT),
                        RecurrentLayer.Output.FINAL_STATE), "count")
                .add("joined", Merge.concat(), "x", "summary")
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(10, 4), RecurrentLayer.Output.SEQUENCE), "joined")
                .initialize(Init.PYTORCH, 5);
        var refused = assertThrows(IllegalArgumentException.class, () -> new StreamingModel(m, B));
        assertTrue(refused.getMessage().startsWith("layer 'summary' cannot stream"), refused.getMessage());
        Seq source = Seq.ofValues(new float[] {0.5f, -1f, 0.25f, 1f, 0f, -0.5f, 0.3f, 0.2f, 0.1f, -0.4f, 0.9f, 0.7f},
                2, B, 3, new int[] {2, 1});
        float[] x = new float[T * B * 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(i);
        }
        float[] whole = m.forward(Map.of("source", source, "x", Seq.ofValues(x, T, B, 2, null)), ForwardContext.inference())
                .output().values;
        StreamingModel s = new StreamingModel(m, B, null, java.util.Set.of("source"));
        assertEquals(java.util.List.of("rnn"), java.util.List.copyOf(s.states().keySet()));
        encoderRuns[0] = 0;
        float[] stepped = new float[whole.length];
        for (int t = 0; t < T; t++) {
            Seq step = Seq.ofValues(Arrays.copyOfRange(x, t * B * 2, (t + 1) * B * 2), 1, B, 2, null);
            System.arraycopy(s.step(Map.of("source", source, "x", step)).get("rnn").values, 0, stepped, t * B * 4, B * 4);
        }
        assertArrayEquals(whole, stepped, 1e-5f);
        assertEquals(1, encoderRuns[0], "the fixed branch runs once for one source");
    }

    @Test
    void everyLayerAndCellRunsInAGraphAsInALinearStack() {
        List<java.util.function.Supplier<Layer>> layers = List.of(
                () -> new OneHot(5),
                () -> new Dense(5, 6),
                () -> new Activation(Activation.Kind.RELU),
                () -> new Dropout(0.3f),
                () -> new RecurrentLayer(RecurrentConfig.rnn(6, 6), RecurrentLayer.Output.SEQUENCE),
                () -> new RecurrentLayer(RecurrentConfig.clockwork(6, 6, 3), RecurrentLayer.Output.SEQUENCE),
                () -> new RecurrentLayer(RecurrentConfig.gru(6, 6), RecurrentLayer.Output.SEQUENCE),
                () -> new JordanLayer(6, 5, 6, JordanLayer.OutputActivation.SIGMOID, false),
                () -> new RecurrentLayer(RecurrentConfig.lstm(6, 3).bidirectional(RecurrentConfig.Merge.CONCAT),
                        RecurrentLayer.Output.LAST));
        SequenceModel linear = new SequenceModel(5);
        SequenceModel graph = SequenceModel.graph().input("tokens", 5);
        String previous = "tokens";
        for (int i = 0; i < layers.size(); i++) {
            linear.add("l" + i, layers.get(i).get());
            graph.add("l" + i, layers.get(i).get(), previous);
            previous = "l" + i;
        }
        linear.initialize(Init.PYTORCH, 9);
        graph.initialize(Init.PYTORCH, 9);
        assertEquals(linear.parameters().names(), graph.parameters().names());
        Seq in = Seq.ofTokens(new int[] {0, 4, 2, 3, 1, 1}, 3, 2, new int[] {3, 2});
        float[] a = linear.forward(in, new ForwardContext(true, new SplittableRandom(4), Map.of())).output().values;
        float[] b = graph.forward(Map.of("tokens", in), new ForwardContext(true, new SplittableRandom(4), Map.of())).output().values;
        assertEquals(2 * 6, a.length);
        assertArrayEquals(a, b, 0f);
    }

    @Test
    void aSubModelRunsAloneOnItsParentsWeights() {
        SequenceModel encoder = SequenceModel.graph()
                .input("source", 3)
                .add("rnn", new RecurrentLayer(RecurrentConfig.gru(3, 4), RecurrentLayer.Output.FINAL_STATE), "source")
                .output("summary", "rnn");
        SequenceModel parent = SequenceModel.graph()
                .input("source", 3)
                .add("encoder", encoder, "source")
                .add("head", new Dense(4, 2), "encoder.summary")
                .output("summary", "encoder.summary")
                .output("head", "head")
                .initialize(Init.PYTORCH, 3);
        float[] x = new float[5 * B * 3];
        Arrays.fill(x, 0.3f);
        x[4] = -1f;
        Seq in = Seq.ofValues(x, 5, B, 3, null);
        float[] viaParent = parent.forward(in, ForwardContext.inference()).output("summary").values;
        float[] alone = encoder.forward(in, ForwardContext.inference()).output().values;
        assertArrayEquals(viaParent, alone, 0f);
        parent.parameters().get("encoder.rnn.weight_hh_l0").set(0, 5f); // one shared weight, seen by both
        assertArrayEquals(parent.forward(in, ForwardContext.inference()).output("summary").values,
                encoder.forward(in, ForwardContext.inference()).output().values, 0f);
        var owned = assertThrows(IllegalStateException.class, encoder::parameters);
        assertTrue(owned.getMessage().contains("part of a larger one"), owned.getMessage());
        var again = assertThrows(IllegalArgumentException.class,
                () -> SequenceModel.graph().input("s", 3).add("twice", encoder, "s"));
        assertTrue(again.getMessage().contains("already part of another model"), again.getMessage());
    }

    @Test
    void aWronglyWiredGraphIsRefusedWithTheNamesInvolved() {
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> SequenceModel.graph().input("x", 3).add("d", new Dense(3, 3), "y"));
        assertEquals("'d' reads 'y', which is no input or node; have [x] and []", unknown.getMessage());
        var ambiguous = assertThrows(IllegalArgumentException.class,
                () -> SequenceModel.graph().input("a", 3).input("b", 3).add("d", new Dense(3, 3)));
        assertTrue(ambiguous.getMessage().contains("must name what it reads"), ambiguous.getMessage());
        var width = assertThrows(IllegalArgumentException.class,
                () -> SequenceModel.graph().input("a", 3).input("b", 4).add("s", Merge.sum(), "a", "b"));
        assertEquals("sum merge needs inputs of equal width, got [3, 4]", width.getMessage());
        var duplicate = assertThrows(IllegalArgumentException.class,
                () -> SequenceModel.graph().input("a", 3).add("a", new Dense(3, 3), "a"));
        assertTrue(duplicate.getMessage().contains("must be unique"), duplicate.getMessage());
        SequenceModel two = SequenceModel.graph().input("a", 3).input("b", 3).add("s", Merge.sum(), "a", "b");
        var missing = assertThrows(IllegalArgumentException.class,
                () -> two.forward(Map.of("a", Seq.ofValues(new float[3], 1, 1, 3, null)), ForwardContext.inference()));
        assertEquals("input 'b' is missing; the model has inputs [a, b]", missing.getMessage());
        var single = assertThrows(IllegalArgumentException.class,
                () -> two.forward(Seq.ofValues(new float[3], 1, 1, 3, null), ForwardContext.inference()));
        assertTrue(single.getMessage().contains("pass them by name"), single.getMessage());
        var steps = assertThrows(IllegalArgumentException.class, () -> two.forward(Map.of(
                "a", Seq.ofValues(new float[6], 2, 1, 3, null), "b", Seq.ofValues(new float[9], 3, 1, 3, null)),
                ForwardContext.inference()));
        assertTrue(steps.getMessage().contains("disagree on the steps: 2 and 3"), steps.getMessage());
        SequenceModel bidirectional = new SequenceModel(3).add("rnn", new RecurrentLayer(
                RecurrentConfig.gru(3, 4).bidirectional(RecurrentConfig.Merge.CONCAT), RecurrentLayer.Output.SEQUENCE));
        var stream = assertThrows(IllegalArgumentException.class, () -> new StreamingModel(bidirectional, 1));
        assertTrue(stream.getMessage().startsWith("layer 'rnn' cannot stream: a bidirectional stack"), stream.getMessage());
    }
}
