package io.rnn4j.train.ekf;

import io.rnn4j.kernel.Blas;

import java.util.Arrays;

/**
 * Extended Kalman filter training of a network's weights θ (Singhal &amp; Wu 1989; for recurrent
 * networks Puskorius &amp; Feldkamp 1994), global or decoupled. The weights are the state of a
 * filter whose measurement is the network output y = h(θ, inputs); with the Jacobian
 * H = ∂y/∂θ (O, P) at the current weights and the innovation ξ = d − y, one update is
 * <pre>
 *   A   = (R + Σ_g H_g·P_g·H_gᵀ)⁻¹          (O, O), shared by all groups
 *   K_g = P_g·H_gᵀ·A                        (n_g, O)
 *   θ_g ← θ_g + K_g·ξ
 *   P_g ← P_g − K_g·H_g·P_g + Q             (n_g, n_g)
 * </pre>
 * The global EKF has one group holding all P weights (memory P², cost O·P² per update). The
 * decoupled EKF keeps one block P_g per group, one group per neuron or gate unit (see
 * {@code RtrlNetwork.unitGroups()}), ignoring correlations between groups: memory Σ n_g².
 * P is re-symmetrised after each update, since rounding would otherwise let it drift from
 * symmetric and lose positive definiteness.
 */
public final class ExtendedKalmanFilter {

    private final int[][] groups;
    private final double[][] covariance; // per group, (n_g, n_g) row-major
    private final EkfConfig config;
    private long updates;
    private int outputs = -1; // O the workspace below is sized for
    private final double[][] pht; // per group, P_g·H_gᵀ (n_g, O)
    private final double[][] gain; // per group, K_g (n_g, O)
    private final double[][] gathered; // per group, H_g (O, n_g)
    private double[] innovationCovariance; // (O, O): R + Σ H_g·P_g·H_gᵀ, then its inverse A

    private ExtendedKalmanFilter(int parameterCount, int[][] groups, EkfConfig config) {
        boolean[] seen = new boolean[parameterCount];
        for (int[] g : groups) {
            if (g.length == 0) {
                throw new IllegalArgumentException("an EKF group must hold at least one weight");
            }
            for (int i : g) {
                if (i < 0 || i >= parameterCount || seen[i]) {
                    throw new IllegalArgumentException("EKF groups must be disjoint indices in [0, " + parameterCount
                            + "), got " + i + " twice or out of range");
                }
                seen[i] = true;
            }
        }
        long bytes = covarianceDoubles(groups) * 8;
        long allowed = Runtime.getRuntime().maxMemory() / 2;
        if (bytes > allowed) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "the EKF covariance needs %.1f MiB (%d groups, %,d weights; the global EKF keeps P^2 values), more than"
                            + " the %.1f MiB allowed (half the heap); use the decoupled EKF (dekf), fewer units or a larger -Xmx",
                    bytes / 1048576.0, groups.length, parameterCount, allowed / 1048576.0));
        }
        this.groups = new int[groups.length][];
        this.covariance = new double[groups.length][];
        this.pht = new double[groups.length][];
        this.gain = new double[groups.length][];
        this.gathered = new double[groups.length][];
        for (int g = 0; g < groups.length; g++) {
            this.groups[g] = groups[g].clone();
            int n = groups[g].length;
            covariance[g] = new double[n * n];
            for (int i = 0; i < n; i++) {
                covariance[g][i * n + i] = config.initialCovariance();
            }
        }
        this.config = config;
    }

    /** The global EKF over all {@code parameterCount} weights. */
    public static ExtendedKalmanFilter global(int parameterCount, EkfConfig config) {
        int[] all = new int[parameterCount];
        Arrays.setAll(all, i -> i);
        return new ExtendedKalmanFilter(parameterCount, new int[][] {all}, config);
    }

    /** The decoupled EKF with the given disjoint groups; weights in no group are not trained. */
    public static ExtendedKalmanFilter decoupled(int parameterCount, int[][] groups, EkfConfig config) {
        return new ExtendedKalmanFilter(parameterCount, groups, config);
    }

    /** Doubles of covariance storage: Σ n_g². */
    public static long covarianceDoubles(int[][] groups) {
        long n = 0;
        for (int[] g : groups) {
            n += (long) g.length * g.length;
        }
        return n;
    }

    public long updates() {
        return updates;
    }

    public EkfConfig config() {
        return config;
    }

    /** A copy of group g's covariance block (n_g, n_g), row-major. */
    public double[] covariance(int group) {
        return covariance[group].clone();
    }

    /**
     * One filter update: θ (P) += K·ξ and P ← P − K·H·P + Q.
     *
     * @param theta      the weights, updated in place
     * @param jacobian   H = ∂y/∂θ, O rows of P
     * @param innovation ξ = d − y (O)
     */
    public void update(double[] theta, double[][] jacobian, double[] innovation) {
        int o = innovation.length;
        if (jacobian.length != o) {
            throw new IllegalArgumentException("the Jacobian has " + jacobian.length + " rows for " + o + " outputs");
        }
        double r = config.measurementNoise(updates);
        double q = config.processNoise(updates);
        // P_g·H_gᵀ per group, and A⁻¹ = R + Σ H_g·P_g·H_gᵀ
        if (o != outputs) {
            allocateWorkspace(o);
        }
        double[] a = innovationCovariance;
        Arrays.fill(a, 0);
        for (int i = 0; i < o; i++) {
            a[i * o + i] = r;
        }
        for (int g = 0; g < groups.length; g++) {
            int[] idx = groups[g];
            int n = idx.length;
            double[] hg = groupJacobian(jacobian, idx, o, g); // H_g (O, n_g)
            double[] m = pht[g]; // M = P_g·H_gᵀ (n_g, O)
            Blas.dgemm(false, true, n, o, n, 1, covariance[g], 0, n, hg, 0, n, 0, m, 0, o);
            Blas.dgemm(false, false, o, o, n, 1, hg, 0, n, m, 0, o, 1, a, 0, o); // A += H_g·M
        }
        invertSymmetric(a, o);
        for (int g = 0; g < groups.length; g++) {
            int[] idx = groups[g];
            int n = idx.length;
            double[] m = pht[g];
            double[] k = gain[g]; // K_g = M·A, (n_g, O)
            Blas.dgemm(false, false, n, o, o, 1, m, 0, o, a, 0, o, 0, k, 0, o);
            for (int i = 0; i < n; i++) {
                double step = 0;
                for (int out = 0; out < o; out++) {
                    step += k[i * o + out] * innovation[out];
                }
                theta[idx[i]] += step;
            }
            // P ← P − K·Mᵀ + qI  (K·H·P = K·(P·Hᵀ)ᵀ = K·Mᵀ since P is symmetric), then symmetrise
            double[] p = covariance[g];
            Blas.dgemm(false, true, n, n, o, -1, k, 0, o, m, 0, o, 1, p, 0, n);
            for (int i = 0; i < n; i++) {
                p[i * n + i] += q;
                for (int j = i + 1; j < n; j++) {
                    double sym = 0.5 * (p[i * n + j] + p[j * n + i]);
                    p[i * n + j] = sym;
                    p[j * n + i] = sym;
                }
            }
        }
        updates++;
    }

    /** H_g, the group's columns of the Jacobian gathered into (O, n_g), in a reused buffer. */
    private double[] groupJacobian(double[][] jacobian, int[] idx, int o, int g) {
        int n = idx.length;
        double[] hg = gathered[g];
        for (int out = 0; out < o; out++) {
            double[] row = jacobian[out];
            int base = out * n;
            for (int i = 0; i < n; i++) {
                hg[base + i] = row[idx[i]];
            }
        }
        return hg;
    }

    /** Per-group P·Hᵀ and gain buffers for O outputs, reused by every update. */
    private void allocateWorkspace(int o) {
        outputs = o;
        innovationCovariance = new double[o * o];
        for (int g = 0; g < groups.length; g++) {
            pht[g] = new double[groups[g].length * o];
            gain[g] = new double[groups[g].length * o];
            gathered[g] = new double[groups[g].length * o];
        }
    }

    /**
     * In-place inverse of the small symmetric positive definite matrix a (n, n), by Gauss–Jordan
     * elimination with partial pivoting (n is the number of outputs, a handful).
     */
    static void invertSymmetric(double[] a, int n) {
        double[] inv = new double[n * n];
        for (int i = 0; i < n; i++) {
            inv[i * n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(a[r * n + c]) > Math.abs(a[pivot * n + c])) {
                    pivot = r;
                }
            }
            double d = a[pivot * n + c];
            if (!(Math.abs(d) > 0) || !Double.isFinite(d)) {
                throw new IllegalStateException("the EKF innovation covariance is singular or not finite;"
                        + " raise the measurement noise R");
            }
            if (pivot != c) {
                swapRows(a, n, c, pivot);
                swapRows(inv, n, c, pivot);
            }
            for (int j = 0; j < n; j++) {
                a[c * n + j] /= d;
                inv[c * n + j] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r == c) {
                    continue;
                }
                double f = a[r * n + c];
                if (f != 0) {
                    for (int j = 0; j < n; j++) {
                        a[r * n + j] -= f * a[c * n + j];
                        inv[r * n + j] -= f * inv[c * n + j];
                    }
                }
            }
        }
        System.arraycopy(inv, 0, a, 0, n * n);
    }

    private static void swapRows(double[] m, int n, int a, int b) {
        for (int j = 0; j < n; j++) {
            double t = m[a * n + j];
            m[a * n + j] = m[b * n + j];
            m[b * n + j] = t;
        }
    }
}
