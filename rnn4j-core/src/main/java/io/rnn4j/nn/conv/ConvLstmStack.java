package io.rnn4j.nn.conv;

import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.Parameter;
import io.rnn4j.tensor.Seq;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * L {@link ConvLstmCell}s stacked: layer l reads layer l−1's hidden maps (layer 0 the input, or
 * nothing), all of D channels over the same H × W positions. Runs layer by layer, so each layer's
 * input convolution covers all T steps at once; the building block of {@link ConvLstm} and of
 * both halves of {@link ConvLstmEncoderForecaster}.
 */
final class ConvLstmStack {

    private final ConvLstmCell[] cells;
    private final int inChannels;
    private final int height;
    private final int width;

    /** @param inChannels C, the input's channels, or 0 for a stack that reads nothing (a forecaster) */
    ConvLstmStack(int height, int width, int inChannels, int hidden, int layers, int kernel, boolean peepholes, String prefix) {
        if (layers < 1) {
            throw new IllegalArgumentException("a ConvLSTM stack needs >= 1 layer, got " + layers);
        }
        this.height = height;
        this.width = width;
        this.inChannels = inChannels;
        this.cells = new ConvLstmCell[layers];
        for (int l = 0; l < layers; l++) {
            cells[l] = new ConvLstmCell(height, width, l == 0 ? inChannels : hidden, hidden, kernel, peepholes,
                    prefix + "l" + l + "_");
        }
    }

    static long parameterCount(int height, int width, int inChannels, int hidden, int layers, int kernel, boolean peepholes) {
        long n = ConvLstmCell.parameterCount(inChannels, hidden, kernel, height, width, peepholes);
        return n + (layers - 1) * ConvLstmCell.parameterCount(hidden, hidden, kernel, height, width, peepholes);
    }

    int layers() {
        return cells.length;
    }

    /** n = D·H·W, one layer's state values per sample. */
    int stateSize() {
        return cells[0].stateSize();
    }

    List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (ConvLstmCell c : cells) {
            ps.addAll(c.parameters());
        }
        return ps;
    }

    void initialize(Init scheme, SplittableRandom rng) {
        for (ConvLstmCell c : cells) {
            c.initialize(scheme, rng);
        }
    }

    /** A forward through all layers: per layer, the input pass, the step caches, the outputs and the final states. */
    static final class Run {
        final int steps;
        final int batch;
        final Layer.Pass[] inputPasses;
        final ConvLstmCell.StepCache[][] caches;
        /** Per layer, H_t of every step (T, B, n). */
        final float[][] outputs;
        /** Per layer, the final H and C (B, n). */
        final float[][] h;
        final float[][] c;

        Run(int steps, int batch, int layers, boolean keep) {
            this.steps = steps;
            this.batch = batch;
            this.inputPasses = new Layer.Pass[layers];
            this.caches = keep ? new ConvLstmCell.StepCache[layers][steps] : null;
            this.outputs = new float[layers][];
            this.h = new float[layers][];
            this.c = new float[layers][];
        }
    }

    /**
     * @param x  the input (T, B, C·H·W), or null for a stack without input
     * @param h0 per layer H₀ (B, n), or null (or null entries) for zeros; likewise {@code c0}
     */
    Run forward(float[] x, int steps, int batch, float[][] h0, float[][] c0, ForwardContext context) {
        int n = stateSize();
        Run run = new Run(steps, batch, cells.length, context.gradients());
        float[] below = x;
        for (int l = 0; l < cells.length; l++) {
            ConvLstmCell cell = cells[l];
            int inSize = (l == 0 ? inChannels : cell.hidden()) * height * width;
            Layer.Pass in = below == null || cell.inChannels() == 0 ? null
                    : cell.inputForward(Seq.ofValues(below, steps, batch, inSize, null), context);
            run.inputPasses[l] = in;
            float[] zx = in == null ? null : in.output().values;
            float[] out = new float[steps * batch * n];
            float[] h = h0 != null && h0[l] != null ? h0[l] : new float[batch * n];
            float[] c = c0 != null && c0[l] != null ? c0[l] : new float[batch * n];
            for (int t = 0; t < steps; t++) {
                float[] hn = new float[batch * n];
                float[] cn = new float[batch * n];
                ConvLstmCell.StepCache cache = cell.step(zx, t * batch * 4 * n, h, c, batch, hn, cn, context);
                if (run.caches != null) {
                    run.caches[l][t] = cache;
                }
                System.arraycopy(hn, 0, out, t * batch * n, batch * n);
                h = hn;
                c = cn;
            }
            run.outputs[l] = out;
            run.h[l] = h;
            run.c[l] = c;
            below = out;
        }
        return run;
    }

    /**
     * Back through a training {@link #forward}.
     *
     * @param dOutputs per layer ∂L/∂H of every step (T, B, n), or null (or null entries) for none
     * @param dH       per layer ∂L/∂(final H) (B, n), or null (or null entries); likewise {@code dC}
     * @param dx       receives += ∂L/∂x (T, B, C·H·W), or null
     * @return per layer ∂L/∂H₀ and ∂L/∂C₀: {dH0, dC0}, each [layer] (B, n)
     */
    float[][][] backward(Run run, float[][] dOutputs, float[][] dH, float[][] dC, float[] dx) {
        if (run.caches == null) {
            throw new IllegalStateException("this ConvLSTM pass ran for inference and kept nothing for backward");
        }
        int n = stateSize();
        int steps = run.steps;
        int batch = run.batch;
        float[][] dH0 = new float[cells.length][];
        float[][] dC0 = new float[cells.length][];
        float[] fromAbove = null; // ∂L/∂(this layer's outputs) through the layer above's input convolution
        for (int l = cells.length - 1; l >= 0; l--) {
            float[] dOut = fromAbove;
            if (dOutputs != null && dOutputs[l] != null) {
                dOut = dOut == null ? dOutputs[l].clone() : addTo(dOut, dOutputs[l]);
            }
            float[] dh = dH != null && dH[l] != null ? dH[l].clone() : new float[batch * n];
            float[] dc = dC != null && dC[l] != null ? dC[l].clone() : new float[batch * n];
            float[] dz = new float[steps * batch * 4 * n];
            for (int t = steps - 1; t >= 0; t--) {
                if (dOut != null) {
                    for (int j = 0; j < batch * n; j++) {
                        dh[j] += dOut[t * batch * n + j];
                    }
                }
                float[] dhPrev = new float[batch * n];
                dc = cells[l].stepBackward(run.caches[l][t], dh, dc, batch, dz, t * batch * 4 * n, dhPrev);
                dh = dhPrev;
            }
            dH0[l] = dh;
            dC0[l] = dc;
            if (run.inputPasses[l] != null) {
                float[] dIn = l > 0 ? new float[steps * batch * n] : dx;
                cells[l].inputBackward(run.inputPasses[l], dz, dIn);
                fromAbove = dIn;
            }
        }
        return new float[][][] {dH0, dC0};
    }

    private static float[] addTo(float[] acc, float[] more) {
        for (int i = 0; i < acc.length; i++) {
            acc[i] += more[i];
        }
        return acc;
    }
}
