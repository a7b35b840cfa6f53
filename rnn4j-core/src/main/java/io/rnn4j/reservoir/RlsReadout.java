package io.rnn4j.reservoir;

/**
 * Recursive least squares (Haykin, Adaptive Filter Theory, ch. 10), the online readout of an ESN
 * (Jaeger 2003): after each sample the weights are the exponentially weighted least-squares fit
 * of everything seen so far.
 * <pre>
 *   k = P·x / (λ + xᵀ·P·x)
 *   e = y − W·x
 *   W ← W + e·kᵀ
 *   P ← (P − k·xᵀ·P) / λ
 * </pre>
 * Shapes: x (D), y and e (L), W (L, D), P (D, D) starts as I/δ. λ in (0, 1] forgets old samples
 * (1 = never). O(D²) per sample.
 */
public final class RlsReadout {

    private final int dim;
    private final int outputs;
    private final double forgetting;
    private final double[] p;
    private final double[] w;
    private final double[] px;

    /**
     * @param forgetting λ in (0, 1]
     * @param delta      δ &gt; 0; P starts as I/δ (small δ: the first samples dominate)
     */
    public RlsReadout(int dim, int outputs, double forgetting, double delta) {
        if (dim < 1 || outputs < 1) {
            throw new IllegalArgumentException("need dim >= 1 and outputs >= 1, got " + dim + ", " + outputs);
        }
        if (!(forgetting > 0 && forgetting <= 1)) {
            throw new IllegalArgumentException("forgetting factor must be in (0, 1], got " + forgetting);
        }
        if (!(delta > 0)) {
            throw new IllegalArgumentException("delta must be > 0, got " + delta);
        }
        this.dim = dim;
        this.outputs = outputs;
        this.forgetting = forgetting;
        this.p = new double[dim * dim];
        for (int i = 0; i < dim; i++) {
            p[i * dim + i] = 1 / delta;
        }
        this.w = new double[outputs * dim];
        this.px = new double[dim];
    }

    /** One update with extended state x (D) and target y (L); returns the a-priori error e (L). */
    public double[] update(double[] x, double[] y) {
        double denom = forgetting;
        for (int i = 0; i < dim; i++) {
            double s = 0;
            int row = i * dim;
            for (int j = 0; j < dim; j++) {
                s += p[row + j] * x[j];
            }
            px[i] = s;
            denom += x[i] * s;
        }
        double[] e = new double[outputs];
        for (int o = 0; o < outputs; o++) {
            double s = 0;
            for (int j = 0; j < dim; j++) {
                s += w[o * dim + j] * x[j];
            }
            e[o] = y[o] - s;
        }
        // P is symmetric, so xᵀP = (Px)ᵀ and k = Px / denom.
        double inv = 1 / denom;
        for (int o = 0; o < outputs; o++) {
            for (int j = 0; j < dim; j++) {
                w[o * dim + j] += e[o] * px[j] * inv;
            }
        }
        double lambdaInv = 1 / forgetting;
        for (int i = 0; i < dim; i++) {
            double ki = px[i] * inv;
            int row = i * dim;
            for (int j = 0; j < dim; j++) {
                p[row + j] = (p[row + j] - ki * px[j]) * lambdaInv;
            }
        }
        return e;
    }

    /** The current W (L, D), row-major; a copy. */
    public double[] weights() {
        return w.clone();
    }
}
