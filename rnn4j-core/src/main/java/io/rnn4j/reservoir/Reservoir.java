package io.rnn4j.reservoir;

import org.ejml.data.Complex_F64;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A leaky-integrator echo-state reservoir (Jaeger 2001; Lukoševičius 2012, eq. 2–3), in double
 * precision:
 * <pre>
 *   x̃(n) = tanh(W_in·[1; u(n)] + W·x(n−1) + W_fb·y(n−1))
 *   x(n)  = (1 − a)·x(n−1) + a·x̃(n)
 * </pre>
 * Shapes: u (K), x (N), y (L); W_in (N, 1+K) with the bias column first, W (N, N) sparse, W_fb
 * (N, L). W is drawn uniform in [−1, 1] at the configured connectivity and rescaled so that its
 * spectral radius (largest |eigenvalue|) is ρ: computed exactly with EJML for N ≤
 * {@value #EXACT_RADIUS_LIMIT}, estimated by power iteration above (an O(N³) decomposition takes
 * about 9 s at N = 1000; the estimate is within about 1 %, well inside the tolerance of ρ as a
 * design parameter). None of these weights is trained; a readout learns from the states.
 */
public final class Reservoir {

    /** Largest N whose spectral radius is computed by a full eigen-decomposition. */
    public static final int EXACT_RADIUS_LIMIT = 400;

    private final ReservoirConfig config;
    private final double[] inputWeights;    // (N, 1+K) row-major
    private final int[] rowStart;           // CSR of W: row i is entries [rowStart[i], rowStart[i+1])
    private final int[] column;
    private final double[] value;
    private final double[] feedbackWeights; // (N, L) row-major, or empty
    private final double[] state;
    private final double[] scratch;

    /** Draws the weights from {@code config.seed()}. */
    public Reservoir(ReservoirConfig config) {
        this.config = config;
        int n = config.units();
        SplittableRandom r = new SplittableRandom(config.seed());
        int k1 = 1 + config.inputSize();
        inputWeights = new double[n * k1];
        for (int i = 0; i < n; i++) {
            inputWeights[i * k1] = uniform(r) * config.biasScaling();
            for (int j = 1; j < k1; j++) {
                inputWeights[i * k1 + j] = uniform(r) * config.inputScaling();
            }
        }
        rowStart = new int[n + 1];
        int[] cols = new int[Math.max(16, (int) Math.min((long) n * n, (long) (n * (double) n * config.connectivity() * 1.2) + 16))];
        double[] vals = new double[cols.length];
        int nnz = 0;
        for (int i = 0; i < n; i++) {
            rowStart[i] = nnz;
            for (int j = 0; j < n; j++) {
                if (r.nextDouble() < config.connectivity()) {
                    if (nnz == cols.length) {
                        cols = Arrays.copyOf(cols, cols.length * 2);
                        vals = Arrays.copyOf(vals, vals.length * 2);
                    }
                    cols[nnz] = j;
                    vals[nnz++] = uniform(r);
                }
            }
        }
        rowStart[n] = nnz;
        column = Arrays.copyOf(cols, nnz);
        value = Arrays.copyOf(vals, nnz);
        double radius = spectralRadius(n, rowStart, column, value);
        if (radius > 0) {
            double scale = config.spectralRadius() / radius;
            for (int e = 0; e < nnz; e++) {
                value[e] *= scale;
            }
        }
        feedbackWeights = new double[config.feedbackScaling() > 0 ? n * config.outputSize() : 0];
        for (int i = 0; i < feedbackWeights.length; i++) {
            feedbackWeights[i] = uniform(r) * config.feedbackScaling();
        }
        state = new double[n];
        scratch = new double[n];
    }

    /**
     * A reservoir with the given weights (e.g. loaded from a file): W_in (N, 1+K), W (N, N) dense
     * row-major (zeros are dropped), W_fb (N, L) or empty. Nothing is rescaled.
     */
    public Reservoir(ReservoirConfig config, double[] inputWeights, double[] recurrentWeights, double[] feedbackWeights) {
        int n = config.units();
        if (inputWeights.length != n * (1 + config.inputSize()) || recurrentWeights.length != (long) n * n
                || (feedbackWeights.length != 0 && feedbackWeights.length != n * config.outputSize())
                || (feedbackWeights.length == 0) != (config.feedbackScaling() == 0)) {
            throw new IllegalArgumentException("reservoir weights do not match the configuration: W_in needs " + n * (1 + config.inputSize())
                    + ", W " + (long) n * n + ", W_fb " + (config.feedbackScaling() > 0 ? n * config.outputSize() : 0) + " values");
        }
        this.config = config;
        this.inputWeights = inputWeights.clone();
        this.feedbackWeights = feedbackWeights.clone();
        rowStart = new int[n + 1];
        int nnz = 0;
        for (double v : recurrentWeights) {
            if (v != 0) {
                nnz++;
            }
        }
        column = new int[nnz];
        value = new double[nnz];
        int e = 0;
        for (int i = 0; i < n; i++) {
            rowStart[i] = e;
            for (int j = 0; j < n; j++) {
                double v = recurrentWeights[i * n + j];
                if (v != 0) {
                    column[e] = j;
                    value[e++] = v;
                }
            }
        }
        rowStart[n] = e;
        state = new double[n];
        scratch = new double[n];
    }

    private static double uniform(SplittableRandom r) {
        return 2 * r.nextDouble() - 1;
    }

    /** The spectral radius: exact up to {@link #EXACT_RADIUS_LIMIT} units, estimated above. */
    static double spectralRadius(int n, int[] rowStart, int[] column, double[] value) {
        return n <= EXACT_RADIUS_LIMIT ? exactSpectralRadius(n, rowStart, column, value)
                : estimatedSpectralRadius(n, rowStart, column, value, 1000, 7);
    }

    /**
     * Gelfand's formula ρ = lim ‖Wᵏv‖^(1/k), by power iteration from a random start: the mean
     * growth per step over the last half of {@code iterations} steps. It converges even when the
     * dominant eigenvalues are a complex pair, where the iterate itself never settles.
     */
    static double estimatedSpectralRadius(int n, int[] rowStart, int[] column, double[] value, int iterations, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        double[] next = new double[n];
        double norm = 0;
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() - 0.5;
            norm += v[i] * v[i];
        }
        norm = Math.sqrt(norm);
        double logGrowth = 0;
        int counted = 0;
        for (int k = 0; k < iterations; k++) {
            for (int i = 0; i < n; i++) {
                v[i] /= norm;
            }
            double sq = 0;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                    s += value[e] * v[column[e]];
                }
                next[i] = s;
                sq += s * s;
            }
            norm = Math.sqrt(sq);
            if (norm == 0) {
                return 0; // nilpotent: every eigenvalue is zero
            }
            if (k >= iterations / 2) {
                logGrowth += Math.log(norm);
                counted++;
            }
            double[] t = v;
            v = next;
            next = t;
        }
        return Math.exp(logGrowth / counted);
    }

    /** The largest absolute eigenvalue of the sparse matrix, by a full (EJML) eigen-decomposition. */
    static double exactSpectralRadius(int n, int[] rowStart, int[] column, double[] value) {
        DMatrixRMaj dense = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                dense.set(i, column[e], value[e]);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false);
        if (!eig.decompose(dense)) {
            throw new IllegalStateException("the eigen-decomposition of the " + n + "x" + n + " reservoir matrix failed");
        }
        double max = 0;
        for (int i = 0; i < eig.getNumberOfEigenvalues(); i++) {
            Complex_F64 l = eig.getEigenvalue(i);
            max = Math.max(max, l.getMagnitude());
        }
        return max;
    }

    public ReservoirConfig config() {
        return config;
    }

    /** The live state x (N); write to it to set the state. */
    public double[] state() {
        return state;
    }

    /** x ← 0. */
    public void reset() {
        Arrays.fill(state, 0);
    }

    /**
     * One update with input {@code u} (K) and previous output {@code yPrev} (L, used only with
     * output feedback; may be null otherwise). Returns the live state x(n).
     */
    public double[] step(double[] u, double[] yPrev) {
        int n = config.units();
        int k = config.inputSize();
        int k1 = 1 + k;
        int l = config.outputSize();
        if (k > 0 && (u == null || u.length != k)) {
            throw new IllegalArgumentException("the reservoir takes " + k + " inputs per step, got " + (u == null ? "none" : u.length));
        }
        boolean feedback = feedbackWeights.length > 0;
        if (feedback && (yPrev == null || yPrev.length != l)) {
            throw new IllegalArgumentException("output feedback needs the previous output (" + l + " values)");
        }
        for (int i = 0; i < n; i++) {
            int wi = i * k1;
            double s = inputWeights[wi];
            for (int j = 0; j < k; j++) {
                s += inputWeights[wi + 1 + j] * u[j];
            }
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                s += value[e] * state[column[e]];
            }
            if (feedback) {
                for (int j = 0; j < l; j++) {
                    s += feedbackWeights[i * l + j] * yPrev[j];
                }
            }
            scratch[i] = Math.tanh(s);
        }
        double a = config.leakRate();
        for (int i = 0; i < n; i++) {
            state[i] = (1 - a) * state[i] + a * scratch[i];
        }
        return state;
    }

    /** Non-zero entries of W. */
    public int connections() {
        return value.length;
    }

    /** W as a dense (N, N) row-major copy (for saving and inspection). */
    public double[] recurrentWeights() {
        int n = config.units();
        double[] w = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int e = rowStart[i]; e < rowStart[i + 1]; e++) {
                w[i * n + column[e]] = value[e];
            }
        }
        return w;
    }

    /** W_in (N, 1+K), bias column first; a copy. */
    public double[] inputWeights() {
        return inputWeights.clone();
    }

    /** W_fb (N, L), or an empty array without feedback; a copy. */
    public double[] feedbackWeights() {
        return feedbackWeights.clone();
    }

    /** The spectral radius of W as it is now, by a full O(N³) eigen-decomposition (seconds for N = 1000). */
    public double measuredSpectralRadius() {
        return exactSpectralRadius(config.units(), rowStart, column, value);
    }
}
