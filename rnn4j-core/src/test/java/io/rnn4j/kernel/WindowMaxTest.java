package io.rnn4j.kernel;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The branch-free window maximum against a plain compare-and-branch loop. */
class WindowMaxTest {

    @Test
    void matchesTheFirstLargestValueOfEachWindow() {
        SplittableRandom random = new SplittableRandom(7);
        int width = 11;
        int[] taps = {0, 2, width, width + 2, 2 * width + 1};
        float[] x = new float[4 * width];
        for (int i = 0; i < x.length; i++) {
            // few distinct values, so ties are common, as after a ReLU
            x[i] = random.nextInt(4) == 0 ? 0f : random.nextInt(-2, 3);
        }
        int n = 4;
        int stride = 2;
        float[] y = new float[n];
        int[] tapOf = new int[n];
        WindowMax.maxRow(x, 1, stride, taps, y, 0, n, tapOf);
        for (int o = 0; o < n; o++) {
            int base = 1 + o * stride;
            float best = x[base + taps[0]];
            int at = 0;
            for (int k = 1; k < taps.length; k++) {
                if (x[base + taps[k]] > best) {
                    best = x[base + taps[k]];
                    at = k;
                }
            }
            assertEquals(best, y[o], "max of window " + o);
            assertEquals(at, tapOf[o], "first largest tap of window " + o);
        }
    }

    @Test
    void tiesGoToTheFirstTapAndTheDoubleTwinAgrees() {
        float[] x = {0f, 0f, 0f, 0f, 1f, 3f, 3f, 2f};
        int[] taps = {0, 1, 2, 3};
        float[] y = new float[2];
        int[] tapOf = new int[2];
        WindowMax.maxRow(x, 0, 4, taps, y, 0, 2, tapOf);
        assertArrayEquals(new float[]{0f, 3f}, y);
        assertArrayEquals(new int[]{0, 1}, tapOf);
        double[] xd = {0, 0, 0, 0, 1, 3, 3, 2};
        double[] yd = new double[2];
        int[] tapOfD = new int[2];
        WindowMax.maxRow(xd, 0, 4, taps, yd, 0, 2, tapOfD);
        assertArrayEquals(new int[]{0, 1}, tapOfD);
    }
}
