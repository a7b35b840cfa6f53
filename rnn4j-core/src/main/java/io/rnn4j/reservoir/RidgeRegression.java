package io.rnn4j.reservoir;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Ridge regression accumulated sample by sample (the states never need to be stored):
 * <pre>
 *   W_out = Y·Xᵀ·(X·Xᵀ + β·I)⁻¹
 * </pre>
 * with X (D, T) the extended states [1; u; x] as columns and Y (L, T) the targets (Lukoševičius
 * 2012, eq. 9). Reservoir states are strongly correlated, so X·Xᵀ is often singular to working
 * precision and a Cholesky factorisation fails for the small β that chaotic series need. The
 * solve therefore diagonalises the symmetric X·Xᵀ = V·Λ·Vᵀ (EJML) and applies
 * {@code (X·Xᵀ + βI)⁻¹ = V·diag(1/(max(λ_i, 0) + β))·Vᵀ}, which is stable for any β &gt; 0. The bias
 * entry is regularised like the others, as in the guide.
 */
public final class RidgeRegression {

    /** Samples buffered before they are folded into X·Xᵀ by one blocked product. */
    private static final int BLOCK = 256;

    private final int dim;
    private final int outputs;
    private final DMatrixRMaj xxT; // (D, D)
    private final double[] yxT; // (L, D)
    private final DMatrixRMaj block; // (BLOCK, D): pending samples as rows
    private int pending;
    private long samples;

    public RidgeRegression(int dim, int outputs) {
        if (dim < 1 || outputs < 1) {
            throw new IllegalArgumentException("need dim >= 1 and outputs >= 1, got " + dim + ", " + outputs);
        }
        this.dim = dim;
        this.outputs = outputs;
        this.xxT = new DMatrixRMaj(dim, dim);
        this.yxT = new double[outputs * dim];
        this.block = new DMatrixRMaj(BLOCK, dim);
    }

    /** Adds one sample: extended state x (D) and target y (L). */
    public void add(double[] x, double[] y) {
        System.arraycopy(x, 0, block.data, pending * dim, dim);
        if (++pending == BLOCK) {
            flush();
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

    /** X·Xᵀ += Bᵀ·B for the pending rows B (EJML's blocked product). */
    private void flush() {
        if (pending == 0) {
            return;
        }
        DMatrixRMaj rows = pending == BLOCK ? block : new DMatrixRMaj(pending, dim);
        if (rows != block) {
            System.arraycopy(block.data, 0, rows.data, 0, pending * dim);
        }
        org.ejml.dense.row.CommonOps_DDRM.multAddTransA(rows, rows, xxT);
        pending = 0;
    }

    public long samples() {
        return samples;
    }

    /** Solves for W_out (L, D), row-major. */
    public double[] solve(double ridge) {
        if (!(ridge > 0) || Double.isInfinite(ridge)) {
            throw new IllegalArgumentException("ridge must be a finite number > 0, got " + ridge);
        }
        if (samples == 0) {
            throw new IllegalStateException("no samples to fit: the run was shorter than the warm-up");
        }
        flush();
        DMatrixRMaj a = xxT.copy();
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(dim, true, true);
        if (!eig.decompose(a)) {
            throw new IllegalStateException("the eigen-decomposition of X·Xᵀ (" + dim + "x" + dim + ") failed");
        }
        // Wᵀ = V diag(1/(λ+β)) Vᵀ X Yᵀ, one output column at a time
        double[][] vectors = new double[dim][];
        double[] scale = new double[dim];
        for (int k = 0; k < dim; k++) {
            vectors[k] = eig.getEigenVector(k).getData();
            double lambda = eig.getEigenvalue(k).getReal();
            double denom = Math.max(lambda, 0) + ridge;
            scale[k] = denom > 0 ? 1 / denom : 0;
        }
        double[][] wT = new double[outputs][dim];
        for (int o = 0; o < outputs; o++) {
            for (int k = 0; k < dim; k++) {
                double[] v = vectors[k];
                double proj = 0;
                for (int j = 0; j < dim; j++) {
                    proj += v[j] * yxT[o * dim + j];
                }
                proj *= scale[k];
                for (int j = 0; j < dim; j++) {
                    wT[o][j] += proj * v[j];
                }
            }
        }
        double[] w = new double[outputs * dim];
        for (int o = 0; o < outputs; o++) {
            System.arraycopy(wT[o], 0, w, o * dim, dim);
        }
        return w;
    }
}
