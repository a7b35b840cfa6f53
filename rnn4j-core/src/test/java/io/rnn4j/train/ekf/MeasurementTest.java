package io.rnn4j.train.ekf;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The filter's measurement: H = ∂y/∂θ by the chain rule, checked against finite differences. */
class MeasurementTest {

    /** z = A·θ, so J = A and y(θ) can be differenced directly. */
    private static double[] z(double[][] a, double[] theta) {
        double[] z = new double[a.length];
        for (int q = 0; q < a.length; q++) {
            for (int k = 0; k < theta.length; k++) {
                z[q] += a[q][k] * theta[k];
            }
        }
        return z;
    }

    private static double[] softmax(double[] z) {
        double s = 0;
        double[] y = new double[z.length];
        for (int q = 0; q < z.length; q++) {
            y[q] = Math.exp(z[q]);
            s += y[q];
        }
        for (int q = 0; q < z.length; q++) {
            y[q] /= s;
        }
        return y;
    }

    private static double[][] random(int rows, int cols, SplittableRandom r) {
        double[][] a = new double[rows][cols];
        for (double[] row : a) {
            for (int k = 0; k < cols; k++) {
                row[k] = r.nextDouble(-1, 1);
            }
        }
        return a;
    }

    @Test
    void softmaxMeasurementIsTheJacobianOfTheProbabilities() {
        SplittableRandom r = new SplittableRandom(5);
        int o = 4;
        int p = 6;
        double[][] a = random(o, p, r);
        double[] theta = random(1, p, r)[0];
        double[][] h = new double[o][];
        for (int q = 0; q < o; q++) {
            h[q] = a[q].clone();
        }
        double[] innovation = new double[o];
        double[] probs = new double[o];
        double loss = Measurement.softmax(z(a, theta), 1, h, innovation, probs, new double[p]);
        double[] y = softmax(z(a, theta));
        assertEquals(-Math.log(y[1]), loss, 1e-12);
        for (int q = 0; q < o; q++) {
            assertEquals((q == 1 ? 1 : 0) - y[q], innovation[q], 1e-12);
            assertEquals(y[q], probs[q], 1e-12);
            for (int k = 0; k < p; k++) {
                double[] up = theta.clone();
                double[] down = theta.clone();
                up[k] += 1e-6;
                down[k] -= 1e-6;
                double numeric = (softmax(z(a, up))[q] - softmax(z(a, down))[q]) / 2e-6;
                assertEquals(numeric, h[q][k], 1e-8, "H[" + q + "][" + k + "]");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Measurement.softmax(new double[o], o, h, innovation, probs, new double[p]));
    }

    @Test
    void sigmoidMeasurementScalesEachRowByTheSlope() {
        SplittableRandom r = new SplittableRandom(6);
        double[][] a = random(3, 5, r);
        double[] theta = random(1, 5, r)[0];
        double[][] h = new double[3][];
        for (int q = 0; q < 3; q++) {
            h[q] = a[q].clone();
        }
        float[] targets = {0f, 1f, 0.25f, 9f}; // offset 1: targets 1, 0.25, 9
        double[] innovation = new double[3];
        double[] z = z(a, theta);
        Measurement.sigmoid(z, targets, 1, h, innovation);
        for (int q = 0; q < 3; q++) {
            double y = 1 / (1 + Math.exp(-z[q]));
            assertEquals(targets[1 + q] - y, innovation[q], 1e-12);
            for (int k = 0; k < 5; k++) {
                assertEquals(y * (1 - y) * a[q][k], h[q][k], 1e-12);
            }
        }
    }
}
