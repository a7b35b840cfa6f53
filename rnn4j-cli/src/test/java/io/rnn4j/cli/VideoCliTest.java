package io.rnn4j.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnn4j.cli.CliRunner.Run;
import io.rnn4j.io.ModelFile;
import io.rnn4j.video.Video;
import io.rnn4j.video.VideoNpy;
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
 * {@code rnn4j video} on a stand-in MNIST of blobs: moving-mnist writes the same .npy for a seed;
 * a small ConvLSTM and a small fully connected LSTM train and are scored with copying the last
 * frame beside them; eval gives training's numbers again and draws the strip; a killed run resumes
 * to the same weights; bad input gets one line.
 */
class VideoCliTest {

    @TempDir
    static Path dir;
    static Path train;
    static Path validation;

    /** MNIST's four IDX files holding 30 "digits": filled discs of random radius and brightness. */
    static Path fakeMnist() throws IOException {
        Path d = Files.createDirectories(dir.resolve("mnist"));
        SplittableRandom rng = new SplittableRandom(1);
        int n = 30;
        byte[] pixels = new byte[n * 784];
        for (int i = 0; i < n; i++) {
            int r = 5 + rng.nextInt(6);
            int v = 150 + rng.nextInt(100);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    if ((y - 14) * (y - 14) + (x - 14) * (x - 14) <= r * r) {
                        pixels[i * 784 + y * 28 + x] = (byte) v;
                    }
                }
            }
        }
        for (String part : List.of("train", "t10k")) {
            Files.write(d.resolve(part + "-images-idx3-ubyte"), idx(2051, new int[] {n, 28, 28}, pixels));
            Files.write(d.resolve(part + "-labels-idx1-ubyte"), idx(2049, new int[] {n}, new byte[n]));
        }
        return d;
    }

    private static byte[] idx(int magic, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(magic);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return b.toByteArray();
    }

    static List<String> trainArgs(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("video", "train", "--data", train.toString(), "--validation",
                validation.toString(), "--input-frames", "5", "--output-frames", "5", "--layers", "1",
                "--batch", "8", "--lr", "0.01", "--threads", "1", "--validate-every", "10", "--out", out.toString(), "--json"));
        a.addAll(List.of(more));
        return a;
    }

    @BeforeAll
    static void writeVideos() throws Exception {
        Path mnist = fakeMnist();
        train = dir.resolve("train.npy");
        validation = dir.resolve("validation.npy");
        Run r = CliRunner.run("video", "moving-mnist", "--mnist", mnist.toString(), "--sequences", "64", "--seed", "3",
                "--out", train.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("wrote 64 Moving MNIST sequences"), r.out());
        assertEquals(0, CliRunner.run("video", "moving-mnist", "--mnist", mnist.toString(), "--part", "test", "--sequences", "16",
                "--seed", "4", "--out", validation.toString()).code());
    }

    @Test
    void theGeneratorWritesTheSameFileForASeed() throws Exception {
        Path again = dir.resolve("again.npy");
        Run json = CliRunner.run("video", "moving-mnist", "--mnist", dir.resolve("mnist").toString(), "--sequences", "64",
                "--seed", "3", "--out", again.toString(), "--json");
        assertEquals(0, json.code(), json.err());
        var o = com.google.gson.JsonParser.parseString(json.out()).getAsJsonObject();
        assertEquals(64, o.get("sequences").getAsInt());
        assertEquals(again.toString(), o.get("out").getAsString());
        assertArrayEquals(Files.readAllBytes(train), Files.readAllBytes(again));
        Video v = VideoNpy.read(train);
        assertEquals(List.of(20, 64, 64, 64), List.of(v.frames(), v.count(), v.height(), v.width()));
    }

    @Test
    void bothPredictorsTrainAndEvalScoresAsTrainingDid() throws Exception {
        for (String kind : List.of("convlstm", "fc-lstm")) {
            Path m = dir.resolve(kind + ".model");
            Run r = CliRunner.run(trainArgs(m, "--model", kind, "--max-steps", "60", "--hidden", kind.equals("convlstm") ? "8" : "32")
                    .toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            JsonObject out = JsonParser.parseString(r.out()).getAsJsonObject();
            double mse = out.get("mse").getAsDouble();
            // a frame of discs that moved: copying the last frame is wrong twice over, the blur a net learns first is not
            assertTrue(mse < out.get("copy_last_mse").getAsDouble(), kind + ": " + out);
            assertTrue(out.get("bce").getAsDouble() < out.get("copy_last_bce").getAsDouble(), kind + ": " + out);
            assertEquals(5, out.getAsJsonArray("mse_per_step").size());
            Path strip = dir.resolve(kind + ".png");
            Run eval = CliRunner.run("video", "eval", "--model", m.toString(), "--data", validation.toString(), "--json",
                    "--strip", strip.toString(), "--video", "2");
            assertEquals(0, eval.code(), eval.err());
            JsonObject e = JsonParser.parseString(eval.out()).getAsJsonObject();
            assertEquals(mse, e.get("mse").getAsDouble(), 1e-9);
            assertEquals(16, e.get("sequences").getAsInt());
            BufferedImage image = ImageIO.read(strip.toFile());
            assertTrue(image.getWidth() > 5 * 64 && image.getHeight() > 4 * 64, image.getWidth() + "x" + image.getHeight());
        }
    }

    @Test
    void aKilledRunResumedEndsWithTheSameWeights() throws Exception {
        Path reference = dir.resolve("reference.model");
        assertEquals(0, CliRunner.run(trainArgs(reference, "--max-steps", "16", "--hidden", "4").toArray(String[]::new)).code());
        Path killed = dir.resolve("killed.model");
        Path checkpoint = Path.of(killed + ".ckpt");
        CliRunner.killAfterFirstCheckpoint(trainArgs(killed, "--max-steps", "16", "--hidden", "4", "--checkpoint-every", "6"), checkpoint,
                dir.resolve("killed.log"));
        Run resumed = CliRunner.run("video", "train", "--resume", checkpoint.toString(), "--json");
        assertEquals(0, resumed.code(), resumed.err() + resumed.out());
        assertArrayEquals(ModelFile.load(reference).model().parameters().values(),
                ModelFile.load(killed).model().parameters().values());
        assertFalse(Files.exists(checkpoint));
    }

    @Test
    void badInputGetsOneClearLine() throws Exception {
        CliRunner.assertRefused(List.of("video", "moving-mnist", "--mnist", dir.toString(), "--out", dir.resolve("x.npy").toString()),
                "does not hold MNIST's four IDX files");
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "frames");
        CliRunner.assertRefused(List.of("video", "train", "--data", text.toString(), "--out", dir.resolve("t.model").toString()),
                "text.npy is not a NumPy .npy file");
        CliRunner.assertRefused(trainArgs(dir.resolve("p.model"), "--patch", "5"), "--patch 5 must divide the frames' 64 x 64");
        CliRunner.assertRefused(trainArgs(dir.resolve("k.model"), "--model", "gru"), "--model takes convlstm or fc-lstm");
        CliRunner.assertRefused(List.of("video", "train", "--data", train.toString(), "--input-frames", "15", "--out",
                dir.resolve("f.model").toString()), "reads 15 frames and predicts 10; the videos have 20");
        CliRunner.assertRefused(List.of("video", "eval", "--model", train.toString(), "--data", validation.toString()), "train.npy");
    }
}
