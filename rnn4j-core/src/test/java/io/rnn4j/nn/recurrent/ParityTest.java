package io.rnn4j.nn.recurrent;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.ParameterSet;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks the float engine against fixtures written by PyTorch 1.13
 * ({@code src/test/python/make_parity_fixtures.py}): outputs, final states and every gradient of
 * nn.RNN (tanh, relu), nn.LSTM and nn.GRU with 1–3 layers, uni- and bidirectional, with and
 * without packed variable-length sequences, to 1e-5 (relative, or absolute below magnitude 1).
 */
class ParityTest {

    static final double TOL = 1e-5;

    @TestFactory
    Stream<DynamicTest> pytorchFixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(ParityTest.class.getResource("/parity").toURI());
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().collect(Collectors.toList());
        }
        assertEquals(48, files.size(), "expected 48 parity fixtures");
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> check(f)));
    }

    private static void check(Path file) {
        JsonObject fx = read(file);
        String cellName = fx.get("cell").getAsString();
        int steps = fx.get("T").getAsInt();
        int batch = fx.get("B").getAsInt();
        int layers = fx.get("num_layers").getAsInt();
        boolean bidir = fx.get("bidirectional").getAsBoolean();
        RecurrentConfig cfg = RecurrentConfig.of(RecurrentConfig.CellType.valueOf(cellName.toUpperCase()),
                fx.get("input_size").getAsInt(), fx.get("hidden_size").getAsInt()).layers(layers);
        if (bidir) {
            cfg = cfg.bidirectional(RecurrentConfig.Merge.CONCAT);
        }
        if (cellName.equals("rnn") && fx.get("nonlinearity").getAsString().equals("relu")) {
            cfg = cfg.nonlinearity(SimpleRnn.Nonlinearity.RELU);
        }
        RecurrentStack stack = new RecurrentStack(cfg);
        ParameterSet ps = new ParameterSet(stack.parameters());
        JsonObject params = fx.getAsJsonObject("params");
        assertEquals(params.size(), ps.parameters().size(), "parameter count");
        for (Map.Entry<String, JsonElement> e : params.entrySet()) {
            Parameter p = ps.get(e.getKey());
            p.copyFrom(floats(e.getValue().getAsJsonObject().get("data")));
        }
        int dirs = cfg.directions();
        int sc = cfg.stateCount();
        int bh = batch * cfg.hiddenSize();
        float[] h0 = floats(fx.get("h0"));
        float[] c0 = sc == 2 ? floats(fx.get("c0")) : null;
        float[][][] init = new float[layers * dirs][sc][];
        for (int k = 0; k < layers * dirs; k++) {
            init[k][0] = slice(h0, k * bh, bh);
            if (sc == 2) {
                init[k][1] = slice(c0, k * bh, bh);
            }
        }
        int[] lengths = fx.get("lengths").isJsonNull() ? null : ints(fx.get("lengths"));
        float[] x = floats(fx.get("x"));
        RecurrentStack.StackCache cache = stack.forward(x, steps, batch, lengths, init, null);
        String name = fx.get("name").getAsString();
        assertClose(name + " output", floats(fx.get("output")), cache.output);
        assertClose(name + " h_n", floats(fx.get("h_n")), stateBlock(cache.finalState, 0, bh));
        if (sc == 2) {
            assertClose(name + " c_n", floats(fx.get("c_n")), stateBlock(cache.finalState, 1, bh));
        }

        float[] wh = floats(fx.get("w_h"));
        float[] wc = sc == 2 ? floats(fx.get("w_c")) : null;
        float[][][] dFinal = new float[layers * dirs][sc][];
        for (int k = 0; k < layers * dirs; k++) {
            dFinal[k][0] = slice(wh, k * bh, bh);
            if (sc == 2) {
                dFinal[k][1] = slice(wc, k * bh, bh);
            }
        }
        float[] dx = new float[x.length];
        ps.zeroGrad();
        float[][][] dInit = stack.backward(cache, floats(fx.get("w_out")), dFinal, dx);
        JsonObject grads = fx.getAsJsonObject("grads");
        for (Map.Entry<String, JsonElement> e : grads.entrySet()) {
            Parameter p = ps.get(e.getKey());
            assertClose(name + " grad " + e.getKey(), floats(e.getValue()),
                    slice(p.grad(), p.offset(), p.size()));
        }
        assertClose(name + " grad x", floats(fx.get("grad_x")), dx);
        assertClose(name + " grad h0", floats(fx.get("grad_h0")), stateBlock(dInit, 0, bh));
        if (sc == 2) {
            assertClose(name + " grad c0", floats(fx.get("grad_c0")), stateBlock(dInit, 1, bh));
        }
    }

    static void assertClose(String what, float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]) / Math.max(1.0, Math.abs(expected[i]));
            if (!(err <= worst) || Double.isNaN(actual[i])) {
                worst = Double.isNaN(actual[i]) ? Double.POSITIVE_INFINITY : err;
                at = i;
            }
        }
        if (worst > TOL) {
            fail(what + ": error " + worst + " at index " + at + " (expected " + expected[at] + ", got " + actual[at] + ")");
        }
        assertTrue(worst <= TOL);
    }

    private static float[] stateBlock(float[][][] states, int kind, int bh) {
        float[] out = new float[states.length * bh];
        for (int k = 0; k < states.length; k++) {
            System.arraycopy(states[k][kind], 0, out, k * bh, bh);
        }
        return out;
    }

    private static float[] slice(float[] a, int off, int n) {
        float[] s = new float[n];
        System.arraycopy(a, off, s, 0, n);
        return s;
    }

    private static JsonObject read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static float[] floats(JsonElement e) {
        var arr = e.getAsJsonArray();
        float[] out = new float[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).getAsFloat();
        }
        return out;
    }

    private static int[] ints(JsonElement e) {
        var arr = e.getAsJsonArray();
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).getAsInt();
        }
        return out;
    }
}
