package io.rnn4j.nn.recurrent;

import io.rnn4j.kernel.Activations;
import io.rnn4j.kernel.Blas;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.RecurrentState;
import io.rnn4j.tensor.Seq;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Jordan network (Jordan 1986): the output, not the hidden state, is fed back as context.
 * <pre>
 *   h_t = tanh(W_ih x_t + W_ch c_{t−1} + b_h)
 *   y_t = φ(W_ho h_t + b_o)
 *   c_t = y_t                         (free running)
 *   c_t = d_t                         (teacher forcing: the target, while training)
 * </pre>
 * Shapes: x (T, B, I), h (B, H), y and c (T, B, O); parameters {@code weight_ih} (H, I),
 * {@code weight_ch} (H, O), {@code bias_h} (H), {@code weight_ho} (O, H), {@code bias_o} (O).
 * φ is the identity, tanh or the logistic sigmoid.
 *
 * <p>With teacher forcing on, a training pass whose targets are real values (set by
 * {@link io.rnn4j.nn.SequenceModel#gradient}) uses the previous target as context, so the steps decouple and
 * no gradient flows through the context; inference and passes without targets run free. The
 * context is the layer's state (one block (B, O), kind 0), carried like a recurrent layer's. A
 * padded step outputs zero and keeps the context.
 *
 * <p>It runs its own time loop rather than {@link RecurrentCell}'s: its recurrence passes through
 * the output layer and teacher forcing, so each step is two products over the whole batch, not
 * one recurrent product per row block.
 */
public final class JordanLayer implements Layer {

    /** The output non-linearity φ. */
    public enum OutputActivation { IDENTITY, TANH, SIGMOID }

    private final int in;
    private final int hidden;
    private final int out;
    private final OutputActivation activation;
    private final boolean teacherForcing;
    private final Parameter weightIh;
    private final Parameter weightCh;
    private final Parameter biasH;
    private final Parameter weightHo;
    private final Parameter biasO;

    public JordanLayer(int in, int hidden, int out, OutputActivation activation, boolean teacherForcing) {
        if (in < 1 || hidden < 1 || out < 1) {
            throw new IllegalArgumentException("a Jordan layer needs in, hidden and out >= 1, got " + in + ", " + hidden + ", " + out);
        }
        if (activation == null) {
            throw new IllegalArgumentException("the output activation must be IDENTITY, TANH or SIGMOID");
        }
        this.in = in;
        this.hidden = hidden;
        this.out = out;
        this.activation = activation;
        this.teacherForcing = teacherForcing;
        this.weightIh = new Parameter("weight_ih", hidden, in);
        this.weightCh = new Parameter("weight_ch", hidden, out);
        this.biasH = new Parameter("bias_h", hidden);
        this.weightHo = new Parameter("weight_ho", out, hidden);
        this.biasO = new Parameter("bias_o", out);
    }

    public int in() {
        return in;
    }

    public int hidden() {
        return hidden;
    }

    public int out() {
        return out;
    }

    public OutputActivation activation() {
        return activation;
    }

    public boolean teacherForcing() {
        return teacherForcing;
    }

    @Override
    public int outputSize(int inputSize) {
        if (inputSize != in) {
            throw new IllegalArgumentException("Jordan layer expects " + in + " input features, got " + inputSize);
        }
        return out;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weightIh, weightCh, biasH, weightHo, biasO);
    }

    @Override
    public void initialize(Init scheme, SplittableRandom rng) {
        double kh = 1.0 / Math.sqrt(hidden);
        double ko = 1.0 / Math.sqrt(hidden);
        if (scheme == Init.PYTORCH) {
            Init.uniform(weightIh, kh, rng);
            Init.uniform(weightCh, kh, rng);
            Init.uniform(biasH, kh, rng);
            Init.uniform(weightHo, ko, rng);
            Init.uniform(biasO, ko, rng);
        } else {
            Init.xavier(weightIh.data(), weightIh.offset(), hidden, in, rng);
            Init.xavier(weightCh.data(), weightCh.offset(), hidden, out, rng);
            Init.xavier(weightHo.data(), weightHo.offset(), out, hidden, rng);
            for (int i = 0; i < hidden; i++) {
                biasH.set(i, 0f);
            }
            for (int i = 0; i < out; i++) {
                biasO.set(i, 0f);
            }
        }
    }

    /** What backward needs: hidden states, outputs, the context used at each step, the mode. */
    private record CellCache(float[] h, float[] y, float[] context, boolean forced, int[] lengths) {
    }

    /** The context c_{t−1}: one (B, O) block. */
    @Override
    public RecurrentState newStreamingState(int batch) {
        return new RecurrentState(1, 1, batch, out);
    }

    @Override
    public Seq step(Seq x, RecurrentState state) {
        if (state == null || state.batch() != x.batch) {
            throw new IllegalArgumentException("Jordan step needs a streaming state for " + x.batch + " streams"
                    + (state == null ? ", got none" : ", got one for " + state.batch()));
        }
        // the carried context is one slot of one kind: [0][0] (B, O)
        ForwardContext context = ForwardContext.inferenceFrom(state);
        Seq y = forward(x, context).output();
        state.set(0, 0, context.finalState().live()[0][0]);
        return y;
    }

    @Override
    public Pass forward(Seq x, ForwardContext context) {
        outputSize(x.features);
        int steps = x.steps;
        int batch = x.batch;
        float[] teacher = context.teacher();
        boolean forced = teacherForcing && context.training() && teacher != null && teacher.length == steps * batch * out;
        float[] c = new float[batch * out]; // (B, O)
        RecurrentState carried = context.initialState();
        float[][][] init = carried == null ? null : carried.live();
        if (init != null && init.length > 0 && init[0] != null && init[0].length > 0 && init[0][0] != null) {
            if (init[0][0].length != batch * out) {
                throw new IllegalArgumentException("Jordan layer: the initial context needs B*O = " + batch * out
                        + " values, got " + init[0][0].length);
            }
            System.arraycopy(init[0][0], 0, c, 0, c.length);
        }
        float[] hAll = new float[steps * batch * hidden];   // (T, B, H)
        float[] yAll = new float[steps * batch * out];      // (T, B, O)
        float[] ctxAll = new float[steps * batch * out];    // (T, B, O): c_{t−1} as used at step t
        float[] a = new float[batch * hidden];
        float[] o = new float[batch * out];
        for (int t = 0; t < steps; t++) {
            System.arraycopy(c, 0, ctxAll, t * batch * out, batch * out);
            for (int b = 0; b < batch; b++) {
                System.arraycopy(biasH.data(), biasH.offset(), a, b * hidden, hidden);
                System.arraycopy(biasO.data(), biasO.offset(), o, b * out, out);
            }
            Blas.gemm(false, true, batch, hidden, in, 1f, x.values, t * batch * in, in,
                    weightIh.data(), weightIh.offset(), in, 1f, a, 0, hidden);
            Blas.gemm(false, true, batch, hidden, out, 1f, c, 0, out,
                    weightCh.data(), weightCh.offset(), out, 1f, a, 0, hidden);
            Activations.tanh(a, 0, batch * hidden);
            Blas.gemm(false, true, batch, out, hidden, 1f, a, 0, hidden,
                    weightHo.data(), weightHo.offset(), hidden, 1f, o, 0, out);
            applyActivation(o);
            for (int b = 0; b < batch; b++) {
                if (x.lengths != null && t >= x.lengths[b]) {
                    continue; // padded: output zero, context kept
                }
                System.arraycopy(a, b * hidden, hAll, (t * batch + b) * hidden, hidden);
                System.arraycopy(o, b * out, yAll, (t * batch + b) * out, out);
                System.arraycopy(forced ? teacher : o, forced ? (t * batch + b) * out : b * out, c, b * out, out);
            }
        }
        context.putFinalState(RecurrentState.wrap(new float[][][] {{c}}, batch, out));
        return new Pass(x, x.withValues(yAll, out), new CellCache(hAll, yAll, ctxAll, forced, x.lengths));
    }

    private void applyActivation(float[] o) {
        switch (activation) {
            case TANH -> Activations.tanh(o, 0, o.length);
            case SIGMOID -> Activations.sigmoid(o, 0, o.length);
            default -> {
            }
        }
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        CellCache cache = (CellCache) pass.cache();
        Seq x = pass.input();
        int steps = x.steps;
        int batch = x.batch;
        float[] dc = new float[batch * out];  // ∂L/∂c_t flowing back from step t+1
        float[] dO = new float[batch * out];
        float[] dA = new float[batch * hidden];
        float[] dcPrev = new float[batch * out];
        for (int t = steps - 1; t >= 0; t--) {
            int yo = t * batch * out;
            int ho = t * batch * hidden;
            Arrays.fill(dO, 0f);
            Arrays.fill(dA, 0f);
            for (int b = 0; b < batch; b++) {
                if (x.lengths != null && t >= x.lengths[b]) {
                    continue;
                }
                for (int k = 0; k < out; k++) {
                    float y = cache.y[yo + b * out + k];
                    float g = dOut[yo + b * out + k] + (cache.forced ? 0f : dc[b * out + k]);
                    float d = switch (activation) {
                        case TANH -> g * (1f - y * y);
                        case SIGMOID -> g * y * (1f - y);
                        default -> g;
                    };
                    dO[b * out + k] = d;
                }
            }
            // dh = dO · W_ho ; da = dh ⊙ (1 − h²)
            Blas.gemm(false, false, batch, hidden, out, 1f, dO, 0, out, weightHo.data(), weightHo.offset(), hidden, 0f, dA, 0, hidden);
            for (int i = 0; i < batch * hidden; i++) {
                float h = cache.h[ho + i];
                dA[i] *= 1f - h * h;
            }
            // weight gradients: dW_ho += dOᵀ h, dW_ih += dAᵀ x, dW_ch += dAᵀ c_{t−1}
            Blas.gemm(true, false, out, hidden, batch, 1f, dO, 0, out, cache.h, ho, hidden, 1f, weightHo.grad(), weightHo.offset(), hidden);
            Blas.gemm(true, false, hidden, in, batch, 1f, dA, 0, hidden, x.values, t * batch * in, in, 1f, weightIh.grad(), weightIh.offset(), in);
            Blas.gemm(true, false, hidden, out, batch, 1f, dA, 0, hidden, cache.context, yo, out, 1f, weightCh.grad(), weightCh.offset(), out);
            for (int b = 0; b < batch; b++) {
                for (int k = 0; k < out; k++) {
                    biasO.grad()[biasO.offset() + k] += dO[b * out + k];
                }
                for (int j = 0; j < hidden; j++) {
                    biasH.grad()[biasH.offset() + j] += dA[b * hidden + j];
                }
            }
            if (dIn != null) {
                Blas.gemm(false, false, batch, in, hidden, 1f, dA, 0, hidden, weightIh.data(), weightIh.offset(), in, 1f, dIn, t * batch * in, in);
            }
            // ∂L/∂c_{t−1}: through W_ch where the step ran, unchanged where it was padding
            Blas.gemm(false, false, batch, out, hidden, 1f, dA, 0, hidden, weightCh.data(), weightCh.offset(), out, 0f, dcPrev, 0, out);
            for (int b = 0; b < batch; b++) {
                if (x.lengths != null && t >= x.lengths[b]) {
                    continue; // the context passed through this step unchanged
                }
                System.arraycopy(dcPrev, b * out, dc, b * out, out);
            }
        }
    }
}
