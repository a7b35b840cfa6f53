package io.rnn4j.cli;

import com.google.gson.JsonParser;
import io.rnn4j.cli.CliRunner.Run;
import io.rnn4j.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The train → sample → eval path of the command line, and its one-line errors. */
class CliTest {

    @TempDir
    Path dir;

    private static Run run(String... args) {
        return CliRunner.run(args);
    }

    @Test
    void trainThenSampleThenEval() throws Exception {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "to be or not to be, that is the question.\n".repeat(60));
        Path model = dir.resolve("m.rnn4j");
        for (String tokens : new String[] {"char", "word"}) {
            Run train = run("train", "--data", text.toString(), "--tokens", tokens, "--layers", "1", "--hidden", "32",
                    "--embed", "8", "--seq-len", "10", "--batch", "4", "--epochs", "3", "--validate-every", "10",
                    "--lr", "0.01", "--out", model.toString());
            assertEquals(0, train.code(), train.err());
            assertTrue(train.out().contains("saved"), train.out());
            var lines = Files.readAllLines(Path.of(model + ".metrics.jsonl"));
            assertTrue(lines.size() > 10, "one JSON line per update and validation");
            assertTrue(lines.stream().anyMatch(l -> l.contains("\"validation_loss\"")), "validation lines");
            var png = javax.imageio.ImageIO.read(Path.of(model + ".loss.png").toFile());
            assertEquals(800, png.getWidth());
            var manifest = ModelFile.load(model).manifest();
            assertEquals(tokens, manifest.getAsJsonObject("tokenizer").get("kind").getAsString());
            assertEquals(64, manifest.getAsJsonObject("provenance").get("data_sha256").getAsString().length());

            Run sample = run("sample", "--model", model.toString(), "--prime", "to", "--length", "20", "--top-k", "3");
            assertEquals(0, sample.code(), sample.err());
            assertTrue(sample.out().startsWith("to"), sample.out());

            Run beam = run("sample", "--model", model.toString(), "--prime", "to", "--length", "12", "--beam", "4");
            assertEquals(0, beam.code(), beam.err());
            assertTrue(beam.out().startsWith("to"), beam.out());
            assertTrue(beam.err().contains("beam 4: log-probability"), beam.err());
            Run beamAgain = run("sample", "--model", model.toString(), "--prime", "to", "--length", "12", "--beam", "4", "--seed", "9");
            assertEquals(beam.out(), beamAgain.out(), "beam search is deterministic");
            Run mixed = run("sample", "--model", model.toString(), "--beam", "4", "--top-k", "3");
            assertEquals(2, mixed.code());
            assertTrue(mixed.err().contains("does not combine"), mixed.err());

            Run info = run("info", "--model", model.toString());
            assertEquals(0, info.code(), info.err());
            assertTrue(info.out().contains("vocabulary " + tokens + " tokens"), info.out());
            assertTrue(info.out().contains("\"data_sha256\""), info.out());
            assertTrue(info.out().contains("rnn.weight_hh_l0"), info.out());

            Run eval = run("eval", "--model", model.toString(), "--data", text.toString(), "--json");
            assertEquals(0, eval.code(), eval.err());
            var result = JsonParser.parseString(eval.out()).getAsJsonObject();
            double nats = result.get("cross_entropy_nats").getAsDouble();
            assertTrue(nats > 0 && nats < 2.0, tokens + " model learned the repeated line: " + nats);
            assertEquals(Math.exp(nats), result.get("perplexity").getAsDouble(), 1e-9);
        }
    }

    @Test
    void userErrorsAreOneLine() throws Exception {
        Run missing = run("train", "--data", dir.resolve("nope.txt").toString());
        assertEquals(ExitCodes.INPUT, missing.code());
        assertEquals("rnn4j: error: --data " + dir.resolve("nope.txt") + ": no such file", missing.err().strip());

        Path bad = dir.resolve("bad.rnn4j");
        Files.writeString(bad, "not a model");
        Run sample = run("sample", "--model", bad.toString());
        assertEquals(ExitCodes.INPUT, sample.code());
        assertEquals(1, sample.err().strip().lines().count(), sample.err());
        assertTrue(sample.err().contains("bad.rnn4j"), sample.err());

        Path text = dir.resolve("t.txt");
        Files.writeString(text, "abc".repeat(500));
        Run rtrlWithEmbedding = run("train", "--data", text.toString(), "--algorithm", "rtrl", "--embed", "16");
        assertEquals(2, rtrlWithEmbedding.code());
        assertTrue(rtrlWithEmbedding.err().strip().lines().count() == 1
                && rtrlWithEmbedding.err().contains("--embed does not apply to --algorithm rtrl"), rtrlWithEmbedding.err());
        Run rtrlTooBig = run("train", "--data", text.toString(), "--algorithm", "rtrl", "--hidden", "4096", "--layers", "1");
        assertEquals(2, rtrlTooBig.code());
        assertTrue(rtrlTooBig.err().contains("MiB") && rtrlTooBig.err().contains("O(n^4)"), rtrlTooBig.err());
        Run fullBptt = run("train", "--data", text.toString(), "--algorithm", "bptt", "--layers", "1", "--hidden", "8",
                "--embed", "4", "--batch", "4", "--seq-len", "10", "--max-steps", "5", "--out", dir.resolve("b.rnn4j").toString());
        assertEquals(0, fullBptt.code(), fullBptt.err());
        assertTrue(Files.exists(dir.resolve("b.rnn4j")));

        Run badTime = run("train", "--data", text.toString(), "--max-time", "ten minutes");
        assertEquals(2, badTime.code());
        assertTrue(badTime.err().contains("duration 'ten minutes'"), badTime.err());
    }

    @Test
    void onlineAlgorithmsTrainALanguageModelThatSampleAndEvalRead() throws Exception {
        Path text = dir.resolve("abc.txt");
        Files.writeString(text, "abcd".repeat(400));
        for (String algorithm : new String[] {"rtrl", "ekf", "dekf"}) {
            Path model = dir.resolve(algorithm + ".rnn4j");
            Run train = run("train", "--data", text.toString(), "--algorithm", algorithm, "--layers", "1", "--hidden", "4",
                    "--lr", "0.05", "--max-steps", "600", "--validate-every", "200", "--checkpoint-every", "250",
                    "--out", model.toString());
            assertEquals(0, train.code(), train.err());
            assertTrue(train.out().contains("one-hot inputs, an update per token"), train.out());
            var provenance = ModelFile.load(model).manifest().getAsJsonObject("provenance");
            assertEquals(600, provenance.get("steps").getAsLong());
            assertTrue(provenance.get("command").getAsString().startsWith("train --algorithm " + algorithm), provenance.toString());
            // the next character of "abcd..." is certain after a few hundred updates
            assertTrue(provenance.get("validation_loss").getAsDouble() < 0.5, algorithm + ": " + provenance);
            Run sample = run("sample", "--model", model.toString(), "--prime", "ab", "--length", "6", "--beam", "1");
            assertEquals(0, sample.code(), sample.err());
            assertEquals("abcdabcd", sample.out().strip(), algorithm);
        }
    }

    @Test
    void clockworkAndJordanLanguageModelsTrainAndSampleFromTheCommandLine() throws Exception {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "to be or not to be, that is the question.\n".repeat(60));
        for (String cell : new String[] {"clockwork", "jordan"}) {
            Path model = dir.resolve(cell + ".rnn4j");
            Run train = run("train", "--data", text.toString(), "--cell", cell, "--layers", "1", "--hidden", "16",
                    "--modules", "4", "--embed", "8", "--seq-len", "10", "--batch", "4", "--epochs", "2", "--validate-every", "10",
                    "--lr", "0.01", "--out", model.toString());
            assertEquals(0, train.code(), train.err());
            Run sample = run("sample", "--model", model.toString(), "--prime", "to", "--length", "15", "--beam", "2");
            assertEquals(0, sample.code(), sample.err());
            assertTrue(sample.out().startsWith("to"), sample.out());
            Run info = run("info", "--model", model.toString());
            assertTrue(info.out().contains(cell.equals("jordan") ? "jordan" : "clock_periods"), info.out());
        }
        Run layers = run("train", "--data", text.toString(), "--cell", "jordan", "--layers", "2", "--batch", "4", "--seq-len", "10",
                "--out", dir.resolve("x").toString());
        assertEquals(2, layers.code());
        assertTrue(layers.err().contains("one hidden layer"), layers.err());
    }

    @Test
    void classicTasksRunByEveryAlgorithmAndReportPassOrFail() throws Exception {
        Run reber = run("task", "run", "reber", "--trials", "1", "--json");
        assertEquals(0, reber.code(), reber.err());
        com.google.gson.JsonObject r = com.google.gson.JsonParser.parseString(reber.out()).getAsJsonObject();
        assertEquals(1, r.get("passed").getAsInt(), reber.out());
        assertTrue(r.get("median_sequences_to_success").getAsLong() > 0);

        Run dekf = run("task", "run", "anbn", "--algorithm", "dekf", "--peepholes", "--max-sequences", "1500", "--ekf-p0", "1000",
                "--ekf-anneal", "20000", "--trials", "1");
        assertEquals(0, dekf.code(), dekf.err());
        assertTrue(dekf.out().contains("dekf lstm, 2 units") && dekf.out().contains("1/1 trials pass"), dekf.out());

        Run rtrl = run("task", "run", "long-lag", "--lag", "5", "--cell", "rnn", "--algorithm", "rtrl", "--max-sequences", "50",
                "--trials", "1");
        assertEquals(ExitCodes.NOT_MET, rtrl.code(), rtrl.err());
        assertTrue(rtrl.out().contains("multiply-adds per step") && rtrl.out().contains("FAIL after 50 sequences"), rtrl.out());
        assertEquals("rnn4j: failed: long-lag: 1 of 1 trial(s) did not meet the task's criterion", rtrl.err().strip());

        Run badAlgorithm = run("task", "run", "adding", "--algorithm", "backprop");
        assertEquals(2, badAlgorithm.code());
        assertEquals("rnn4j: error: unknown algorithm 'backprop'; use bptt, tbptt, rtrl, ekf or dekf", badAlgorithm.err().strip());
        Run badNoise = run("task", "run", "anbn", "--algorithm", "ekf", "--ekf-r", "big");
        assertEquals(2, badNoise.code());
        assertTrue(badNoise.err().contains("--ekf-r must be VALUE or START:END"), badNoise.err());
    }

    @Test
    void vanishingPrintsTheTableAndWritesThePlot() throws Exception {
        Path png = dir.resolve("v.png");
        Run v = run("vanishing", "--length", "30", "--hidden", "8", "--sequences", "16", "--png", png.toString());
        assertEquals(0, v.code(), v.err());
        assertTrue(v.out().contains("rnn: g(29)/g(0) = "), v.out());
        assertTrue(Files.size(png) > 1000, "a PNG was written");
        assertEquals((byte) 0x89, Files.readAllBytes(png)[0]);

        Run json = run("vanishing", "--length", "30", "--hidden", "8", "--sequences", "16", "--png", png.toString(), "--json");
        assertEquals(0, json.code(), json.err());
        var o = JsonParser.parseString(json.out()).getAsJsonObject().getAsJsonObject("gradient_norm_by_k");
        assertEquals(30, o.getAsJsonArray("rnn").size());
        // the same measurement as the table's last line: g(29)/g(0) for the RNN
        double ratio = o.getAsJsonArray("rnn").get(29).getAsDouble() / o.getAsJsonArray("rnn").get(0).getAsDouble();
        assertTrue(v.out().contains(String.format(java.util.Locale.ROOT, "rnn: g(29)/g(0) = %.2e", ratio)), v.out() + " vs " + ratio);
    }
}
