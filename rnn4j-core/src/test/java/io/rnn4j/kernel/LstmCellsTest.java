package io.rnn4j.kernel;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fused LSTM update gives, bit for bit, what the separate scalar passes give (on the vector
 * path where it is on, and on the plain loop), for block widths around the vector length,
 * saturated gates included; and it is the LSTM equations.
 */
class LstmCellsTest {

    @Test
    void theFusedUpdateEqualsTheScalarPassesBitForBit() {
        SplittableRandom r = new SplittableRandom(4);
        for (int width : new int[] {1, 7, 15, 16, 17, 31, 32, 33, 64, 70}) {
            int row = 3;
            float[] z = new float[row + 4 * width];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) r.nextDouble(-12, 12); // beyond the tanh clamp too
            }
            float[] c0 = new float[2 + width];
            for (int i = 0; i < c0.length; i++) {
                c0[i] = (float) r.nextDouble(-3, 3);
            }
            float[] c1 = c0.clone();
            float[] h1 = new float[5 + width];
            LstmCells.update(z, row, width, c1, 2, h1, 5);
            float[] c2 = c0.clone();
            float[] h2 = new float[5 + width];
            LstmCells.plain(z, row, width, c2, 2, h2, 5, 0);
            assertArrayEquals(c2, c1, 0f, "c, width " + width);
            assertArrayEquals(h2, h1, 0f, "h, width " + width);
            for (int u = 0; u < width; u++) {
                double i = 1 / (1 + Math.exp(-z[row + u]));
                double f = 1 / (1 + Math.exp(-z[row + width + u]));
                double g = Math.tanh(z[row + 2 * width + u]);
                double o = 1 / (1 + Math.exp(-z[row + 3 * width + u]));
                double c = f * c0[2 + u] + i * g;
                assertEquals(c, c1[2 + u], 1e-5, "c[" + u + "]");
                assertEquals(o * Math.tanh(c), h1[5 + u], 1e-5, "h[" + u + "]");
            }
        }
    }
}
