package io.rnn4j.nn.conv;

import io.rnn4j.kernel.Activations;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.Parameter;
import io.rnn4j.tensor.Seq;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One convolutional LSTM cell (Shi et al. 2015, "Convolutional LSTM Network: A Machine Learning
 * Approach for Precipitation Nowcasting", eq. 3): the LSTM's gates computed by convolutions over
 * maps of H × W positions, so every state is a stack of feature maps. For an input X_t of C
 * channels and a state of D channels, with * a 'same'-padded convolution and ∘ the elementwise
 * product:
 * <pre>
 *   i_t = σ(W_xi * X_t + W_hi * H_{t−1} + W_ci ∘ C_{t−1} + b_i)
 *   f_t = σ(W_xf * X_t + W_hf * H_{t−1} + W_cf ∘ C_{t−1} + b_f)
 *   C_t = f_t ∘ C_{t−1} + i_t ∘ tanh(W_xc * X_t + W_hc * H_{t−1} + b_c)
 *   o_t = σ(W_xo * X_t + W_ho * H_{t−1} + W_co ∘ C_t + b_o)
 *   H_t = o_t ∘ tanh(C_t)
 * </pre>
 * The peephole terms (W_c· of shape (D, H, W)) are optional. The input convolution W_x (4D, C, k,
 * k) with the bias runs over all steps of a sequence at once; the state convolution W_h (4D, D,
 * k, k), without bias, runs once per step. A cell with no input (C = 0: the forecaster of an
 * encoder–forecaster) has no W_x, and its gates see the state and the bias only. Gate blocks are in
 * PyTorch's LSTM order i, f, g (the candidate), o.
 *
 * <p>Parameters, for a name prefix p: p{@code input_weight} (W_x), p{@code state_weight} (W_h),
 * p{@code bias} (4D) and, with peepholes, p{@code peephole_i}, p{@code peephole_f}, p{@code peephole_o}.
 */
final class ConvLstmCell {

    /** Batch rows per thread chunk of the elementwise gate loops. */
    private static final int ROW_GRAIN = 2;

    private final int inChannels;
    private final int hidden;
    private final ImageShape stateShape;
    private final Conv2d inputConv;
    private final Conv2d stateConv;
    private final Parameter bias;
    private final Parameter peepI;
    private final Parameter peepF;
    private final Parameter peepO;

    /**
     * @param height     H, the maps' rows
     * @param width      W, the maps' columns
     * @param inChannels C, the input's channels (0 for a cell without input)
     * @param hidden     D, the state's channels
     * @param kernel     k, the odd side of both convolutions' square kernels
     */
    ConvLstmCell(int height, int width, int inChannels, int hidden, int kernel, boolean peepholes, String prefix) {
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("a ConvLSTM kernel must be odd (so 'same' padding keeps the map's size), got "
                    + kernel);
        }
        if (hidden < 1 || inChannels < 0) {
            throw new IllegalArgumentException("a ConvLSTM cell needs >= 1 state channel and >= 0 input channels, got "
                    + hidden + " and " + inChannels);
        }
        this.inChannels = inChannels;
        this.hidden = hidden;
        this.stateShape = new ImageShape(hidden, height, width);
        ConvAxis axis = ConvAxis.of(kernel).samePadding();
        this.inputConv = inChannels == 0 ? null
                : new Conv2d(new ImageShape(inChannels, height, width), 4 * hidden, axis, axis, false, prefix + "input_");
        this.stateConv = new Conv2d(stateShape, 4 * hidden, axis, axis, false, prefix + "state_");
        this.bias = new Parameter(prefix + "bias", 4 * hidden);
        this.peepI = peepholes ? new Parameter(prefix + "peephole_i", hidden, height, width) : null;
        this.peepF = peepholes ? new Parameter(prefix + "peephole_f", hidden, height, width) : null;
        this.peepO = peepholes ? new Parameter(prefix + "peephole_o", hidden, height, width) : null;
    }

    int hidden() {
        return hidden;
    }

    int inChannels() {
        return inChannels;
    }

    /** D·H·W, the values of one state map stack. */
    int stateSize() {
        return stateShape.size();
    }

    boolean peepholes() {
        return peepI != null;
    }

    List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        if (inputConv != null) {
            ps.addAll(inputConv.parameters());
        }
        ps.addAll(stateConv.parameters());
        ps.add(bias);
        if (peepI != null) {
            ps.addAll(List.of(peepI, peepF, peepO));
        }
        return ps;
    }

    static long parameterCount(int inChannels, int hidden, int kernel, int height, int width, boolean peepholes) {
        long k2 = (long) kernel * kernel;
        return 4L * hidden * inChannels * k2 + 4L * hidden * hidden * k2 + 4L * hidden
                + (peepholes ? 3L * hidden * height * width : 0);
    }

    /** PyTorch's LSTM scheme over the fan-in of the gates: U(±1/√((C + D)·k²)) for every parameter. */
    void initialize(Init scheme, SplittableRandom rng) {
        double k = 1.0 / Math.sqrt((double) (inChannels + hidden) * stateConv.rows().kernel() * stateConv.cols().kernel());
        for (Parameter p : parameters()) {
            if (scheme == Init.PYTORCH || p == bias || p == peepI || p == peepF || p == peepO) {
                Init.uniform(p, k, rng);
            } else {
                int fanIn = p.size() / p.shape()[0];
                Init.uniform(p, Math.sqrt(6.0 / (fanIn + (double) p.shape()[0])), rng);
            }
        }
    }

    /** W_x * X for every step of x (T, B, C·H·W) at once: (T, B, 4·D·H·W); null for a cell without input. */
    Layer.Pass inputForward(Seq x, ForwardContext context) {
        if (inputConv == null) {
            return null;
        }
        return inputConv.forward(x, context);
    }

    /** What one step keeps for backward. */
    static final class StepCache {
        /** Activated gates (B, 4·n): i, f, g, o blocks per row. */
        final float[] gates;
        /** C_{t−1} and C_t (B, n). */
        final float[] cPrev;
        final float[] c;
        /** The state convolution's pass (its input is H_{t−1}). */
        final Layer.Pass statePass;

        StepCache(float[] gates, float[] cPrev, float[] c, Layer.Pass statePass) {
            this.gates = gates;
            this.cPrev = cPrev;
            this.c = c;
            this.statePass = statePass;
        }
    }

    /**
     * One step for B rows: reads the input pre-activations {@code zx} (B, 4n) at {@code zxOff}
     * (null without input), H_{t−1} and C_{t−1} (B, n), and writes H_t into {@code h} and C_t into
     * {@code c} (both (B, n), new arrays the caller keeps).
     *
     * @return the step's cache when the context allows a backward, else null
     */
    StepCache step(float[] zx, int zxOff, float[] hPrev, float[] cPrev, int batch, float[] h, float[] c, ForwardContext context) {
        int n = stateSize();
        boolean keep = context.gradients();
        Layer.Pass statePass = stateConv.forward(Seq.ofValues(hPrev, 1, batch, n, null), context);
        float[] z = statePass.output().values; // (B, 4n), its own array
        float[] b = bias.data();
        int bOff = bias.offset();
        int area = stateShape.area();
        Parallel.forRange(batch, ROW_GRAIN, (b0, b1) -> {
            for (int r = b0; r < b1; r++) {
                int zr = r * 4 * n;
                int sr = r * n;
                for (int p = 0; p < n; p++) {
                    int ch = p / area;
                    float zi = z[zr + p] + b[bOff + ch];
                    float zf = z[zr + n + p] + b[bOff + hidden + ch];
                    float zg = z[zr + 2 * n + p] + b[bOff + 2 * hidden + ch];
                    float zo = z[zr + 3 * n + p] + b[bOff + 3 * hidden + ch];
                    if (zx != null) {
                        int xr = zxOff + zr;
                        zi += zx[xr + p];
                        zf += zx[xr + n + p];
                        zg += zx[xr + 2 * n + p];
                        zo += zx[xr + 3 * n + p];
                    }
                    float cp = cPrev[sr + p];
                    if (peepI != null) {
                        zi += peepI.data()[peepI.offset() + p] * cp;
                        zf += peepF.data()[peepF.offset() + p] * cp;
                    }
                    float i = Activations.sigmoid(zi);
                    float f = Activations.sigmoid(zf);
                    float g = Activations.tanh(zg);
                    float cn = f * cp + i * g;
                    if (peepO != null) {
                        zo += peepO.data()[peepO.offset() + p] * cn;
                    }
                    float o = Activations.sigmoid(zo);
                    c[sr + p] = cn;
                    h[sr + p] = o * Activations.tanh(cn);
                    // the gates overwrite z in place: backward reads activations only
                    z[zr + p] = i;
                    z[zr + n + p] = f;
                    z[zr + 2 * n + p] = g;
                    z[zr + 3 * n + p] = o;
                }
            }
        });
        return keep ? new StepCache(z, cPrev, c, statePass) : null;
    }

    /**
     * The backward of one {@link #step}: from ∂L/∂H_t and ∂L/∂C_t (both (B, n); dC is read and
     * left undefined), writes ∂L/∂(pre-activations) into {@code dz} (B, 4n) at {@code dzOff}, adds
     * the peephole gradients, runs the state convolution back (its weight gradient, and ∂L/∂H_{t−1}
     * into {@code dhPrev}), and returns ∂L/∂C_{t−1} (B, n).
     */
    float[] stepBackward(StepCache s, float[] dh, float[] dc, int batch, float[] dz, int dzOff, float[] dhPrev) {
        int n = stateSize();
        float[] dcPrev = new float[batch * n];
        // each row's peephole gradients apart, summed in row order afterwards: the same for any thread count
        float[][] dPeep = peepI == null ? null : new float[batch][];
        Parallel.forRange(batch, ROW_GRAIN, (b0, b1) -> {
            for (int r = b0; r < b1; r++) {
                int gr = r * 4 * n;
                int sr = r * n;
                int dr = dzOff + gr;
                float[] peep = dPeep == null ? null : new float[3 * n];
                for (int p = 0; p < n; p++) {
                    float i = s.gates[gr + p];
                    float f = s.gates[gr + n + p];
                    float g = s.gates[gr + 2 * n + p];
                    float o = s.gates[gr + 3 * n + p];
                    float cn = s.c[sr + p];
                    float cp = s.cPrev[sr + p];
                    float tc = Activations.tanh(cn);
                    float dH = dh[sr + p];
                    float dzo = dH * tc * o * (1f - o);
                    float dC = dc[sr + p] + dH * o * (1f - tc * tc);
                    if (peepO != null) {
                        dC += dzo * peepO.data()[peepO.offset() + p];
                        peep[2 * n + p] = dzo * cn;
                    }
                    float dzi = dC * g * i * (1f - i);
                    float dzg = dC * i * (1f - g * g);
                    float dzf = dC * cp * f * (1f - f);
                    float dcp = dC * f;
                    if (peepI != null) {
                        dcp += dzi * peepI.data()[peepI.offset() + p] + dzf * peepF.data()[peepF.offset() + p];
                        peep[p] = dzi * cp;
                        peep[n + p] = dzf * cp;
                    }
                    dcPrev[sr + p] = dcp;
                    dz[dr + p] = dzi;
                    dz[dr + n + p] = dzf;
                    dz[dr + 2 * n + p] = dzg;
                    dz[dr + 3 * n + p] = dzo;
                }
                if (dPeep != null) {
                    dPeep[r] = peep;
                }
            }
        });
        if (dPeep != null) {
            for (int r = 0; r < batch; r++) {
                addInto(dPeep[r], 0, peepI.grad(), peepI.offset(), n);
                addInto(dPeep[r], n, peepF.grad(), peepF.offset(), n);
                addInto(dPeep[r], 2 * n, peepO.grad(), peepO.offset(), n);
            }
        }
        float[] dzStep = dzOff == 0 && dz.length == batch * 4 * n ? dz : java.util.Arrays.copyOfRange(dz, dzOff, dzOff + batch * 4 * n);
        stateConv.backward(s.statePass, dzStep, dhPrev);
        // the bias: each gate channel's sum over rows and positions, in row order
        int area = stateShape.area();
        float[] gb = bias.grad();
        for (int r = 0; r < batch; r++) {
            for (int q = 0; q < 4 * hidden; q++) {
                float sum = 0f;
                for (int at = dzOff + r * 4 * n + q * area, end = at + area; at < end; at++) {
                    sum += dz[at];
                }
                gb[bias.offset() + q] += sum;
            }
        }
        return dcPrev;
    }

    /** The backward of {@link #inputForward}: W_x's gradient, and ∂L/∂x added into {@code dx} when not null. */
    void inputBackward(Layer.Pass pass, float[] dz, float[] dx) {
        if (inputConv != null) {
            inputConv.backward(pass, dz, dx);
        }
    }

    private static void addInto(float[] from, int fromOff, float[] to, int toOff, int n) {
        for (int j = 0; j < n; j++) {
            to[toOff + j] += from[fromOff + j];
        }
    }
}
