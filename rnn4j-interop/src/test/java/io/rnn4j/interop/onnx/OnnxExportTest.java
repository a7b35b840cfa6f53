package io.rnn4j.interop.onnx;

import io.rnn4j.nn.Activation;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Dropout;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Merge;
import io.rnn4j.nn.OneHot;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.RecurrentState;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.StreamingModel;
import io.rnn4j.nn.recurrent.Gru;
import io.rnn4j.nn.recurrent.JordanLayer;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.nn.recurrent.SimpleRnn;
import io.rnn4j.tensor.Seq;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every layer kind the exporter covers, run in ONNX Runtime on padded batches of mixed lengths:
 * outputs at valid steps and final states equal rnn4j's to 1e-5, and stepping the ONNX model one
 * token at a time, its final states fed back, equals rnn4j's streaming.
 */
class OnnxExportTest {

    static final double TOLERANCE = 1e-5;
    static final int[] LENGTHS = {5, 2, 4};
    static final int STEPS = 5;

    /** Random weights everywhere (peepholes and biases too), so that no block can hide a wrong order. */
    static SequenceModel randomized(SequenceModel m, long seed) {
        m.initialize(Init.PYTORCH, seed);
        SplittableRandom r = new SplittableRandom(seed);
        for (Parameter p : m.parameters().parameters()) {
            float[] v = new float[p.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (r.nextDouble() - 0.5);
            }
            p.copyFrom(v);
        }
        return m;
    }

    static int[] tokens(int vocab, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] ids = new int[STEPS * LENGTHS.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = r.nextInt(vocab);
        }
        return ids;
    }

    static float[] values(int features, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[STEPS * LENGTHS.length * features];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** Compares the output at each valid step (T steps) or every row (one-step outputs). */
    static void assertValidStepsEqual(Seq expected, float[] actual, String what) {
        assertEquals(expected.values.length, actual.length, what + ": size");
        double worst = 0;
        for (int t = 0; t < expected.steps; t++) {
            for (int b = 0; b < expected.batch; b++) {
                if (expected.lengths != null && t >= expected.lengths[b]) {
                    continue;
                }
                for (int f = 0; f < expected.features; f++) {
                    int i = (t * expected.batch + b) * expected.features + f;
                    worst = Math.max(worst, Math.abs(expected.values[i] - actual[i]));
                }
            }
        }
        assertTrue(worst <= TOLERANCE, what + ": largest difference " + worst);
    }

    static void assertStateEqual(RecurrentState s, int kind, float[] onnx, String what) {
        int block = s.batch() * s.hidden();
        for (int l = 0; l < s.layers(); l++) {
            float[] expected = s.get(l, kind);
            for (int i = 0; i < block; i++) {
                assertEquals(expected[i], onnx[l * block + i], TOLERANCE, what + " slot " + l + " value " + i);
            }
        }
    }

    /** Exports, runs in ORT on the padded batch and compares outputs and the recurrent node's final states. */
    static Map<String, float[]> checkForward(SequenceModel m, Seq in, String recurrentNode, boolean lstm) throws Exception {
        byte[] onnx = OnnxExport.export(m, OnnxExport.Options.defaults().withSoftmax(true)).toByteArray();
        SequenceModel.Pass pass = m.forward(in, ForwardContext.inference());
        try (Ort ort = new Ort(onnx)) {
            String input = m.inputs().keySet().iterator().next();
            if (in.isTokens()) {
                ort.tokens(input, in.tokens, in.steps, in.batch);
            } else {
                ort.floats(input, in.values, in.steps, in.batch, in.features);
            }
            if (ort.inputNames().contains("lengths")) {
                ort.lengths(in.lengths != null ? in.lengths : full(in.steps, in.batch));
            }
            Map<String, float[]> out = ort.run();
            String output = m.outputs().keySet().iterator().next();
            assertValidStepsEqual(pass.output(output), out.get(output), "output");
            assertTrue(out.containsKey(output + ".probabilities"));
            if (recurrentNode != null) {
                RecurrentState fin = pass.finalStates().get(recurrentNode);
                assertStateEqual(fin, 0, out.get(recurrentNode + ".hN"), "hN");
                if (lstm) {
                    assertStateEqual(fin, 1, out.get(recurrentNode + ".cN"), "cN");
                }
            }
            return out;
        }
    }

    static int[] full(int steps, int batch) {
        int[] l = new int[batch];
        java.util.Arrays.fill(l, steps);
        return l;
    }

    static SequenceModel charLm(RecurrentConfig rnn) {
        return randomized(new SequenceModel(11)
                .add("embed", new Embedding(11, 6))
                .add("rnn", new RecurrentLayer(rnn, RecurrentLayer.Output.SEQUENCE))
                .add("drop", new Dropout(0.3f))
                .add("head", new Dense(rnn.outputSize(), 11)), 7);
    }

    @Test
    void stackedLstmLanguageModelMatchesAndStreams() throws Exception {
        SequenceModel m = charLm(RecurrentConfig.lstm(6, 9).layers(2).dropout(0.2f));
        int[] ids = tokens(11, 1);
        checkForward(m, Seq.ofTokens(ids, STEPS, LENGTHS.length, LENGTHS), "rnn", true);
        checkStreaming(m, ids, true);
    }

    @Test
    void gruBothVariantsMatchAndStream() throws Exception {
        for (Gru.Variant v : Gru.Variant.values()) {
            SequenceModel m = charLm(RecurrentConfig.gru(6, 7).layers(2).gruVariant(v));
            int[] ids = tokens(11, 2);
            checkForward(m, Seq.ofTokens(ids, STEPS, LENGTHS.length, LENGTHS), "rnn", false);
            checkStreaming(m, ids, false);
        }
    }

    @Test
    void peepholeLstmWithOneHotMatches() throws Exception {
        SequenceModel m = randomized(new SequenceModel(11)
                .add("onehot", new OneHot(11))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(11, 5).peepholes(true), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(5, 11)), 3);
        int[] ids = tokens(11, 3);
        checkForward(m, Seq.ofTokens(ids, STEPS, LENGTHS.length, LENGTHS), "rnn", true);
        checkStreaming(m, ids, true);
    }

    @Test
    void bidirectionalStacksMatchForEveryOutputKind() throws Exception {
        for (RecurrentLayer.Output kind : RecurrentLayer.Output.values()) {
            for (RecurrentConfig.Merge merge : RecurrentConfig.Merge.values()) {
                RecurrentConfig[] configs = {
                        RecurrentConfig.lstm(4, 5).layers(2).bidirectional(merge).peepholes(true),
                        RecurrentConfig.gru(4, 5).layers(3).bidirectional(merge),
                        RecurrentConfig.rnn(4, 5).layers(2).bidirectional(merge).nonlinearity(SimpleRnn.Nonlinearity.RELU),
                };
                for (RecurrentConfig c : configs) {
                    SequenceModel m = randomized(new SequenceModel(4)
                            .add("rnn", new RecurrentLayer(c, kind))
                            .add("act", new Activation(Activation.Kind.TANH))
                            .add("head", new Dense(c.outputSize(), 3)), 5);
                    Seq in = Seq.ofValues(values(4, 4), STEPS, LENGTHS.length, 4, LENGTHS);
                    checkForward(m, in, "rnn", c.cell() == RecurrentConfig.CellType.LSTM);
                }
            }
        }
    }

    @Test
    void activationsAndMergesMatch() throws Exception {
        SequenceModel m = randomized(SequenceModel.graph()
                .input("input", 4)
                .add("a", new Dense(4, 6), "input")
                .add("relu", new Activation(Activation.Kind.RELU), "a")
                .add("sig", new Activation(Activation.Kind.SIGMOID), "a")
                .add("leaky", Activation.leakyRelu(0.2f), "a")
                .add("cat", Merge.concat(), "relu", "sig")
                .add("b", new Dense(12, 6), "cat")
                .add("sum", Merge.sum(), "b", "leaky", "relu")
                .add("prod", Merge.product(), "sum", "sig", "leaky")
                .add("head", new Dense(6, 2), "prod")
                .output("logits", "head"), 9);
        checkForward(m, Seq.ofValues(values(4, 5), STEPS, LENGTHS.length, 4, LENGTHS), null, false);
    }

    @Test
    void jordanNetworksRunFreeAndStream() throws Exception {
        for (JordanLayer.OutputActivation phi : JordanLayer.OutputActivation.values()) {
            SequenceModel m = randomized(new SequenceModel(11)
                    .add("embed", new Embedding(11, 6))
                    .add("jordan", new JordanLayer(6, 8, 5, phi, true))
                    .add("head", new Dense(5, 11)), 13);
            int[] ids = tokens(11, 14);
            SequenceModel.Pass pass = m.forward(Seq.ofTokens(ids, STEPS, LENGTHS.length, LENGTHS), ForwardContext.inference());
            Map<String, float[]> out = checkForward(m, Seq.ofTokens(ids, STEPS, LENGTHS.length, LENGTHS), null, false);
            // The context after each sample's last valid step, as rnn4j's final state.
            assertStateEqual(pass.finalStates().get("jordan"), 0, out.get("jordan.hN"), phi + " final context");
            checkStreaming(m, ids, "jordan", new String[]{"h"}, "head");
        }
    }

    @Test
    void clockworkStacksMatchForEveryOutputKindAndStream() throws Exception {
        java.util.List<RecurrentConfig> configs = java.util.List.of(
                RecurrentConfig.clockwork(6, 8, 4),
                RecurrentConfig.clockwork(6, 6, 3).clockPeriods(java.util.List.of(1, 3, 2)).layers(2),
                RecurrentConfig.clockwork(6, 8, 2).layers(2).bidirectional(RecurrentConfig.Merge.CONCAT),
                RecurrentConfig.clockwork(6, 8, 4).bidirectional(RecurrentConfig.Merge.SUM));
        for (RecurrentConfig c : configs) {
            for (RecurrentLayer.Output kind : RecurrentLayer.Output.values()) {
                SequenceModel m = randomized(new SequenceModel(11)
                        .add("embed", new Embedding(11, 6))
                        .add("clock", new RecurrentLayer(c, kind))
                        .add("head", new Dense(c.outputSize(), 11)), 15);
                int[] ids = tokens(11, 16);
                Seq in = Seq.ofTokens(ids, STEPS, LENGTHS.length, LENGTHS);
                // Exported first: the random weight_hh has entries the block mask zeroes, and rnn4j's
                // forward zeroes them in place, so the export must mask them itself.
                Map<String, float[]> out = checkForward(m, in, null, false);
                SequenceModel.Pass pass = m.forward(in, ForwardContext.inference());
                RecurrentState fin = pass.finalStates().get("clock");
                assertStateEqual(fin, 0, out.get("clock.hN"), c + " " + kind + " hN");
                assertStateEqual(fin, 1, out.get("clock.clockN"), c + " " + kind + " clockN");
                if (kind == RecurrentLayer.Output.SEQUENCE && !c.bidirectional()) {
                    checkStreaming(m, ids, "clock", new String[]{"h", "clock"}, "head");
                }
            }
        }
    }

    /**
     * Steps the exported model one token at a time for B streams, feeding hN/cN back as h0/c0,
     * and compares every step's output and the final state with rnn4j's {@link StreamingModel}.
     */
    static void checkStreaming(SequenceModel m, int[] ids, boolean lstm) throws Exception {
        checkStreaming(m, ids, "rnn", lstm ? new String[]{"h", "c"} : new String[]{"h"}, "head");
    }

    /** As above, for the recurrent node {@code node} with state blocks named {@code kind}, comparing output {@code output}. */
    static void checkStreaming(SequenceModel m, int[] ids, String node, String[] kind, String output) throws Exception {
        int kinds = kind.length;
        byte[] onnx = OnnxExport.export(m, OnnxExport.Options.defaults().withStreaming(true)).toByteArray();
        int batch = LENGTHS.length;
        StreamingModel stream = new StreamingModel(m, batch);
        try (Ort ort = new Ort(onnx)) {
            int[] ones = new int[batch];
            java.util.Arrays.fill(ones, 1);
            ort.lengths(ones);
            RecurrentState zero = stream.states().get(node).copy();
            for (int k = 0; k < kinds; k++) {
                ort.floats(node + "." + kind[k] + "0", new float[zero.layers() * batch * zero.hidden()], zero.layers(), batch,
                        zero.hidden());
            }
            for (int t = 0; t < STEPS; t++) {
                int[] step = java.util.Arrays.copyOfRange(ids, t * batch, (t + 1) * batch);
                float[] expected = stream.step(Seq.ofTokens(step, 1, batch, null));
                ort.tokens("input", step, 1, batch);
                Map<String, float[]> out = ort.run();
                float[] actual = out.get(output);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], actual[i], TOLERANCE, "step " + t + " output " + i);
                }
                RecurrentState s = stream.states().get(node);
                for (int k = 0; k < kinds; k++) {
                    assertStateEqual(s, k, out.get(node + "." + kind[k] + "N"), "streamed " + kind[k] + "N at step " + t);
                    ort.floats(node + "." + kind[k] + "0", out.get(node + "." + kind[k] + "N"), s.layers(), batch, s.hidden());
                }
            }
        }
    }
}
