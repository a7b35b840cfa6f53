package io.rnn4j.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnn4j.cli.CliRunner.Run;
import io.rnn4j.io.ModelFile;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.nn.SequenceModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnn4j translate train / eval / translate} on a small generated pair file (numbers in
 * English words and Chinese characters): the files a run writes, scores as JSON, translation
 * with a heat map, one-line refusals of bad input, and a killed run resumed to the same weights.
 */
class TranslateCliTest {

    @TempDir
    static Path dir;
    static Path data;
    static Path model;

    static final String[] EN = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};
    static final String[] ZH = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};

    @BeforeAll
    static void trainASmallModel() throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            int n = 1 + r.nextInt(4);
            StringBuilder en = new StringBuilder();
            StringBuilder zh = new StringBuilder();
            for (int k = 0; k < n; k++) {
                int d = r.nextInt(10);
                en.append(k == 0 ? "" : " ").append(EN[d]);
                zh.append(ZH[d]);
            }
            lines.add(en + ".\t" + zh + "。\tCC-BY 2.0 (France) #" + i);
        }
        data = dir.resolve("pairs.txt");
        Files.write(data, lines);
        model = dir.resolve("en-zh.model");
        Run run = CliRunner.run(train(model, "60").toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("rnn4j translate train: en -> zh on pairs.txt"), run.out());
        assertTrue(run.out().contains("dev BLEU"), run.out());
    }

    static List<String> train(Path out, String steps) {
        return new ArrayList<>(List.of("translate", "train", "--data", data.toString(), "--out", out.toString(),
                "--embed", "16", "--hidden", "16", "--decoder-hidden", "24", "--attention-size", "8", "--merges", "30",
                "--batch", "16", "--max-steps", steps, "--validate-every", "20", "--threads", "2", "--lr", "0.01"));
    }

    @Test
    void jsonPrintsTheSummaryAsOneObject() {
        List<String> args = train(dir.resolve("json.model"), "3");
        args.add("--json");
        Run run = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals("done", o.get("status").getAsString());
        assertEquals(3, o.get("steps").getAsInt());
        assertTrue(o.has("dev_bleu"), o.toString());
        assertTrue(run.err().contains("rnn4j translate train: en -> zh"), "progress and notes go to stderr: " + run.err());
    }

    @Test
    void aRunWritesTheModelMetricsAndPlotAndRemovesItsCheckpoint() {
        assertTrue(Files.exists(model));
        assertTrue(Files.exists(Path.of(model + ".metrics.jsonl")));
        assertTrue(Files.exists(Path.of(model + ".loss.png")));
        assertFalse(Files.exists(Path.of(model + ".ckpt")));
    }

    @Test
    void evalPrintsBleuChrfAndSentencesAsJson() {
        Run r = CliRunner.run("translate", "eval", "--model", model.toString(), "--data", data.toString(), "--json",
                "--samples", "2");
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertTrue(o.get("bleu").getAsDouble() >= 0 && o.get("bleu").getAsDouble() <= 100, r.out());
        assertTrue(o.get("chrf").getAsDouble() >= 0, r.out());
        assertTrue(o.get("sentences").getAsInt() > 10, r.out()); // a twentieth of the distinct English sentences
        assertEquals(2, o.getAsJsonArray("samples").size());
        assertEquals("test", o.get("split").getAsString());
    }

    @Test
    void translatesASentenceAndPlotsItsAttention() {
        Path png = dir.resolve("attention.png");
        Run r = CliRunner.run("translate", "--model", model.toString(), "--explain", png.toString(), "one two three.");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().strip().lines().count(), r.out());
        assertTrue(Files.exists(png));
        Run beam = CliRunner.run("translate", "--model", model.toString(), "--beam", "3", "one two.", "four.");
        assertEquals(0, beam.code(), beam.err());
        assertEquals(2, beam.out().strip().lines().count(), beam.out());
    }

    /** Under a C locale the JDK would write Chinese as '?'; rnn4j writes UTF-8 whatever the locale. */
    @Test
    void chineseComesOutAsUtf8UnderACLocale() throws Exception {
        List<String> cmd = CliRunner.childJvm();
        cmd.addAll(List.of("translate", "--model", model.toString(), "one two."));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LANG", "C");
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        String text = new String(out, java.nio.charset.StandardCharsets.UTF_8).strip();
        assertFalse(text.isEmpty());
        assertFalse(text.contains("?"), text);
        assertTrue(text.codePoints().anyMatch(c -> c >= 0x4e00 && c <= 0x9fff || c == 0x3002), text);
    }

    @Test
    void badInputGetsOneClearLine() throws IOException {
        CliRunner.assertRefused(List.of("translate", "--model", model.toString(), ""), "the sentence to translate is empty");
        CliRunner.assertRefused(List.of("translate", "--model", model.toString(), "one ".repeat(80)), "this model translates at most");
        CliRunner.assertRefused(List.of("translate", "--model", data.toString(), "one."), "pairs.txt");
        Path plain = dir.resolve("plain.model");
        SequenceModel lm = new SequenceModel(4).add("head", new Dense(4, 4)).initialize(Init.PYTORCH, 1);
        ModelFile.save(plain, lm, null, null);
        CliRunner.assertRefused(List.of("translate", "--model", plain.toString(), "one."), "is not a translation model");
        CliRunner.assertRefused(List.of("translate", "eval", "--model", plain.toString(), "--data", data.toString()), "is not a translation model");
        List<String> french = train(dir.resolve("fr.model"), "1");
        french.addAll(List.of("--source", "fr"));
        CliRunner.assertRefused(french, "unknown source language 'fr'");
        List<String> same = train(dir.resolve("same.model"), "1");
        same.addAll(List.of("--source", "en", "--target", "en"));
        CliRunner.assertRefused(same, "source and target are both 'en'");
        List<String> columns = train(dir.resolve("cols.model"), "1");
        columns.addAll(List.of("--columns", "en,en"));
        CliRunner.assertRefused(columns, "--columns gives both columns the language 'en'");
        Path missing = dir.resolve("missing.txt");
        Files.writeString(missing, "one.\t一。\ntwo.\n");
        List<String> broken = train(dir.resolve("broken.model"), "1");
        broken.set(3, missing.toString());
        CliRunner.assertRefused(broken, "missing.txt line 2: expected two tab-separated columns");
        assertFalse(Files.exists(dir.resolve("broken.model")));
        Path empty = dir.resolve("empty-side.txt");
        Files.writeString(empty, "one.\t \n");
        broken.set(3, empty.toString());
        CliRunner.assertRefused(broken, "the second column (target sentence) is empty");
    }


    @Test
    void aKilledRunResumedEndsWithTheSameWeights() throws Exception {
        Path reference = dir.resolve("reference.model");
        List<String> options = train(reference, "120");
        options.addAll(List.of("--checkpoint-every", "10", "--scheduled-sampling", "0.25"));
        assertEquals(0, CliRunner.run(options.toArray(String[]::new)).code());

        Path killed = dir.resolve("killed.model");
        options.set(5, killed.toString());
        Path checkpoint = Path.of(killed + ".ckpt");
        CliRunner.killAfterFirstCheckpoint(options, checkpoint, dir.resolve("killed.log"));
        assertFalse(Files.exists(killed));

        Run resumed = CliRunner.run("translate", "train", "--resume", checkpoint.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertArrayEquals(weights(reference), weights(killed));
        assertFalse(Files.exists(checkpoint));
    }

    private static float[] weights(Path file) {
        ParameterSet ps = ModelFile.load(file).model().parameters();
        return ps.values().clone();
    }

    /** A trained translator, loaded from its file, exports to ONNX: its encoder inlined, its decoder a Scan. */
    @Test
    void exportsToOnnx() throws IOException {
        Path onnx = dir.resolve("en-zh.onnx");
        Run run = CliRunner.run("export", "onnx", "--model", model.toString(), "--out", onnx.toString());
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("input  source int64 (T, B)") && run.out().contains("input  target int64 (T, B)")
                && run.out().contains("input  source.lengths int32 (B)") && run.out().contains("output logits float (T, B, "),
                run.out());
        assertTrue(Files.size(onnx) > 10_000);
    }
}
