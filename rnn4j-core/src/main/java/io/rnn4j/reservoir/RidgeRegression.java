package io.rnn4j.reservoir;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

import java.util.ArrayList;
import java.util.List;

/**
 * Ridge regression for a linear readout (Lukoševičius 2012, eq. 9):
 * <pre>
 *   W_out = argmin ‖W·X − Y‖² + β‖W‖²  =  Y·Xᵀ·(X·Xᵀ + β·I)⁻¹
 * </pre>
 * with X (D, T) the extended states [1; u; x] as columns and Y (L, T) the targets. The bias entry
 * is regularised like the others, as in the guide.
 *
 * <p>Two solvers:
 * <ul>
 *   <li>{@link #RidgeRegression(int, int) exact} (the default): keeps the samples and solves the
 *   augmented least-squares problem [Xᵀ; √β·I]·Wᵀ = [Yᵀ; 0] by Householder QR (EJML). It never
 *   forms X·Xᵀ, whose condition number is the square of X's, so it stays accurate for the tiny β
 *   that chaotic series need: on Mackey–Glass with 1000 units the normal equations lose everything
 *   below β ≈ 1e-10 (the free run diverges) while QR is stable at 1e-16. Memory: T·D doubles.</li>
 *   <li>{@link #streaming}: accumulates X·Xᵀ in blocked products (memory D², any T) and
 *   diagonalises it, (X·Xᵀ + βI)⁻¹ = V·diag(1/(max(λ,0) + β))·Vᵀ, which is stable for any
 *   β &gt; 0 but only as accurate as X·Xᵀ itself.</li>
 * </ul>
 */
public final class RidgeRegression {

    /** Samples buffered per block. */
    private static final int BLOCK = 256;

    private final int dim;
    private final int outputs;
    private final boolean keepSamples;
    private final DMatrixRMaj xxT; // (D, D), streaming only
    private final double[] yxT; // (L, D), streaming only
    private final List<DMatrixRMaj> blocks = new ArrayList<>(); // full blocks of samples as rows (exact only)
    private final List<double[]> targets = new ArrayList<>(); // (L) per sample (exact only)
    private DMatrixRMaj block; // (BLOCK, D): pending samples as rows
    private int pending;
    private long samples;

    /** The exact solver: stores the samples and solves by QR. */
    public RidgeRegression(int dim, int outputs) {
        this(dim, outputs, true);
    }

    /** The streaming solver: D² memory for any number of samples, solved by the normal equations. */
    public static RidgeRegression streaming(int dim, int outputs) {
        return new RidgeRegression(dim, outputs, false);
    }

    private RidgeRegression(int dim, int outputs, boolean keepSamples) {
        if (dim < 1 || outputs < 1) {
            throw new IllegalArgumentException("need dim >= 1 and outputs >= 1, got " + dim + ", " + outputs);
        }
        this.dim = dim;
        this.outputs = outputs;
        this.keepSamples = keepSamples;
        this.xxT = keepSamples ? null : new DMatrixRMaj(dim, dim);
        this.yxT = keepSamples ? null : new double[outputs * dim];
        this.block = new DMatrixRMaj(BLOCK, dim);
    }

    /** Adds one sample: extended state x (D) and target y (L). */
    public void add(double[] x, double[] y) {
        if (x.length != dim || y.length != outputs) {
            throw new IllegalArgumentException("expected " + dim + " features and " + outputs + " targets, got "
                    + x.length + " and " + y.length);
        }
        System.arraycopy(x, 0, block.data, pending * dim, dim);
        if (keepSamples) {
            targets.add(y.clone());
        } else {
            for (int o = 0; o < outputs; o++) {
                double yo = y[o];
                int row = o * dim;
                for (int j = 0; j < dim; j++) {
                    yxT[row + j] += yo * x[j];
                }
            }
        }
        samples++;
        if (++pending == BLOCK) {
            flush();
        }
    }

    /** Moves the pending rows out of the buffer: kept as a block, or folded into X·Xᵀ += Bᵀ·B. */
    private void flush() {
        if (pending == 0) {
            return;
        }
        DMatrixRMaj rows = pending == BLOCK ? block : new DMatrixRMaj(pending, dim);
        if (rows != block) {
            System.arraycopy(block.data, 0, rows.data, 0, pending * dim);
        }
        if (keepSamples) {
            blocks.add(rows);
            block = new DMatrixRMaj(BLOCK, dim);
        } else {
            CommonOps_DDRM.multAddTransA(rows, rows, xxT);
        }
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
        return keepSamples ? solveByQr(ridge) : solveByEigen(ridge);
    }

    private double[] solveByQr(double ridge) {
        int t = Math.toIntExact(samples);
        int rows = t + dim;
        DMatrixRMaj a = new DMatrixRMaj(rows, dim); // [Xᵀ; √β·I]
        DMatrixRMaj b = new DMatrixRMaj(rows, outputs); // [Yᵀ; 0]
        int r = 0;
        for (DMatrixRMaj blk : blocks) {
            System.arraycopy(blk.data, 0, a.data, r * dim, blk.numRows * dim);
            r += blk.numRows;
        }
        double root = Math.sqrt(ridge);
        for (int j = 0; j < dim; j++) {
            a.set(t + j, j, root);
        }
        for (int n = 0; n < t; n++) {
            System.arraycopy(targets.get(n), 0, b.data, n * outputs, outputs);
        }
        LinearSolverDense<DMatrixRMaj> qr = LinearSolverFactory_DDRM.leastSquares(rows, dim);
        if (!qr.setA(a)) {
            throw new IllegalStateException("the QR factorisation of the " + rows + "x" + dim + " ridge system failed");
        }
        DMatrixRMaj wT = new DMatrixRMaj(dim, outputs);
        qr.solve(b, wT);
        DMatrixRMaj w = new DMatrixRMaj(outputs, dim);
        CommonOps_DDRM.transpose(wT, w);
        return w.data;
    }

    private double[] solveByEigen(double ridge) {
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
            scale[k] = 1 / (Math.max(lambda, 0) + ridge);
        }
        double[] w = new double[outputs * dim];
        for (int o = 0; o < outputs; o++) {
            for (int k = 0; k < dim; k++) {
                double[] v = vectors[k];
                double proj = 0;
                for (int j = 0; j < dim; j++) {
                    proj += v[j] * yxT[o * dim + j];
                }
                proj *= scale[k];
                for (int j = 0; j < dim; j++) {
                    w[o * dim + j] += proj * v[j];
                }
            }
        }
        return w;
    }
}
