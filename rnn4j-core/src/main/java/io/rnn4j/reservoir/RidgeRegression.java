package io.rnn4j.reservoir;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Ridge regression accumulated sample by sample (the states never need to be stored):
 * <pre>
 *   W_out = Y·Xᵀ·(X·Xᵀ + β·I)⁻¹
 * </pre>
 * with X (D, T) the extended states [1; u; x] as columns and Y (L, T) the targets (Lukoševičius
 * 2012, eq. 9). The symmetric positive-definite system is solved by Cholesky (EJML); the ridge β
 * also keeps it well conditioned. The bias entry is regularised like the others, as in the guide.
 */
public final class RidgeRegression {

    private final int dim;
    private final int outputs;
    private final double[] xxT; // (D, D), upper triangle accumulated
    private final double[] yxT; // (L, D)
    private long samples;

    public RidgeRegression(int dim, int outputs) {
        if (dim < 1 || outputs < 1) {
            throw new IllegalArgumentException("need dim >= 1 and outputs >= 1, got " + dim + ", " + outputs);
        }
        this.dim = dim;
        this.outputs = outputs;
        this.xxT = new double[dim * dim];
        this.yxT = new double[outputs * dim];
    }

    /** Adds one sample: extended state x (D) and target y (L). */
    public void add(double[] x, double[] y) {
        for (int i = 0; i < dim; i++) {
            double xi = x[i];
            if (xi == 0) {
                continue;
            }
            int row = i * dim;
            for (int j = i; j < dim; j++) {
                xxT[row + j] += xi * x[j];
            }
        }
        for (int o = 0; o < outputs; o++) {
            double yo = y[o];
            int row = o * dim;
            for (int j = 0; j < dim; j++) {
                yxT[row + j] += yo * x[j];
            }
        }
        samples++;
    }

    public long samples() {
        return samples;
    }

    /** Solves for W_out (L, D), row-major. */
    public double[] solve(double ridge) {
        if (!(ridge >= 0)) {
            throw new IllegalArgumentException("ridge must be >= 0, got " + ridge);
        }
        if (samples == 0) {
            throw new IllegalStateException("no samples to fit: the run was shorter than the warm-up");
        }
        DMatrixRMaj a = new DMatrixRMaj(dim, dim);
        for (int i = 0; i < dim; i++) {
            for (int j = i; j < dim; j++) {
                double v = xxT[i * dim + j];
                a.unsafe_set(i, j, v);
                a.unsafe_set(j, i, v);
            }
            a.unsafe_set(i, i, a.unsafe_get(i, i) + ridge);
        }
        DMatrixRMaj b = new DMatrixRMaj(dim, outputs); // (X Xᵀ + βI) Wᵀ = X Yᵀ
        for (int o = 0; o < outputs; o++) {
            for (int j = 0; j < dim; j++) {
                b.unsafe_set(j, o, yxT[o * dim + j]);
            }
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(dim);
        if (!solver.setA(a)) {
            throw new IllegalStateException("X·Xᵀ + ridge·I is not positive definite (ridge " + ridge
                    + "); use a larger ridge");
        }
        DMatrixRMaj wT = new DMatrixRMaj(dim, outputs);
        solver.solve(b, wT);
        double[] w = new double[outputs * dim];
        for (int o = 0; o < outputs; o++) {
            for (int j = 0; j < dim; j++) {
                w[o * dim + j] = wT.unsafe_get(j, o);
            }
        }
        return w;
    }
}
