package io.rnn4j.video;

import io.rnn4j.io.VideoModelFile;
import io.rnn4j.train.Batch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Video files (.npy as NumPy writes them: magic, 64-byte aligned header, C order), the patching of
 * frames and its inverse, the per-frame metrics on cases worked by hand, and model files of both
 * predictor kinds.
 */
class VideoFilesAndMetricsTest {

    @TempDir
    Path dir;

    private static Video random(int frames, int count, int side, long seed) {
        byte[] p = new byte[frames * count * side * side];
        new SplittableRandom(seed).nextBytes(p);
        return new Video(frames, count, side, side, p);
    }

    @Test
    void npyRoundTripInNumpysLayout() throws IOException {
        Video v = random(4, 3, 8, 1);
        Path f = dir.resolve("v.npy");
        VideoNpy.write(f, v);
        byte[] bytes = Files.readAllBytes(f);
        int headerLength = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLength) % 64);
        String header = new String(bytes, 10, headerLength, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '|u1', 'fortran_order': False, 'shape': (4, 3, 8, 8), }"), header);
        assertTrue(header.endsWith("\n"));
        Video back = VideoNpy.read(f);
        assertEquals(v.frames(), back.frames());
        assertEquals(v.count(), back.count());
        assertArrayEquals(v.pixels(), back.pixels());
        assertEquals(v.pixels()[v.offset(2, 1) + 3 * 8 + 5] & 0xff, back.value(2, 1, 3, 5));
    }

    @Test
    void filesThatAreNotByteVideosAreRefusedByName() throws IOException {
        Path floats = dir.resolve("floats.npy");
        VideoNpy.write(floats, random(2, 1, 4, 2));
        byte[] b = Files.readAllBytes(floats);
        String text = new String(b, StandardCharsets.ISO_8859_1).replace("'|u1'", "'<f4'");
        Files.write(floats, text.getBytes(StandardCharsets.ISO_8859_1));
        IOException e = assertThrows(IOException.class, () -> VideoNpy.read(floats));
        assertTrue(e.getMessage().contains("floats.npy holds '<f4' values"), e.getMessage());
        Path cut = dir.resolve("cut.npy");
        VideoNpy.write(cut, random(2, 1, 4, 2));
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(cut), (int) Files.size(cut) - 5));
        e = assertThrows(IOException.class, () -> VideoNpy.read(cut));
        assertTrue(e.getMessage().contains("cut.npy is truncated"), e.getMessage());
        Path text3 = dir.resolve("three.npy");
        VideoNpy.write(text3, random(2, 1, 4, 2));
        Files.write(text3, new String(Files.readAllBytes(text3), StandardCharsets.ISO_8859_1)
                .replace("(2, 1, 4, 4)", "(2, 4, 4)   ").getBytes(StandardCharsets.ISO_8859_1));
        e = assertThrows(IOException.class, () -> VideoNpy.read(text3));
        assertTrue(e.getMessage().contains("has 3 dimensions"), e.getMessage());
        Path notNpy = dir.resolve("plain.npy");
        Files.writeString(notNpy, "hello");
        e = assertThrows(IOException.class, () -> VideoNpy.read(notNpy));
        assertTrue(e.getMessage().contains("is not a NumPy .npy file"), e.getMessage());
    }

    @Test
    void patchesAreARearrangementTheirInverseUndoes() {
        Video v = random(20, 2, 8, 3);
        VideoPredictor p = VideoPredictor.create(new VideoConfig(VideoConfig.Kind.CONVLSTM, 10, 10, 8, 8, 4, 2, 1, 3), 1);
        float[] patched = p.frames(v, new int[] {1}, 5, 1);
        // channel (dy·p + dx), position (Y, X) holds pixel (Y·p + dy, X·p + dx)
        assertEquals(v.value(5, 1, 1 * 4 + 3, 0 * 4 + 2) / 255f, patched[(3 * 4 + 2) * 4 + 1 * 2 + 0], 0f);
        float[] back = new float[64];
        p.fromPatches(patched, 0, back, 0);
        for (int i = 0; i < 64; i++) {
            assertEquals((v.pixels()[v.offset(5, 1) + i] & 0xff) / 255f, back[i], 0f);
        }
        Batch b = p.batch(v, new int[] {0, 1});
        assertEquals(10, b.namedInputs().get("input").steps);
        assertEquals(2, b.namedInputs().get("input").batch);
    }

    @Test
    void metricsOnCasesWorkedByHand() {
        // one 2 x 2 frame per step, truth (0, 1, 1, 0) at frame 1 and (1, 1, 0, 0) at frame 2
        Video v = new Video(3, 1, 2, 2, new byte[] {0, 0, 0, 0, 0, (byte) 255, (byte) 255, 0, (byte) 255, (byte) 255, 0, 0});
        VideoMetrics exact = new VideoMetrics(2).add(new float[] {0, 1, 1, 0, 1, 1, 0, 0}, v, new int[] {0}, 1);
        assertEquals(0, exact.mse(), 0);
        assertEquals(-4 * Math.log(1 - 1e-7), exact.bce(), 1e-9); // clipped p: 4 pixels of −ln(1 − 1e-7)
        VideoMetrics half = new VideoMetrics(2).add(new float[] {.5f, .5f, .5f, .5f, .5f, .5f, .5f, .5f}, v, new int[] {0}, 1);
        assertEquals(4 * 0.25, half.mse(), 1e-12);
        assertEquals(4 * Math.log(2), half.bce(), 1e-6);
        // copying frame 1 for both steps: step 1 exact, step 2 wrong in 2 of 4 pixels
        float[] copy = VideoMetrics.copyLastFrame(v, new int[] {0}, 2, 2);
        VideoMetrics c = new VideoMetrics(2).add(copy, v, new int[] {0}, 1);
        assertArrayEquals(new double[] {0, 2}, c.msePerStep(), 1e-12);
        assertEquals(1, c.mse(), 1e-12);
    }

    @Test
    void modelFilesOfBothKindsPredictTheSame() throws IOException {
        Video v = random(8, 2, 16, 4);
        for (VideoConfig.Kind kind : VideoConfig.Kind.values()) {
            VideoPredictor p = VideoPredictor.create(new VideoConfig(kind, 4, 4, 16, 16, 4, 3, 2, 3), 5);
            Path f = dir.resolve(kind.label() + ".model");
            VideoModelFile.save(f, p, null);
            VideoPredictor back = VideoModelFile.load(f);
            assertEquals(p.config(), back.config());
            float[] a = p.predict(v, new int[] {0, 1});
            assertEquals(4 * 2 * 256, a.length);
            assertArrayEquals(a, back.predict(v, new int[] {0, 1}));
            for (float x : a) {
                assertTrue(x > 0 && x < 1);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VideoPredictor.create(new VideoConfig(VideoConfig.Kind.CONVLSTM, 6, 4, 16, 16, 4, 3, 1, 3), 1)
                        .batch(v, new int[] {0}));
        assertTrue(e.getMessage().contains("reads 6 frames and predicts 4; the videos have 8"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new VideoConfig(VideoConfig.Kind.CONVLSTM, 6, 4, 16, 16, 5, 3, 1, 3));
    }
}
