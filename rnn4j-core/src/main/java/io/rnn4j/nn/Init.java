package io.rnn4j.nn;

import java.util.SplittableRandom;

/**
 * Weight initialisation schemes. Every scheme draws from an explicit {@link SplittableRandom}.
 *
 * <ul>
 *   <li>{@link #PYTORCH}: PyTorch's default for recurrent layers and {@code nn.Linear}:
 *       {@code U(−1/√fanIn, 1/√fanIn)} for weights and biases, where fanIn is H for recurrent
 *       layers (PyTorch's {@code 1/√hidden_size}) and the input width for dense layers;</li>
 *   <li>{@link #XAVIER}: Glorot uniform {@code U(−√(6/(fanIn+fanOut)), +)} for weights, zero biases;</li>
 *   <li>{@link #ORTHOGONAL}: Xavier for input weights, an orthogonal matrix for each gate block
 *       of the recurrent weights (Saxe et al. 2014), zero biases.</li>
 * </ul>
 */
public enum Init {
    PYTORCH, XAVIER, ORTHOGONAL;

    /** Fills {@code n} values from {@code off} with {@code U(−bound, bound)}. */
    public static void uniform(float[] a, int off, int n, double bound, SplittableRandom rng) {
        for (int i = 0; i < n; i++) {
            a[off + i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
    }

    /** Fills a parameter with {@code U(−bound, bound)}. */
    public static void uniform(Parameter p, double bound, SplittableRandom rng) {
        uniform(p.data(), p.offset(), p.size(), bound, rng);
    }

    /** Glorot-uniform fill of a (rows × cols) block starting at {@code off}. */
    public static void xavier(float[] a, int off, int rows, int cols, SplittableRandom rng) {
        uniform(a, off, rows * cols, Math.sqrt(6.0 / (rows + cols)), rng);
    }

    /**
     * Writes a random (n × n) orthogonal matrix at {@code off}: Gram–Schmidt, in double, on the
     * rows of a standard-normal matrix.
     */
    public static void orthogonal(float[] a, int off, int n, SplittableRandom rng) {
        double[][] q = new double[n][n];
        for (int i = 0; i < n; i++) {
            while (true) {
                for (int j = 0; j < n; j++) {
                    q[i][j] = gaussian(rng);
                }
                for (int k = 0; k < i; k++) {
                    double dot = 0;
                    for (int j = 0; j < n; j++) {
                        dot += q[i][j] * q[k][j];
                    }
                    for (int j = 0; j < n; j++) {
                        q[i][j] -= dot * q[k][j];
                    }
                }
                double norm = 0;
                for (int j = 0; j < n; j++) {
                    norm += q[i][j] * q[i][j];
                }
                norm = Math.sqrt(norm);
                if (norm > 1e-6) {
                    for (int j = 0; j < n; j++) {
                        q[i][j] /= norm;
                    }
                    break;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[off + i * n + j] = (float) q[i][j];
            }
        }
    }

    /** A standard normal draw (Box–Muller). */
    public static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
}
