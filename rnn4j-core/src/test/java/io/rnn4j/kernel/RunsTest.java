package io.rnn4j.kernel;

import io.rnn4j.TestData;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Runs} (on the 512-bit vector kernels where the machine has them, as the tests run) against
 * plain loops, at offsets and lengths around the vector width: 0, 1, 15, 16, 17, 100, 257.
 */
class RunsTest {

    private static final int[] LENGTHS = {0, 1, 15, 16, 17, 100, 257};

    @Test
    void dotMatchesAPlainSum() {
        for (int n : LENGTHS) {
            float[] a = TestData.uniform(n + 3, n);
            float[] b = TestData.uniform(n + 5, n + 1);
            double plain = 0;
            for (int i = 0; i < n; i++) {
                plain += (double) a[3 + i] * b[5 + i];
            }
            assertEquals(plain, Runs.dot(a, 3, b, 5, n), 1e-5 * Math.max(1, n), "n = " + n);
        }
    }

    @Test
    void addIntoMatchesAPlainLoopExactly() {
        for (int n : LENGTHS) {
            float[] x = TestData.uniform(n + 2, n);
            float[] y = TestData.uniform(n + 7, n + 1);
            float[] sum = y.clone();
            float[] plainSum = y.clone();
            Runs.addInto(x, 2, sum, 7, n);
            for (int i = 0; i < n; i++) {
                plainSum[7 + i] += x[2 + i];
            }
            assertArrayEquals(plainSum, sum, 0f, "addInto, n = " + n);
        }
    }

    /**
     * word2vec's kernels: several dot products against rows of a table (in threes and the rest),
     * and the cross updates e += g·u, u += g·h, one row or several in one pass, a row repeated
     * seeing its first update, as calls one by one would.
     */
    @Test
    void word2vecKernelsMatchPlainLoops() {
        for (int n : LENGTHS) {
            float[] h = TestData.uniform(n + 1, 3 * n + 1);
            float[] table = TestData.uniform(8 * (n + 1), 3 * n + 2);
            int[] rows = {0, 5 * (n + 1), 2 * (n + 1), 7 * (n + 1), 4 * (n + 1), 5 * (n + 1), 3 * (n + 1)}; // row 5 twice
            for (int count = 1; count <= rows.length; count++) {
                float[] dots = new float[count];
                Runs.dots(h, 1, table, rows, count, dots, n);
                for (int k = 0; k < count; k++) {
                    double plain = 0;
                    for (int i = 0; i < n; i++) {
                        plain += (double) h[1 + i] * table[rows[k] + i];
                    }
                    assertEquals(plain, dots[k], 1e-5 * Math.max(1, n), "dots, n = " + n + ", row " + k + " of " + count);
                }
            }
            float[] g = {0.3f, -0.2f, 0.05f, 0.7f, -0.4f, 0.1f, -0.6f};
            float[] e = TestData.uniform(n, 3 * n + 3);
            float[] plainE = e.clone();
            float[] plainTable = table.clone();
            for (int k = 0; k < rows.length; k++) {
                for (int i = 0; i < n; i++) {
                    float old = plainTable[rows[k] + i];
                    plainE[i] = Math.fma(g[k], old, plainE[i]);
                    plainTable[rows[k] + i] = Math.fma(g[k], h[1 + i], old);
                }
            }
            float[] oneByOne = table.clone();
            float[] eOneByOne = e.clone();
            for (int k = 0; k < rows.length; k++) {
                Runs.crossUpdate(g[k], h, 1, oneByOne, rows[k], eOneByOne, 0, n);
            }
            assertArrayEquals(plainTable, oneByOne, 1e-6f, "crossUpdate rows, n = " + n);
            assertArrayEquals(plainE, eOneByOne, 1e-6f, "crossUpdate e, n = " + n);
            Runs.crossUpdates(g, h, 1, table, rows, rows.length, e, n);
            assertArrayEquals(plainTable, table, 1e-6f, "crossUpdates rows, n = " + n);
            assertArrayEquals(plainE, e, 1e-6f, "crossUpdates e, n = " + n);
        }
    }
}
