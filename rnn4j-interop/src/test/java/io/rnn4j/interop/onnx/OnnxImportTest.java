package io.rnn4j.interop.onnx;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnn4j.data.CharVocabulary;
import io.rnn4j.interop.onnx.proto.Onnx.ModelProto;
import io.rnn4j.interop.onnx.proto.Onnx.NodeProto;
import io.rnn4j.interop.onnx.proto.Onnx.StringStringEntryProto;
import io.rnn4j.interop.onnx.proto.Onnx.TensorProto;
import io.rnn4j.io.LanguageModelFile;
import io.rnn4j.io.ModelFile;
import io.rnn4j.io.ModelFormatException;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.RecurrentState;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.StreamingModel;
import io.rnn4j.tensor.Seq;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files that PyTorch 1.13's {@code torch.onnx.export} wrote (fixtures from
 * {@code rnn4j-bench/peers/pytorch_onnx_fixtures.py}) import and give PyTorch's outputs to 1e-5;
 * the imported language model saves, loads, samples and streams; bad files are refused in one line.
 */
class OnnxImportTest {

    static final double TOLERANCE = 1e-5;

    @TempDir
    Path dir;

    static Path fixture(String name) {
        return Path.of("src", "test", "resources", "onnx", name);
    }

    static JsonObject expected(String name) throws IOException {
        return JsonParser.parseString(Files.readString(fixture(name + ".json"))).getAsJsonObject();
    }

    static float[] floats(JsonObject tensor) {
        JsonArray a = tensor.getAsJsonArray("data");
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.get(i).getAsFloat();
        }
        return f;
    }

    static int[] ints(JsonObject tensor) {
        JsonArray a = tensor.getAsJsonArray("data");
        int[] v = new int[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = a.get(i).getAsInt();
        }
        return v;
    }

    static int dim(JsonObject tensor, int i) {
        return tensor.getAsJsonArray("shape").get(i).getAsInt();
    }

    static void assertClose(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": size");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(worst <= TOLERANCE, what + ": largest difference " + worst);
    }

    @ParameterizedTest
    @ValueSource(strings = {"rnn_tanh_1", "rnn_relu_2_bidirectional", "lstm_1", "lstm_2_bidirectional", "lstm_3",
            "gru_1", "gru_2_bidirectional", "gru_3"})
    void recurrentModulesGivePyTorchsOutputs(String name) throws Exception {
        OnnxImport.Result r = OnnxImport.read(fixture(name + ".onnx"));
        JsonObject c = expected(name);
        JsonObject x = c.getAsJsonObject("inputs").getAsJsonObject("x");
        Seq in = Seq.ofValues(floats(x), dim(x, 0), dim(x, 1), dim(x, 2), null);
        float[] y = r.model().forward(in, ForwardContext.inference()).output("y").values;
        assertClose(floats(c.getAsJsonObject("outputs").getAsJsonObject("y")), y, name);
        // One rnn4j stack however many ONNX nodes: PyTorch's num_layers comes back as one layer.
        assertEquals(1, r.model().layers().size(), "layers of " + name);
        int expectedLayers = Integer.parseInt(name.replaceAll("\\D", ""));
        assertTrue(r.model().parameters().has("rnn.weight_ih_l" + (expectedLayers - 1)), name);
    }

    @Test
    void characterModelImportsSavesSamplesAndStreams() throws Exception {
        OnnxImport.Result r = OnnxImport.read(fixture("charlm.onnx"));
        JsonObject c = expected("charlm");
        JsonObject tokens = c.getAsJsonObject("inputs").getAsJsonObject("tokens");
        int steps = dim(tokens, 0);
        int batch = dim(tokens, 1);
        int[] ids = ints(tokens);
        SequenceModel m = r.model();
        assertEquals(java.util.List.of("embed", "rnn", "head"), java.util.List.copyOf(m.layers().keySet()));
        float[] expectedLogits = floats(c.getAsJsonObject("outputs").getAsJsonObject("logits"));
        assertClose(expectedLogits, m.forward(Seq.ofTokens(ids, steps, batch, null), ForwardContext.inference()).output("logits").values,
                "logits");

        // The tokenizer PyTorch used: the text's sorted characters, which is CharVocabulary.of's order.
        CharVocabulary vocab = CharVocabulary.of(Files.readString(fixture("charlm.txt"), StandardCharsets.UTF_8));
        assertEquals(m.inputSize(), vocab.size());
        Path file = dir.resolve("charlm.safetensors");
        JsonObject extra = new JsonObject();
        extra.add("tokenizer", vocab.toJson());
        ModelFile.save(file, m, extra, Map.of());
        LanguageModelFile loaded = LanguageModelFile.load(file);
        float[] again = loaded.model().forward(Seq.ofTokens(ids, steps, batch, null), ForwardContext.inference()).output("logits").values;
        assertClose(expectedLogits, again, "logits after save and load");

        // Streaming one token at a time gives the whole-sequence logits.
        StreamingModel stream = new StreamingModel(loaded.model(), batch);
        int v = m.outputSize();
        for (int t = 0; t < steps; t++) {
            float[] step = stream.step(Seq.ofTokens(java.util.Arrays.copyOfRange(ids, t * batch, (t + 1) * batch), 1, batch, null));
            assertClose(java.util.Arrays.copyOfRange(expectedLogits, t * batch * v, (t + 1) * batch * v), step, "streamed step " + t);
        }
    }

    @Test
    void initialAndFinalStatesMapToTheRecurrentNode() throws Exception {
        OnnxImport.Result r = OnnxImport.read(fixture("charlm_state.onnx"));
        assertEquals(new OnnxImport.StateBinding("rnn", 0, 0, 2), r.stateInputs().get("h0"));
        assertEquals(new OnnxImport.StateBinding("rnn", 1, 0, 2), r.stateInputs().get("c0"));
        assertEquals(new OnnxImport.StateBinding("rnn", 0, 0, 2), r.stateOutputs().get("hn"));
        assertEquals(new OnnxImport.StateBinding("rnn", 1, 0, 2), r.stateOutputs().get("cn"));
        JsonObject c = expected("charlm_state");
        JsonObject inputs = c.getAsJsonObject("inputs");
        JsonObject tokens = inputs.getAsJsonObject("tokens");
        int steps = dim(tokens, 0);
        int batch = dim(tokens, 1);
        JsonObject h0 = inputs.getAsJsonObject("h0");
        int hidden = dim(h0, 2);
        RecurrentState init = new RecurrentState(2, 2, batch, hidden);
        float[] h = floats(h0);
        float[] cc = floats(inputs.getAsJsonObject("c0"));
        for (int l = 0; l < 2; l++) {
            init.set(l, 0, java.util.Arrays.copyOfRange(h, l * batch * hidden, (l + 1) * batch * hidden));
            init.set(l, 1, java.util.Arrays.copyOfRange(cc, l * batch * hidden, (l + 1) * batch * hidden));
        }
        SequenceModel.Pass pass = r.model().forward(Seq.ofTokens(ints(tokens), steps, batch, null),
                ForwardContext.inference(Map.of("rnn", init)));
        JsonObject outputs = c.getAsJsonObject("outputs");
        assertClose(floats(outputs.getAsJsonObject("logits")), pass.output("logits").values, "logits");
        RecurrentState fin = pass.finalStates().get("rnn");
        float[] hn = floats(outputs.getAsJsonObject("hn"));
        float[] cn = floats(outputs.getAsJsonObject("cn"));
        for (int l = 0; l < 2; l++) {
            assertClose(java.util.Arrays.copyOfRange(hn, l * batch * hidden, (l + 1) * batch * hidden), fin.get(l, 0), "hn layer " + l);
            assertClose(java.util.Arrays.copyOfRange(cn, l * batch * hidden, (l + 1) * batch * hidden), fin.get(l, 1), "cn layer " + l);
        }
    }

    @Test
    void rnn4jExportsImportBack() throws Exception {
        SequenceModel m = OnnxExportTest.charLm(io.rnn4j.nn.recurrent.RecurrentConfig.gru(6, 9).layers(2)
                .bidirectional(io.rnn4j.nn.recurrent.RecurrentConfig.Merge.SUM));
        Path file = dir.resolve("m.onnx");
        OnnxExport.write(m, file, OnnxExport.Options.defaults().withSoftmax(true).withStreaming(true)
                .withMetadata(Map.of("rnn4j.note", "x")));
        OnnxImport.Result r = OnnxImport.read(file);
        assertEquals("x", r.metadata().get("rnn4j.note"));
        assertEquals(java.util.List.of("head.probabilities"), r.dropped());
        int[] ids = OnnxExportTest.tokens(11, 8);
        Seq in = Seq.ofTokens(ids, OnnxExportTest.STEPS, OnnxExportTest.LENGTHS.length, OnnxExportTest.LENGTHS);
        OnnxExportTest.assertValidStepsEqual(m.forward(in, ForwardContext.inference()).output("head"),
                r.model().forward(in, ForwardContext.inference()).output("head").values, "round trip");
    }

    // ---- bad input: one line each, and nothing half-read ----

    static String refusal(Path file) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxImport.read(file));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.getFileName().toString() + ": "), e.getMessage());
        return e.getMessage();
    }

    ModelProto lstm() throws IOException {
        return ModelProto.parseFrom(Files.readAllBytes(fixture("lstm_1.onnx")));
    }

    Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void truncatedAndForeignFilesAreRefused() throws Exception {
        byte[] good = Files.readAllBytes(fixture("lstm_1.onnx"));
        for (int cut : new int[]{1, 10, good.length / 3, good.length - 5}) {
            String m = assertThrows(ModelFormatException.class,
                    () -> OnnxImport.read(write("cut.onnx", java.util.Arrays.copyOf(good, cut)))).getMessage();
            assertTrue(m.startsWith("cut.onnx: ") && !m.contains("\n"), m);
        }
        assertTrue(refusal(write("empty.onnx", new byte[0])).contains("empty file"));
        assertTrue(refusal(write("text.onnx", "hello, this is not a model\n".getBytes(StandardCharsets.UTF_8)))
                .contains("not an ONNX model"));
    }

    @Test
    void newerOpsetIsRefused() throws Exception {
        ModelProto m = lstm().toBuilder().setOpsetImport(0, lstm().getOpsetImport(0).toBuilder().setVersion(22)).build();
        assertTrue(refusal(write("new.onnx", m.toByteArray())).contains("opset 22 is newer than the 21"));
    }

    @Test
    void weightShapesThatDisagreeWithTheOperatorAreRefused() throws Exception {
        ModelProto.Builder m = lstm().toBuilder();
        var g = m.getGraphBuilder();
        for (int i = 0; i < g.getInitializerCount(); i++) {
            TensorProto t = g.getInitializer(i);
            if (t.getDimsCount() == 3 && t.getDims(2) == 7) {
                g.setInitializer(i, t.toBuilder().setDims(2, 5).setRawData(t.getRawData().substring(0, t.getRawData().size() * 5 / 7)));
            }
        }
        assertTrue(refusal(write("shape.onnx", m.build().toByteArray())).contains("R has shape [1, 28, 5], expected [1, 28, 7]"));
        ModelProto.Builder short_ = lstm().toBuilder();
        TensorProto first = short_.getGraph().getInitializer(0);
        short_.getGraphBuilder().setInitializer(0, first.toBuilder().setRawData(first.getRawData().substring(4)));
        assertTrue(refusal(write("bytes.onnx", short_.build().toByteArray())).contains("bytes of data, but its dimensions need"));
    }

    @Test
    void missingOrEscapingExternalDataIsRefused() throws Exception {
        ModelProto.Builder m = lstm().toBuilder();
        TensorProto t = m.getGraph().getInitializer(0);
        TensorProto external = t.toBuilder().clearRawData().setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue("weights.bin")).build();
        m.getGraphBuilder().setInitializer(0, external);
        Path file = write("ext.onnx", m.build().toByteArray());
        assertTrue(refusal(file).contains("keeps its data in 'weights.bin', which is missing"));
        // Present beside the model, it is read.
        Files.write(dir.resolve("weights.bin"), t.getRawData().toByteArray());
        OnnxImport.read(file);
        m.getGraphBuilder().setInitializer(0, external.toBuilder().setExternalData(0,
                StringStringEntryProto.newBuilder().setKey("location").setValue("../../etc/passwd")));
        assertTrue(refusal(write("escape.onnx", m.build().toByteArray())).contains("outside the model's folder"));
    }

    @Test
    void unsupportedOperatorsAndAttributesAreNamed() throws Exception {
        ModelProto.Builder m = lstm().toBuilder();
        var g = m.getGraphBuilder();
        for (int i = 0; i < g.getNodeCount(); i++) {
            NodeProto n = g.getNode(i);
            if (n.getOpType().equals("Squeeze")) {
                g.setNode(i, n.toBuilder().setOpType("Conv"));
            }
        }
        assertTrue(refusal(write("conv.onnx", m.build().toByteArray())).contains("operator Conv is not supported"));
        ModelProto.Builder clip = lstm().toBuilder();
        var cg = clip.getGraphBuilder();
        for (int i = 0; i < cg.getNodeCount(); i++) {
            NodeProto n = cg.getNode(i);
            if (n.getOpType().equals("LSTM")) {
                cg.setNode(i, n.toBuilder().addAttribute(OnnxGraph.floatAttribute("clip", 3f)));
            }
        }
        assertTrue(refusal(write("clip.onnx", clip.build().toByteArray())).contains("attribute 'clip' is not supported"));
    }
}
