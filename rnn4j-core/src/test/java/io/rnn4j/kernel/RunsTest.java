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
    void axpyAndAddIntoMatchPlainLoopsExactly() {
        for (int n : LENGTHS) {
            float[] x = TestData.uniform(n + 2, n);
            float[] y = TestData.uniform(n + 7, n + 1);
            float[] expected = y.clone();
            for (int i = 0; i < n; i++) {
                expected[7 + i] = Math.fma(x[2 + i], 0.37f, expected[7 + i]);
            }
            float[] got = y.clone();
            Runs.axpy(0.37f, x, 2, got, 7, n);
            assertArrayEquals(expected, got, 1e-7f, "axpy, n = " + n);
            float[] sum = y.clone();
            float[] plainSum = y.clone();
            Runs.addInto(x, 2, sum, 7, n);
            for (int i = 0; i < n; i++) {
                plainSum[7 + i] += x[2 + i];
            }
            assertArrayEquals(plainSum, sum, 0f, "addInto, n = " + n);
        }
    }
}
