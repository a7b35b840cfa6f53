package io.rnn4j.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnn4j.cli.CliRunner.Run;
import io.rnn4j.io.ModelFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rnn4j caption make|train|eval|predict} end to end on a tiny set made from 8×8 bar "digits". */
class CaptionCliTest {

    @TempDir
    static Path dir;
    static Path set;
    static Path model;

    @BeforeAll
    static void makeASetAndTrain() throws IOException {
        SplittableRandom r = new SplittableRandom(8);
        Path idx = Files.createDirectories(dir.resolve("idx"));
        ImageCliTest.writeIdx(idx, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", 90, r);
        ImageCliTest.writeIdx(idx, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 30, r);
        set = dir.resolve("set");
        Run made = CliRunner.run("caption", "make", "--mnist", idx.toString(), "--out", set.toString(), "--train", "96",
                "--test", "20");
        assertEquals(0, made.code(), made.err());
        assertTrue(made.out().contains("wrote 96 training and 20 test pictures"), made.out());
        assertEquals(96, Files.readAllLines(set.resolve("train").resolve("captions.tsv")).size());
        assertTrue(Files.readString(set.resolve("README.txt")).contains("--train 96 --test 20 --seed 1"));
        Run json = CliRunner.run("caption", "make", "--mnist", idx.toString(), "--out", dir.resolve("set-json").toString(),
                "--train", "8", "--test", "4", "--json");
        assertEquals(0, json.code(), json.err());
        var o = com.google.gson.JsonParser.parseString(json.out()).getAsJsonObject();
        assertEquals(8, o.get("train").getAsInt());
        assertEquals(4, o.get("test").getAsInt());
        model = dir.resolve("attend.model");
        Run run = CliRunner.run(train(model, "30").toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("rnn4j caption train: show-attend-tell on 88 pictures (8 held out for validation)"), run.out());
        assertTrue(run.out().contains("test exact match"), run.out());
    }

    static List<String> train(Path out, String steps) {
        return new ArrayList<>(List.of("caption", "train", "--data", set.toString(), "--out", out.toString(),
                "--batch", "16", "--max-steps", steps, "--validate-every", "10", "--hidden", "32", "--threads", "2"));
    }

    @Test
    void evalScoresAsJsonAndPredictExplainsWhereItLooked() throws IOException {
        Run eval = CliRunner.run("caption", "eval", "--model", model.toString(), "--data", set.toString(), "--json",
                "--samples", "2", "--beam", "2", "--explain", dir.resolve("eval-attention").toString());
        assertEquals(0, eval.code(), eval.err());
        JsonObject o = JsonParser.parseString(eval.out()).getAsJsonObject();
        assertEquals(20, o.get("pictures").getAsInt());
        assertEquals("attend", o.get("model_kind").getAsString());
        double exact = o.get("exact_match").getAsDouble();
        double bleu = o.get("bleu").getAsDouble();
        assertTrue(exact >= 0 && exact <= 100 && bleu >= 0 && bleu <= 100, eval.out());
        assertEquals(2, o.getAsJsonArray("samples").size());
        assertTrue(Files.size(Path.of(o.getAsJsonArray("samples").get(0).getAsJsonObject().get("attention_png").getAsString())) > 0);

        Path picture = set.resolve("test").resolve("00003.png");
        Run predict = CliRunner.run("caption", "predict", "--model", model.toString(), "--explain",
                dir.resolve("why").toString(), "--json", picture.toString());
        assertEquals(0, predict.code(), predict.err());
        JsonObject p = JsonParser.parseString(predict.out()).getAsJsonArray().get(0).getAsJsonObject();
        assertTrue(Files.size(dir.resolve("why").resolve("00003.attention.png")) > 0, predict.out());
        assertFalse(p.get("caption").getAsString().contains("</s>"), predict.out());
    }

    @Test
    void badInputGetsOneClearLine() throws IOException {
        CliRunner.assertRefused(List.of("caption", "make", "--mnist", set.toString(), "--out", dir.resolve("x").toString()),
                "does not hold MNIST's four IDX files");
        CliRunner.assertRefused(List.of("caption", "make", "--mnist", dir.resolve("idx").toString(), "--out", set.toString()),
                "exists and is not an empty folder");
        List<String> kind = train(dir.resolve("k.model"), "1");
        kind.addAll(List.of("--model-kind", "look"));
        CliRunner.assertRefused(kind, "--model-kind must be tell (Show and Tell) or attend");
        Path small = ImageCliTest.png(dir.resolve("small").resolve("a.png"), new byte[64]);
        CliRunner.assertRefused(List.of("caption", "predict", "--model", model.toString(), small.toString()),
                "8x8 pixels, the model reads 64x64");
        Path list = dir.resolve("broken").resolve("train");
        Files.createDirectories(list);
        Files.writeString(list.resolve("captions.tsv"), "00000.png\ta small 1 at top left\n");
        CliRunner.assertRefused(train(dir.resolve("b.model"), "1").stream().map(a -> a.equals(set.toString())
                ? dir.resolve("broken").toString() : a).toList(), "00000.png");
        Run notCaption = CliRunner.run("image", "predict", "--model", model.toString(), small.toString());
        assertEquals(ExitCodes.INPUT, notCaption.code(), notCaption.err());
        assertTrue(notCaption.err().contains("is not an image model"), notCaption.err());
    }


    /** The model without attention trains too, and a killed run resumed ends with the same weights. */
    @Test
    void aKilledShowAndTellRunResumedEndsWithTheSameWeights() throws Exception {
        Path reference = dir.resolve("tell.model");
        List<String> options = train(reference, "24");
        options.addAll(List.of("--checkpoint-every", "8", "--model-kind", "tell"));
        Run full = CliRunner.run(options.toArray(String[]::new));
        assertEquals(0, full.code(), full.err());
        assertTrue(full.out().contains("show-and-tell"), full.out());

        Path killed = dir.resolve("tell-killed.model");
        options.set(5, killed.toString());
        Path checkpoint = Path.of(killed + ".ckpt");
        CliRunner.killAfterFirstCheckpoint(options, checkpoint, dir.resolve("killed.log"));
        assertFalse(Files.exists(killed));
        Run resumed = CliRunner.run("caption", "train", "--resume", checkpoint.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertArrayEquals(ModelFile.load(reference).model().parameters().values(),
                ModelFile.load(killed).model().parameters().values());
    }

    /** The trained model, loaded from its file, exports to ONNX (its numbers are checked in rnn4j-interop's tests). */
    @Test
    void exportsToOnnx() throws java.io.IOException {
        Path onnx = dir.resolve("exported.onnx");
        Run run = CliRunner.run("export", "onnx", "--model", model.toString(), "--out", onnx.toString());
        org.junit.jupiter.api.Assertions.assertEquals(0, run.code(), run.err());
        org.junit.jupiter.api.Assertions.assertTrue(run.out().contains("input  caption int64 (T, B)"), run.out());
        org.junit.jupiter.api.Assertions.assertTrue(java.nio.file.Files.size(onnx) > 1000);
    }
}
