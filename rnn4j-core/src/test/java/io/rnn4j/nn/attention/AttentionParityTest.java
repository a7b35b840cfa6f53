package io.rnn4j.nn.attention;

import com.google.gson.JsonObject;
import io.rnn4j.ParityFixtures;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.MultiInputLayer;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.tensor.Seq;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link AttentionDecoder} against PyTorch 1.13 (fixtures written by
 * {@code src/test/python/make_attention_fixtures.py}): three decoder steps from the start with
 * each attention score, LSTM and GRU cells, one and two layers, with and without input feeding,
 * over a padded memory and padded targets. Outputs at valid steps, the attention weights, and the
 * gradients of every weight, the memory, the summary and the embedded inputs agree to 1e-5
 * (relative, or absolute below magnitude 1).
 */
class AttentionParityTest {

    static final double TOL = 1e-5;

    static Stream<Path> fixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(AttentionParityTest.class.getResource("/attention-parity").toURI());
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith("attention_")).sorted().forEach(files::add);
        }
        assertEquals(8, files.size(), "attention fixtures");
        return files.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void matchesPyTorch(Path file) {
        JsonObject fx = ParityFixtures.read(file);
        int t = fx.get("T").getAsInt();
        int b = fx.get("B").getAsInt();
        int s = fx.get("S").getAsInt();
        int e = fx.get("embedding").getAsInt();
        int dm = fx.get("memory_size").getAsInt();
        int k = fx.get("summary_size").getAsInt();
        int h = fx.get("hidden_size").getAsInt();
        RecurrentConfig.CellType cell = RecurrentConfig.CellType.valueOf(fx.get("cell").getAsString().toUpperCase(Locale.ROOT));
        Attention.Score score = Attention.Score.valueOf(fx.get("score").getAsString().toUpperCase(Locale.ROOT));
        AttentionDecoder decoder = new AttentionDecoder(RecurrentConfig.of(cell, e, h).layers(fx.get("num_layers").getAsInt()),
                dm, k, score, fx.get("attention_size").getAsInt(), fx.get("input_feeding").getAsBoolean());
        ParameterSet ps = new ParameterSet(decoder.parameters(), names(decoder.parameters()));
        JsonObject params = fx.getAsJsonObject("params");
        assertEquals(params.size(), decoder.parameters().size(), "parameter count");
        for (Parameter p : decoder.parameters()) {
            assertTrue(params.has(p.name()), "fixture lacks " + p.name());
            p.copyFrom(ParityFixtures.floats(params.getAsJsonObject(p.name()).get("data")));
        }
        int[] sourceLengths = ParityFixtures.ints(fx.get("source_lengths"));
        int[] targetLengths = ParityFixtures.ints(fx.get("target_lengths"));
        Seq inputs = Seq.ofValues(ParityFixtures.floats(fx.get("inputs")), t, b, e, targetLengths);
        Seq memory = Seq.ofValues(ParityFixtures.floats(fx.get("memory")), s, b, dm, sourceLengths);
        Seq summary = Seq.ofValues(ParityFixtures.floats(fx.get("summary")), 1, b, k, null);
        ps.zeroGrad();
        MultiInputLayer.Pass pass = decoder.forward(new Seq[] {inputs, memory, summary}, new ForwardContext(false, null, Map.of()));
        float[] out = pass.output().values;
        for (int step = 0; step < t; step++) {
            for (int row = 0; row < b; row++) {
                if (step >= targetLengths[row]) {
                    java.util.Arrays.fill(out, (step * b + row) * h, (step * b + row + 1) * h, 0f);
                }
            }
        }
        ParityFixtures.close("output", ParityFixtures.floats(fx.get("output")), out, TOL);
        float[][] dIns = {new float[inputs.values.length], new float[memory.values.length], new float[summary.values.length]};
        decoder.backward(pass, ParityFixtures.floats(fx.get("w_out")), dIns);
        JsonObject grads = fx.getAsJsonObject("grads");
        for (Parameter p : decoder.parameters()) {
            ParityFixtures.close("grad " + p.name(), ParityFixtures.floats(grads.get(p.name())), java.util.Arrays.copyOfRange(p.grad(), p.offset(), p.offset() + p.size()), TOL);
        }
        ParityFixtures.close("grad inputs", ParityFixtures.floats(fx.get("grad_inputs")), dIns[0], TOL);
        ParityFixtures.close("grad memory", ParityFixtures.floats(fx.get("grad_memory")), dIns[1], TOL);
        ParityFixtures.close("grad summary", ParityFixtures.floats(fx.get("grad_summary")), dIns[2], TOL);

        // the same steps one at a time through start/step, with the attention weights of each
        AttentionDecoder.State state = decoder.start(Seq.ofValues(memory.values, s, b, dm, sourceLengths), summary);
        float[] expectedWeights = ParityFixtures.floats(fx.get("attention"));
        for (int step = 0; step < t; step++) {
            float[] o = decoder.step(state, java.util.Arrays.copyOfRange(inputs.values, step * b * e, (step + 1) * b * e));
            for (int row = 0; row < b; row++) {
                if (step < targetLengths[row]) {
                    ParityFixtures.close("step " + step + " output", java.util.Arrays.copyOfRange(ParityFixtures.floats(fx.get("output")),
                            (step * b + row) * h, (step * b + row + 1) * h), java.util.Arrays.copyOfRange(o, row * h, (row + 1) * h), TOL);
                    ParityFixtures.close("step " + step + " attention", java.util.Arrays.copyOfRange(expectedWeights, (step * b + row) * s,
                            (step * b + row + 1) * s), java.util.Arrays.copyOfRange(state.weights(), row * s, (row + 1) * s), TOL);
                }
            }
        }
    }

    private static List<String> names(List<Parameter> ps) {
        List<String> n = new ArrayList<>();
        for (Parameter p : ps) {
            n.add(p.name());
        }
        return n;
    }
}
