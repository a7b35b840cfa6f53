package io.rnn4j.train.rtrl;

import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.OneHot;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.Gru;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentConfig.CellType;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.nn.recurrent.SimpleRnn;

import java.util.Arrays;
import java.util.List;

/**
 * Real-time recurrent learning (Williams &amp; Zipser 1989): a stack of recurrent cells with a
 * dense readout, run forward one step at a time in double precision while carrying, for every
 * sample, the sensitivity of each layer's state to every parameter,
 * <pre>
 *   M_l(t) = ∂s_l(t)/∂θ = J_s·M_l(t−1) + J_x·M_{l−1}(t)[h rows] + ∂s_l(t)/∂θ_l (immediate)
 *   z(t)   = V·h_L(t) + c                         (O outputs, before any output non-linearity)
 *   ∂z(t)/∂θ = V·M_L(t)[h rows]  (+ h_L(t), 1 for V and c)
 * </pre>
 * so the exact gradient of a loss at step t, or the output Jacobian an extended Kalman filter
 * needs, is available at step t with no unrolling. The sum over a sequence of the per-step
 * gradients equals back-propagation through time's (tested to 1e-6 in double).
 *
 * <p>θ is one flat vector laid out exactly as the {@link io.rnn4j.nn.ParameterSet} of the
 * equivalent {@link SequenceModel} ({@code rnn.weight_ih_l0 … head.weight, head.bias}), so
 * gradients map one to one.
 *
 * <p><b>Cost.</b> With S_l state values and P_l parameters up to layer l, each step costs
 * Σ_l S_l²·P_l multiply-adds per sample, and the sensitivities take Σ_l 2·S_l·P_l doubles per
 * sample. For n units, P grows as n² (LSTM: 4n(I+n+2)) and S as n, so a step costs O(n⁴)
 * (BPTT: O(n²)) and memory O(n³). {@link #create} refuses a network whose sensitivities would
 * not fit in the memory allowed, with the estimate.
 */
public final class RtrlNetwork {

    /**
     * The architecture RTRL runs: {@code layers} stacked cells of {@code hidden} units over
     * {@code inputSize} real-valued inputs, and a dense readout to {@code outputs}.
     */
    public record Spec(CellType cell, int inputSize, int hidden, int layers, boolean peepholes, boolean relu,
                       int outputs) {
        public Spec {
            if (cell == null || cell == CellType.CLOCKWORK) {
                throw new IllegalArgumentException("RTRL runs RNN, LSTM and GRU cells, not " + cell);
            }
            if (inputSize < 1 || hidden < 1 || layers < 1 || outputs < 1) {
                throw new IllegalArgumentException("inputSize, hidden, layers and outputs must be >= 1, got "
                        + inputSize + ", " + hidden + ", " + layers + ", " + outputs);
            }
            if (peepholes && cell != CellType.LSTM) {
                throw new IllegalArgumentException("peepholes exist only for LSTM cells");
            }
        }

        /** State values per layer: 2H for an LSTM, H otherwise. */
        public int stateSize() {
            return cell.stateCount() * hidden;
        }

        /** Parameters of recurrent layer l. */
        int layerParameters(int l) {
            return Math.toIntExact(cell.layerParameterCount(l == 0 ? inputSize : hidden, hidden, peepholes));
        }

        /** All parameters, readout included. */
        public int parameterCount() {
            int p = 0;
            for (int l = 0; l < layers; l++) {
                p += layerParameters(l);
            }
            return p + outputs * (hidden + 1);
        }

        /** Doubles of sensitivity storage per sample (double-buffered). */
        public long sensitivityDoubles() {
            long total = 0;
            int cols = 0;
            for (int l = 0; l < layers; l++) {
                cols += layerParameters(l);
                total += 2L * stateSize() * cols;
            }
            return total;
        }

        /** Multiply-adds of the sensitivity update per step and sample: Σ_l S²·P_l. */
        public long multiplyAddsPerStep() {
            long total = 0;
            int cols = 0;
            long s = stateSize();
            for (int l = 0; l < layers; l++) {
                cols += layerParameters(l);
                total += s * s * cols + (l > 0 ? s * hidden * (cols - layerParameters(l)) : 0);
            }
            return total;
        }
    }

    private final Spec spec;
    private final int batch;
    private final CellStep[] cells; // per layer; samples step one after another through the same buffers
    private final double[] theta;
    private final int readoutWeight;
    private final int readoutBias;
    private final double[][][] state;     // [layer][sample] (S)
    private final double[][][] nextState; // [layer][sample] (S)
    private final double[][][][] sens;    // [layer][sample] (S, P_l cols)
    private final double[][][][] sensNext;
    private final double[][] js;
    private final double[][] jx;
    private final double[] output; // (B, O)
    private final double[] sampleInput; // (I), one sample's slice of the step's input
    private final double[] hiddenGradient; // (H), ∂loss/∂h of the top layer
    private final double[] stepGradient;   // (P), for gradientInto

    private RtrlNetwork(Spec spec, int batch) {
        this.spec = spec;
        this.batch = batch;
        int s = spec.stateSize();
        this.cells = new CellStep[spec.layers()];
        int offset = 0;
        for (int l = 0; l < spec.layers(); l++) {
            cells[l] = newCell(spec, l == 0 ? spec.inputSize() : spec.hidden(), offset);
            offset = cells[l].end;
        }
        this.readoutWeight = offset;
        this.readoutBias = offset + spec.outputs() * spec.hidden();
        this.theta = new double[spec.parameterCount()];
        this.state = new double[spec.layers()][batch][s];
        this.nextState = new double[spec.layers()][batch][s];
        this.sens = new double[spec.layers()][batch][][];
        this.sensNext = new double[spec.layers()][batch][][];
        for (int l = 0; l < spec.layers(); l++) {
            for (int b = 0; b < batch; b++) {
                sens[l][b] = new double[s][cells[l].end];
                sensNext[l][b] = new double[s][cells[l].end];
            }
        }
        this.js = new double[s][s];
        this.jx = new double[s][Math.max(spec.inputSize(), spec.hidden())];
        this.output = new double[batch * spec.outputs()];
        this.sampleInput = new double[spec.inputSize()];
        this.hiddenGradient = new double[spec.hidden()];
        this.stepGradient = new double[theta.length];
    }

    private static CellStep newCell(Spec spec, int in, int offset) {
        switch (spec.cell()) {
            case RNN:
                return new ElmanStep(in, spec.hidden(), spec.relu(), offset);
            case LSTM:
                return new LstmStep(in, spec.hidden(), spec.peepholes(), offset);
            case GRU:
                return new GruStep(in, spec.hidden(), offset);
            default:
                throw new IllegalArgumentException("RTRL runs RNN, LSTM and GRU cells, not " + spec.cell());
        }
    }

    /**
     * A network for {@code batch} parallel sequences, refused with the memory estimate when its
     * sensitivities would take more than {@code maxBytes}.
     */
    public static RtrlNetwork create(Spec spec, int batch, long maxBytes) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        long bytes = estimateBytes(spec, batch);
        if (bytes > maxBytes) {
            throw new IllegalArgumentException(String.format(
                    "RTRL keeps dstate/dtheta for every sequence: %d x %d state values x up to %d parameters"
                            + " (double-buffered) = %.1f MiB for batch %d, more than the %.1f MiB allowed;"
                            + " RTRL costs O(n^4) per step for n units, so use fewer units or --algorithm bptt|tbptt",
                    spec.layers(), spec.stateSize(), spec.parameterCount(), bytes / 1048576.0, batch,
                    maxBytes / 1048576.0));
        }
        return new RtrlNetwork(spec, batch);
    }

    /** As {@link #create(Spec, int, long)}, allowing half of the JVM's maximum heap. */
    public static RtrlNetwork create(Spec spec, int batch) {
        return create(spec, batch, Runtime.getRuntime().maxMemory() / 2);
    }

    /** Bytes the sensitivities of {@code batch} sequences take. */
    public static long estimateBytes(Spec spec, int batch) {
        return spec.sensitivityDoubles() * 8L * batch;
    }

    /**
     * The spec of a model that RTRL can run: one unidirectional {@link RecurrentLayer} (RNN, LSTM
     * or reset-after GRU, any depth, no dropout) followed by one {@link Dense} readout, on
     * real-valued inputs or behind a {@link OneHot} layer (then {@link #step} takes the one-hot
     * vectors). Anything else is refused with the reason.
     */
    public static Spec specOf(SequenceModel model) {
        List<Layer> layers = List.copyOf(model.layers().values());
        if (!layers.isEmpty() && layers.get(0) instanceof OneHot) {
            layers = layers.subList(1, layers.size());
        }
        if (layers.size() != 2 || !(layers.get(0) instanceof RecurrentLayer) || !(layers.get(1) instanceof Dense)) {
            throw new IllegalArgumentException("RTRL and the EKF train a recurrent layer followed by a dense readout"
                    + " on real-valued or one-hot inputs; this model has layers " + model.layers().keySet());
        }
        RecurrentConfig c = ((RecurrentLayer) layers.get(0)).stack().config();
        if (c.bidirectional()) {
            throw new IllegalArgumentException("RTRL runs forward in time only; a bidirectional layer needs BPTT");
        }
        if (c.dropout() > 0) {
            throw new IllegalArgumentException("RTRL does not apply dropout between layers; set dropout to 0");
        }
        if (c.cell() == CellType.GRU && c.gruVariant() != Gru.Variant.RESET_AFTER) {
            throw new IllegalArgumentException("RTRL runs the reset-after GRU (PyTorch's form) only");
        }
        return new Spec(c.cell(), c.inputSize(), c.hiddenSize(), c.numLayers(), c.peepholes(),
                c.nonlinearity() == SimpleRnn.Nonlinearity.RELU, ((Dense) layers.get(1)).out());
    }

    public Spec spec() {
        return spec;
    }

    public int batch() {
        return batch;
    }

    /** The live parameter vector θ; write to it (e.g. after an optimizer step) to change the weights. */
    public double[] theta() {
        return theta;
    }

    /** Copies parameters in, e.g. from {@code model.parameters().values()}. */
    public void setParameters(float[] values) {
        if (values.length != theta.length) {
            throw new IllegalArgumentException("expected " + theta.length + " parameters, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            theta[i] = values[i];
        }
    }

    /** Zeroes every state and sensitivity, as at the start of a new sequence. */
    public void reset() {
        for (int b = 0; b < batch; b++) {
            reset(b);
        }
    }

    /** Zeroes sample b's state and sensitivities. */
    public void reset(int b) {
        for (int l = 0; l < spec.layers(); l++) {
            Arrays.fill(state[l][b], 0);
            for (double[] row : sens[l][b]) {
                Arrays.fill(row, 0);
            }
        }
    }

    /**
     * Advances every sample by one step with inputs x (B, I) and returns the readout z (B, O),
     * a live buffer overwritten by the next step.
     */
    public double[] step(double[] x) {
        int in = spec.inputSize();
        if (x.length != batch * in) {
            throw new IllegalArgumentException("expected B*I = " + batch + "*" + in + " inputs, got " + x.length);
        }
        for (int b = 0; b < batch; b++) {
            System.arraycopy(x, b * in, sampleInput, 0, in);
            stepSample(b, sampleInput);
        }
        return output;
    }

    private void stepSample(int b, double[] x0) {
        double[] x = x0;
        int s = spec.stateSize();
        for (int l = 0; l < spec.layers(); l++) {
            CellStep cell = cells[l];
            double[] prev = state[l][b];
            double[] next = nextState[l][b];
            cell.forward(theta, x, prev, next);
            cell.stateJacobian(theta, js);
            double[][] m = sens[l][b];
            double[][] mNext = sensNext[l][b];
            int cols = cell.end;
            for (int k = 0; k < s; k++) {
                double[] row = mNext[k];
                Arrays.fill(row, 0);
                double[] jrow = js[k];
                for (int j = 0; j < s; j++) {
                    double v = jrow[j];
                    if (v != 0) {
                        axpy(v, m[j], row, cols);
                    }
                }
            }
            if (l > 0) {
                // the input is the layer below's h, which depends on all parameters below this layer
                cell.inputJacobian(theta, jx);
                double[][] below = sens[l - 1][b]; // already advanced to this step
                int belowCols = cells[l - 1].end;
                for (int k = 0; k < s; k++) {
                    double[] jrow = jx[k];
                    for (int j = 0; j < spec.hidden(); j++) {
                        double v = jrow[j];
                        if (v != 0) {
                            axpy(v, below[j], mNext[k], belowCols);
                        }
                    }
                }
            }
            cell.addParameterJacobian(mNext, x, prev, next);
            sens[l][b] = mNext;
            sensNext[l][b] = m;
            state[l][b] = next;
            nextState[l][b] = prev;
            x = next;
        }
        int o = spec.outputs();
        int hs = spec.hidden();
        double[] h = state[spec.layers() - 1][b];
        for (int q = 0; q < o; q++) {
            double z = theta[readoutBias + q];
            int w = readoutWeight + q * hs;
            for (int k = 0; k < hs; k++) {
                z += theta[w + k] * h[k];
            }
            output[b * o + q] = z;
        }
    }

    private static void axpy(double a, double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += a * x[i];
        }
    }

    /**
     * grad (P) += Σ_q dz[b·O + q]·∂z_bq/∂θ for the current step: the exact gradient contribution
     * of a loss on this step's readout, given ∂loss/∂z (B, O).
     */
    public void accumulateGradient(double[] dz, double[] grad) {
        int o = spec.outputs();
        int hs = spec.hidden();
        int top = spec.layers() - 1;
        double[] dh = hiddenGradient;
        for (int b = 0; b < batch; b++) {
            Arrays.fill(dh, 0);
            boolean any = false;
            double[] h = state[top][b];
            for (int q = 0; q < o; q++) {
                double d = dz[b * o + q];
                if (d == 0) {
                    continue;
                }
                any = true;
                int w = readoutWeight + q * hs;
                for (int k = 0; k < hs; k++) {
                    dh[k] += d * theta[w + k];
                    grad[w + k] += d * h[k];
                }
                grad[readoutBias + q] += d;
            }
            if (!any) {
                continue;
            }
            double[][] m = sens[top][b];
            int cols = cells[top].end;
            for (int k = 0; k < hs; k++) {
                if (dh[k] != 0) {
                    axpy(dh[k], m[k], grad, cols);
                }
            }
        }
    }

    /**
     * Overwrites {@code ps}'s gradients (laid out as θ) with this step's gradient for ∂loss/∂z
     * (B, O), as {@link #accumulateGradient} computes it, ready for a float optimizer step.
     */
    public void gradientInto(double[] dz, ParameterSet ps) {
        float[] g = ps.grads();
        if (g.length != theta.length) {
            throw new IllegalArgumentException("expected " + theta.length + " gradients, the parameter set has " + g.length);
        }
        Arrays.fill(stepGradient, 0);
        accumulateGradient(dz, stepGradient);
        for (int k = 0; k < g.length; k++) {
            g[k] = (float) stepGradient[k];
        }
    }

    /** jac (O, P) = ∂z/∂θ of sample b at the current step (overwritten). */
    public void outputJacobian(int b, double[][] jac) {
        int o = spec.outputs();
        int hs = spec.hidden();
        int top = spec.layers() - 1;
        double[][] m = sens[top][b];
        int cols = cells[top].end;
        double[] h = state[top][b];
        for (int q = 0; q < o; q++) {
            double[] row = jac[q];
            Arrays.fill(row, 0);
            int w = readoutWeight + q * hs;
            for (int k = 0; k < hs; k++) {
                double v = theta[w + k];
                if (v != 0) {
                    axpy(v, m[k], row, cols);
                }
                row[w + k] = h[k];
            }
            row[readoutBias + q] = 1;
        }
    }

    /**
     * Groups of parameter indices for the decoupled EKF, one per neuron or gate unit (Puskorius
     * &amp; Feldkamp 1994): every weight and bias that feeds gate row r of a layer (W_ih[r,:],
     * W_hh[r,:], b_ih[r], b_hh[r], and that unit's peephole for the i, f and o rows), and every
     * weight into readout unit q.
     */
    public int[][] unitGroups() {
        return unitGroups(spec);
    }

    /** {@link #unitGroups()} for a spec, without allocating the sensitivities. */
    public static int[][] unitGroups(Spec spec) {
        java.util.List<int[]> groups = new java.util.ArrayList<>();
        int offset = 0;
        for (int l = 0; l < spec.layers(); l++) {
            CellStep c = newCell(spec, l == 0 ? spec.inputSize() : spec.hidden(), offset);
            offset = c.end;
            int in = c.inputSize;
            int hs = c.hiddenSize;
            int peep = c.biasHh + c.gateRows;
            boolean lstmPeep = spec.peepholes();
            for (int r = 0; r < c.gateRows; r++) {
                int gate = r / hs;
                int unit = r % hs;
                int extra = lstmPeep && gate != 2 ? 1 : 0;
                int[] g = new int[in + hs + 2 + extra];
                int n = 0;
                for (int j = 0; j < in; j++) {
                    g[n++] = c.weightIh + r * in + j;
                }
                for (int j = 0; j < hs; j++) {
                    g[n++] = c.weightHh + r * hs + j;
                }
                g[n++] = c.biasIh + r;
                g[n++] = c.biasHh + r;
                if (extra == 1) {
                    int which = gate == 0 ? 0 : gate == 1 ? 1 : 2; // peephole blocks are i, f, o
                    g[n++] = peep + which * hs + unit;
                }
                groups.add(g);
            }
        }
        int hs = spec.hidden();
        int readoutWeight = offset;
        int readoutBias = offset + spec.outputs() * hs;
        for (int q = 0; q < spec.outputs(); q++) {
            int[] g = new int[hs + 1];
            for (int k = 0; k < hs; k++) {
                g[k] = readoutWeight + q * hs + k;
            }
            g[hs] = readoutBias + q;
            groups.add(g);
        }
        return groups.toArray(new int[0][]);
    }
}
