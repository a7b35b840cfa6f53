package io.rnn4j.data.image;

import io.rnn4j.nn.conv.ImageShape;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ImageBatchesTest {

    /** Five 2x2x3 images whose value (c, y, x) of image i is 40·i + 10·c + 3·y + x. */
    private static ImageSet images() {
        ImageShape s = new ImageShape(2, 2, 3);
        byte[] p = new byte[5 * s.size()];
        for (int i = 0; i < 5; i++) {
            for (int c = 0; c < 2; c++) {
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 3; x++) {
                        p[i * s.size() + (c * 2 + y) * 3 + x] = (byte) (40 * i + 10 * c + 3 * y + x);
                    }
                }
            }
        }
        return new ImageSet(s, p, new int[] {0, 1, 2, 0, 1}, List.of("a", "b", "c"));
    }

    private static float raw(Seq s, int step, int b, int f) {
        return Math.round(s.values[(step * s.batch + b) * s.features + f] * 255f);
    }

    @Test
    void viewsLayOutTheSameValues() {
        ImageSet set = images();
        Normalization unit = Normalization.unit(2);
        int[] idx = {3, 1};
        Seq image = ImageBatches.input(set, idx, ImageView.IMAGE, unit, null);
        assertEquals(1, image.steps);
        assertEquals(12, image.features);
        // channel 1, row 0, column 2 of image 3 (feature (1·2 + 0)·3 + 2 = 8): 120 + 10 + 2
        assertEquals(132, raw(image, 0, 0, 8));
        Seq rows = ImageBatches.input(set, idx, ImageView.ROWS, unit, null);
        assertEquals(2, rows.steps);
        assertEquals(6, rows.features);
        // row 1, channel 1, column 2 of image 1: 40 + 10 + 3 + 2
        assertEquals(55, raw(rows, 1, 1, 3 + 2));
        Seq pixels = ImageBatches.input(set, idx, ImageView.PIXELS, unit, null);
        assertEquals(6, pixels.steps);
        assertEquals(2, pixels.features);
        // pixel (1, 0) is step 3; channel 1 of image 3: 120 + 10 + 3
        assertEquals(133, raw(pixels, 3, 0, 1));
    }

    @Test
    void shiftsFillWithBackgroundAndNormalise() {
        ImageSet set = images();
        Normalization norm = new Normalization(new float[] {0.5f, 0f}, new float[] {0.25f, 1f});
        Seq s = ImageBatches.input(set, new int[] {1}, ImageView.IMAGE, norm, new int[] {1, -1});
        // moved down one row and left one column: (y 1, x 0) shows (y 0, x 1); row 0 is background
        assertEquals((41 / 255f - 0.5f) / 0.25f, s.values[3], 1e-6);
        assertEquals((0 - 0.5f) / 0.25f, s.values[0], 1e-6);
        assertEquals((0 - 0.5f) / 0.25f, s.values[5], 1e-6);
    }

    @Test
    void trainingBatchesAreReshuffledPerEpochAndReproducible() {
        ImageSet set = images();
        BatchSource src = ImageBatches.training(set, ImageView.IMAGE, Normalization.of(set), 2, 1);
        List<Batch> e0 = src.epoch(0, 7);
        assertEquals(3, e0.size());
        assertEquals(1, e0.get(2).namedInputs().values().iterator().next().batch);
        assertArrayEquals(e0.get(1).namedInputs().values().iterator().next().values,
                src.epoch(0, 7).get(1).namedInputs().values().iterator().next().values);
        Set<String> orders = new HashSet<>();
        for (int epoch = 0; epoch < 6; epoch++) {
            StringBuilder sb = new StringBuilder();
            for (Batch b : src.epoch(epoch, 7)) {
                sb.append(java.util.Arrays.toString(b.namedTargets().values().iterator().next().classes));
            }
            orders.add(sb.toString());
        }
        assertNotEquals(1, orders.size());
        List<Batch> eval = ImageBatches.inOrder(set, ImageView.IMAGE, Normalization.unit(2), 4);
        assertEquals(2, eval.size());
        assertArrayEquals(new int[] {0, 1, 2, 0}, eval.get(0).namedTargets().values().iterator().next().classes);
    }
}
