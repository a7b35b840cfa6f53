package io.rnn4j.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnn4j.cli.CliRunner.Run;
import io.rnn4j.io.ModelFile;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
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

/**
 * {@code rnn4j image train / eval / predict} on small generated images (8x8 bars: horizontal,
 * vertical, diagonal, with noise), as MNIST-style IDX files and as class folders: the files a run
 * writes, accuracy as JSON with the pictures, predictions of PNG files, one-line refusals of bad
 * input, and a killed run resumed to the same weights.
 */
class ImageCliTest {

    static final String[] CLASSES = {"horizontal", "vertical", "diagonal"};

    @TempDir
    static Path dir;
    static Path idx;
    static Path folders;
    static Path model;

    /** An 8x8 bar of class c at a random place, on noise. */
    static byte[] bar(int c, SplittableRandom r) {
        byte[] p = new byte[64];
        for (int i = 0; i < 64; i++) {
            p[i] = (byte) r.nextInt(60);
        }
        int at = 1 + r.nextInt(6);
        for (int k = 0; k < 8; k++) {
            int y = c == 0 ? at : k;
            int x = c == 1 ? at : k;
            p[y * 8 + x] = (byte) (180 + r.nextInt(76));
        }
        return p;
    }

    static byte[] idxFile(int[] dims, byte[] values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0800 | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(values);
        return bytes.toByteArray();
    }

    static void writeIdx(Path folder, String images, String labels, int n, SplittableRandom r) throws IOException {
        byte[] pixels = new byte[n * 64];
        byte[] y = new byte[n];
        for (int i = 0; i < n; i++) {
            y[i] = (byte) (i % 3);
            System.arraycopy(bar(i % 3, r), 0, pixels, i * 64, 64);
        }
        Files.write(folder.resolve(images), idxFile(new int[] {n, 8, 8}, pixels));
        Files.write(folder.resolve(labels), idxFile(new int[] {n}, y));
    }

    static Path png(Path file, byte[] p) throws IOException {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
        for (int i = 0; i < 64; i++) {
            img.getRaster().setSample(i % 8, i / 8, 0, p[i] & 0xff);
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    @BeforeAll
    static void trainASmallModel() throws IOException {
        SplittableRandom r = new SplittableRandom(4);
        idx = Files.createDirectories(dir.resolve("idx"));
        writeIdx(idx, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", 360, r);
        writeIdx(idx, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 60, r);
        folders = Files.createDirectories(dir.resolve("folders"));
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < 30; i++) {
                png(folders.resolve(CLASSES[c]).resolve(i + ".png"), bar(c, r));
            }
        }
        model = dir.resolve("cnn.model");
        Run run = CliRunner.run(train(idx, model, "60").toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("read 360 training and 60 test images of 1x8x8, 10 classes"), run.out());
        assertTrue(run.out().contains("rnn4j image train: cnn on 330 images (30 held out for validation)"), run.out());
        assertTrue(run.out().contains("test accuracy"), run.out());
    }

    static List<String> train(Path data, Path out, String steps) {
        return new ArrayList<>(List.of("image", "train", "--data", data.toString(), "--out", out.toString(),
                "--batch", "16", "--max-steps", steps, "--validate-every", "20", "--threads", "2"));
    }

    @Test
    void jsonPrintsTheSummaryAsOneObject() {
        List<String> args = train(idx, dir.resolve("json.model"), "3");
        args.add("--json");
        Run run = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        com.google.gson.JsonObject o = com.google.gson.JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals("done", o.get("status").getAsString());
        assertEquals(3, o.get("steps").getAsInt());
        assertTrue(o.get("test_accuracy").getAsDouble() >= 0, o.toString());
    }

    @Test
    void aRunWritesTheModelMetricsAndPlotAndRemovesItsCheckpoint() {
        assertTrue(Files.exists(model));
        assertTrue(Files.exists(Path.of(model + ".metrics.jsonl")));
        assertTrue(Files.exists(Path.of(model + ".loss.png")));
        assertFalse(Files.exists(Path.of(model + ".ckpt")));
    }

    @Test
    void evalPrintsAccuracyAsJsonAndDrawsTheConfusionMatrixAndTheErrors() {
        Path confusion = dir.resolve("confusion.png");
        Path errors = dir.resolve("errors.png");
        Run r = CliRunner.run("image", "eval", "--model", model.toString(), "--data", idx.toString(), "--json",
                "--confusion", confusion.toString(), "--errors", errors.toString());
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(60, o.get("images").getAsInt());
        assertEquals("test", o.get("split").getAsString());
        // the bars are easy: 60 updates learn them
        assertTrue(o.get("accuracy").getAsDouble() >= 90, r.out());
        int total = 0;
        for (var row : o.getAsJsonArray("confusion")) {
            for (var v : row.getAsJsonArray()) {
                total += v.getAsInt();
            }
        }
        assertEquals(60, total);
        assertTrue(Files.exists(confusion));
        assertTrue(Files.exists(errors));
    }

    @Test
    void anLstmReadingRowsLearnsClassFoldersAndPredictsFiles() throws IOException {
        Path rows = dir.resolve("rows.model");
        List<String> args = train(folders, rows, "150");
        args.addAll(List.of("--arch", "row-lstm", "--hidden", "16", "--lr", "0.01"));
        Run run = CliRunner.run(args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("read 90 training images of 1x8x8, 3 classes"), run.out());
        SplittableRandom r = new SplittableRandom(99);
        Path h = png(dir.resolve("new/h.png"), bar(0, r));
        Path v = png(dir.resolve("new/v.png"), bar(1, r));
        Run p = CliRunner.run("image", "predict", "--model", rows.toString(), h.toString(), v.toString());
        assertEquals(0, p.code(), p.err());
        List<String> lines = p.out().strip().lines().toList();
        assertEquals(2, lines.size(), p.out());
        assertTrue(lines.get(0).startsWith(h + ": horizontal ("), p.out());
        assertTrue(lines.get(1).startsWith(v + ": vertical ("), p.out());
        Run json = CliRunner.run("image", "predict", "--model", rows.toString(), "--json", "--top", "3", h.toString());
        assertEquals(0, json.code(), json.err());
        assertEquals(3, JsonParser.parseString(json.out()).getAsJsonArray().get(0).getAsJsonObject().getAsJsonArray("classes")
                .size());
    }

    @Test
    void badInputGetsOneClearLine() throws IOException {
        Path file = dir.resolve("notes.txt");
        Files.writeString(file, "hello");
        CliRunner.assertRefused(train(file, dir.resolve("x.model"), "1"), "is a file; give the folder");
        Path empty = Files.createDirectories(dir.resolve("empty-class"));
        png(empty.resolve("a/1.png"), new byte[64]);
        Files.createDirectories(empty.resolve("b"));
        CliRunner.assertRefused(train(empty, dir.resolve("x.model"), "1"), "class folder holds no images");
        Path mixed = Files.createDirectories(dir.resolve("mixed"));
        png(mixed.resolve("a/1.png"), new byte[64]);
        ImageIO.write(new BufferedImage(9, 8, BufferedImage.TYPE_BYTE_GRAY), "png", mixed.resolve("a/2.png").toFile());
        CliRunner.assertRefused(train(mixed, dir.resolve("x.model"), "1"), "9x8 pixels, but");
        Path cut = Files.createDirectories(dir.resolve("truncated"));
        for (String f : List.of("train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            Files.copy(idx.resolve(f), cut.resolve(f));
        }
        byte[] images = Files.readAllBytes(idx.resolve("train-images-idx3-ubyte"));
        Files.write(cut.resolve("train-images-idx3-ubyte"), java.util.Arrays.copyOf(images, images.length - 100));
        CliRunner.assertRefused(train(cut, dir.resolve("x.model"), "1"), "train-images-idx3-ubyte: truncated");
        Path fewer = Files.createDirectories(dir.resolve("fewer-labels"));
        for (String f : List.of("train-images-idx3-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
            Files.copy(idx.resolve(f), fewer.resolve(f));
        }
        Files.write(fewer.resolve("train-labels-idx1-ubyte"), idxFile(new int[] {3}, new byte[] {0, 1, 2}));
        CliRunner.assertRefused(train(fewer, dir.resolve("x.model"), "1"), "holds 3 labels, but train-images-idx3-ubyte holds 360 images");
        CliRunner.assertRefused(train(idx, idx.resolve("inside.model"), "1"), "is inside --data");
        Path plain = dir.resolve("plain.model");
        ModelFile.save(plain, new SequenceModel(4).add("head", new Dense(4, 4)).initialize(Init.PYTORCH, 1), null, null);
        CliRunner.assertRefused(List.of("image", "eval", "--model", plain.toString(), "--data", idx.toString()), "is not an image model");
        CliRunner.assertRefused(List.of("image", "eval", "--model", model.toString(), "--data", folders.toString()),
                "has classes [diagonal, horizontal, vertical], the model was trained on [0, 1");
        Path big = dir.resolve("big.png");
        ImageIO.write(new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY), "png", big.toFile());
        CliRunner.assertRefused(List.of("image", "predict", "--model", model.toString(), big.toString()),
                "big.png: 28x28 pixels, the model reads 8x8");
        CliRunner.assertRefused(List.of("image", "train", "--data", idx.toString(), "--arch", "resnet"), "--arch must be cnn, row-lstm or"
                + " pixel-lstm, got 'resnet'");
    }


    /** Augmented batches, dropout and batch norm's running statistics all resume exactly. */
    @Test
    void aKilledRunResumedEndsWithTheSameWeights() throws Exception {
        Path reference = dir.resolve("reference.model");
        List<String> options = train(idx, reference, "80");
        options.addAll(List.of("--checkpoint-every", "10", "--shift", "1"));
        assertEquals(0, CliRunner.run(options.toArray(String[]::new)).code());

        Path killed = dir.resolve("killed.model");
        options.set(5, killed.toString());
        Path checkpoint = Path.of(killed + ".ckpt");
        CliRunner.killAfterFirstCheckpoint(options, checkpoint, dir.resolve("killed.log"));
        assertFalse(Files.exists(killed));

        Run resumed = CliRunner.run("image", "train", "--resume", checkpoint.toString());
        assertEquals(0, resumed.code(), resumed.err());
        assertArrayEquals(ModelFile.load(reference).model().parameters().values(),
                ModelFile.load(killed).model().parameters().values());
        assertFalse(Files.exists(checkpoint));
    }

    /** The trained model, loaded from its file, exports to ONNX (its numbers are checked in rnn4j-interop's tests). */
    @Test
    void exportsToOnnx() throws java.io.IOException {
        Path onnx = dir.resolve("exported.onnx");
        Run run = CliRunner.run("export", "onnx", "--model", model.toString(), "--out", onnx.toString());
        org.junit.jupiter.api.Assertions.assertEquals(0, run.code(), run.err());
        org.junit.jupiter.api.Assertions.assertTrue(run.out().contains("input  input float (T, B, "), run.out());
        org.junit.jupiter.api.Assertions.assertTrue(java.nio.file.Files.size(onnx) > 1000);
    }
}
