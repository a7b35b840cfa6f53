package io.rnn4j.cli;

import io.rnn4j.cli.CliRunner.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.rnn4j.cli.CliRunner.assertRefused;
import static io.rnn4j.cli.CliRunner.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnn4j export onnx|pytorch} and {@code import onnx|pytorch} on a trained language model:
 * the round trips keep the loss on the training text to the printed digits, the imported files
 * sample, and bad input is one line with no file written.
 */
class InteropCliTest {

    @TempDir
    static Path dir;
    static Path text;
    static Path model;

    @BeforeAll
    static void train() throws Exception {
        text = dir.resolve("text.txt");
        StringBuilder sb = new StringBuilder();
        String[] words = {"the", "cat", "sat", "on", "a", "mat", "and", "dog", "ran", "far"};
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < 1500; i++) {
            sb.append(words[r.nextInt(words.length)]).append(i % 9 == 8 ? "\n" : " ");
        }
        Files.writeString(text, sb.toString());
        model = dir.resolve("lm.rnn4j");
        Run train = run("train", "--data", text.toString(), "--layers", "2", "--hidden", "16", "--embed", "8", "--seq-len", "16",
                "--batch", "8", "--epochs", "1", "--out", model.toString());
        assertEquals(0, train.code(), train.err());
    }

    /** The "x.xxxx nats/token" that eval prints. */
    static String loss(Path m) {
        Run eval = run("eval", "--model", m.toString(), "--data", text.toString());
        assertEquals(0, eval.code(), eval.err());
        Matcher x = Pattern.compile("([0-9.]+) nats/token").matcher(eval.out());
        assertTrue(x.find(), eval.out());
        return x.group(1);
    }

    @Test
    void onnxRoundTripKeepsTheLossAndTheTokenizer() {
        Path onnx = dir.resolve("lm.onnx");
        Run export = run("export", "onnx", "--model", model.toString(), "--out", onnx.toString(), "--softmax", "--streaming");
        assertEquals(0, export.code(), export.err());
        assertTrue(export.out().contains("input  rnn.h0 float (2, B, 16)") && export.out().contains("output head.probabilities"),
                export.out());
        Path back = dir.resolve("back.rnn4j");
        Run imported = run("import", "onnx", "--in", onnx.toString(), "--out", back.toString());
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("with a tokenizer") && imported.out().contains("left out output head.probabilities"),
                imported.out());
        assertEquals(loss(model), loss(back));
        Run sample = run("sample", "--model", back.toString(), "--seed", "1");
        assertEquals(0, sample.code(), sample.err());

        // --json: what was written, as one object on stdout
        Path jsonOnnx = dir.resolve("json.onnx");
        var e = com.google.gson.JsonParser.parseString(run("export", "onnx", "--model", model.toString(), "--out", jsonOnnx.toString(),
                "--streaming", "--json").out()).getAsJsonObject();
        assertEquals(jsonOnnx.toString(), e.get("out").getAsString());
        assertTrue(e.getAsJsonArray("inputs").toString().contains("rnn.h0 float (2, B, 16)"), e.toString());
        var i = com.google.gson.JsonParser.parseString(run("import", "onnx", "--in", jsonOnnx.toString(), "--out",
                dir.resolve("json-back.rnn4j").toString(), "--json").out()).getAsJsonObject();
        assertTrue(i.get("tokenizer").getAsBoolean());
        assertEquals("onnx", i.get("format").getAsString());
        var p = com.google.gson.JsonParser.parseString(run("export", "pytorch", "--model", model.toString(), "--out",
                dir.resolve("json.safetensors").toString(), "--json").out()).getAsJsonObject();
        assertEquals("[64,16]", p.getAsJsonObject("tensors").get("rnn.weight_ih_l1").toString());
    }

    @Test
    void pytorchRoundTripInEveryDtype() {
        String original = loss(model);
        for (String dtype : List.of("F32", "F64", "BF16", "F16")) {
            Path sd = dir.resolve("sd-" + dtype + ".safetensors");
            Run export = run("export", "pytorch", "--model", model.toString(), "--out", sd.toString(), "--dtype", dtype);
            assertEquals(0, export.code(), export.err());
            assertTrue(export.out().contains("rnn.weight_ih_l1 [64, 16]"), export.out());
            Path back = dir.resolve("sd-" + dtype + ".rnn4j");
            Run imported = run("import", "pytorch", "--weights", sd.toString(), "--arch", "embed:embedding,rnn:lstm,head:linear",
                    "--tokenizer-text", text.toString(), "--out", back.toString());
            assertEquals(0, imported.code(), imported.err());
            String after = loss(back);
            if (dtype.startsWith("F3") || dtype.equals("F64")) {
                assertEquals(original, after, dtype);
            } else {
                // Half precision rounds the weights: the loss moves, a little.
                assertEquals(Double.parseDouble(original), Double.parseDouble(after), 0.02, dtype);
            }
        }
    }

    @Test
    void clockworkAndJordanNetworksExportWithStreamingStates() {
        Path clockwork = dir.resolve("clockwork.rnn4j");
        Path jordan = dir.resolve("jordan.rnn4j");
        for (Path m : List.of(clockwork, jordan)) {
            String cell = m == clockwork ? "clockwork" : "jordan";
            Run train = run("train", "--data", text.toString(), "--cell", cell, "--hidden", "8", "--seq-len", "8", "--batch", "4",
                    "--epochs", "1", "--out", m.toString());
            assertEquals(0, train.code(), train.err());
        }
        Run clock = run("export", "onnx", "--model", clockwork.toString(), "--out", dir.resolve("clockwork.onnx").toString(),
                "--streaming");
        assertEquals(0, clock.code(), clock.err());
        assertTrue(clock.out().contains("input  rnn.clock0 float (") && clock.out().contains("output rnn.clockN"),
                clock.out());
        Run export = run("export", "onnx", "--model", jordan.toString(), "--out", dir.resolve("jordan.onnx").toString(), "--streaming");
        assertEquals(0, export.code(), export.err());
        assertTrue(export.out().contains("input  jordan.h0 float (1, B, "), export.out());
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws Exception {
        Path out = dir.resolve("never.rnn4j");
        Path garbage = dir.resolve("garbage.onnx");
        Files.writeString(garbage, "this is not a model at all, just text\n");
        assertRefused(List.of("import", "onnx", "--in", garbage.toString(), "--out", out.toString()), "garbage.onnx: not an ONNX model");
        Path sd = dir.resolve("for-arch.safetensors");
        assertEquals(0, run("export", "pytorch", "--model", model.toString(), "--out", sd.toString()).code());
        assertRefused(List.of("import", "pytorch", "--weights", sd.toString(), "--arch", "embed:embedding,rnn:gru,head:linear",
                "--out", out.toString()), "for-arch.safetensors: 'rnn.weight_ih_l0' has 64 rows");
        assertRefused(List.of("import", "pytorch", "--weights", sd.toString(), "--arch", "embed:embedding,rnn:lstm",
                "--out", out.toString()), "unexpected head.weight, head.bias");
        assertRefused(List.of("import", "pytorch", "--weights", sd.toString(), "--arch", "rnn-lstm", "--out", out.toString()),
                "architecture entry 'rnn-lstm' must be NAME:KIND");
        assertRefused(List.of("import", "pytorch", "--weights", sd.toString(), "--arch", "embed:embedding,rnn:lstm,head:linear",
                "--tokenizer-text", model.toString(), "--out", out.toString()), "is not UTF-8 text");
        assertRefused(List.of("export", "pytorch", "--model", model.toString(), "--out", sd.toString(), "--dtype", "F8"),
                "--dtype must be F32, F64, F16 or BF16");
        assertRefused(List.of("export", "onnx", "--model", model.toString(), "--out", dir.toString()), "is a directory");
        assertFalse(Files.exists(out));
    }
}
