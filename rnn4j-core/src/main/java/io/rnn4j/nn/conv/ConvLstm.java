package io.rnn4j.nn.conv;

import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.RecurrentState;
import io.rnn4j.tensor.Seq;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A stack of convolutional LSTM layers ({@link ConvLstmCell}; Shi et al. 2015) over a sequence of
 * images: each step is one image of {@code input} (C, H, W), flattened channel-major, and the
 * output is the top layer's hidden maps H_t (T, B, D·H·W), D channels over the same H × W
 * positions ('same' padding). Layer l reads layer l−1's hidden maps.
 *
 * <p>It carries state like the other recurrent layers: a pass starts from the context's initial
 * state (zeros when none) and leaves its final one there, and {@link #step} streams frames
 * through a {@link RecurrentState} of [layer][kind] (B, D·H·W) blocks, kind 0 = H, 1 = C.
 * Sequences must be whole (no padding).
 *
 * <p>Parameters, for layer l: {@code l<l>_input_weight} (4D, C or D, k, k), {@code l<l>_state_weight}
 * (4D, D, k, k), {@code l<l>_bias} (4D), and with peepholes {@code l<l>_peephole_i|f|o} (D, H, W).
 */
public final class ConvLstm implements Layer {

    private final ImageShape input;
    private final int hidden;
    private final int kernel;
    private final boolean peepholes;
    private final ConvLstmStack stack;

    /**
     * @param input  the frames' shape (C, H, W)
     * @param hidden D, the state channels of every layer
     * @param layers L
     * @param kernel k, the odd side of every convolution's kernel
     */
    public ConvLstm(ImageShape input, int hidden, int layers, int kernel, boolean peepholes) {
        this.input = input;
        this.hidden = hidden;
        this.kernel = kernel;
        this.peepholes = peepholes;
        this.stack = new ConvLstmStack(input.height(), input.width(), input.channels(), hidden, layers, kernel, peepholes, "");
    }

    public static long parameterCount(ImageShape input, int hidden, int layers, int kernel, boolean peepholes) {
        return ConvLstmStack.parameterCount(input.height(), input.width(), input.channels(), hidden, layers, kernel, peepholes);
    }

    public ImageShape inputShape() {
        return input;
    }

    /** The shape of each output step: (D, H, W). */
    public ImageShape outputShape() {
        return new ImageShape(hidden, input.height(), input.width());
    }

    public int hidden() {
        return hidden;
    }

    public int layers() {
        return stack.layers();
    }

    public int kernel() {
        return kernel;
    }

    public boolean peepholes() {
        return peepholes;
    }

    @Override
    public int outputSize(int inputSize) {
        input.check(inputSize, "ConvLSTM");
        return stack.stateSize();
    }

    @Override
    public List<Parameter> parameters() {
        return stack.parameters();
    }

    @Override
    public void initialize(Init scheme, SplittableRandom rng) {
        stack.initialize(scheme, rng);
    }

    private void check(Seq x) {
        if (x.isTokens()) {
            throw new IllegalArgumentException("a ConvLSTM reads images, not token ids");
        }
        outputSize(x.features);
        if (x.lengths != null) {
            for (int len : x.lengths) {
                if (len != x.steps) {
                    throw new IllegalArgumentException("a ConvLSTM reads whole sequences of frames; got one of " + len + " of "
                            + x.steps + " steps");
                }
            }
        }
    }

    @Override
    public Pass forward(Seq x, ForwardContext context) {
        check(x);
        RecurrentState init = context.initialState();
        float[][][] blocks = init == null ? null : init.live();
        ConvLstmStack.Run run = stack.forward(x.values, x.steps, x.batch, blocks == null ? null : kind(blocks, 0),
                blocks == null ? null : kind(blocks, 1), context);
        context.putFinalState(state(run, x.batch));
        return new Pass(x, x.withValues(run.outputs[stack.layers() - 1], stack.stateSize()), run);
    }

    private RecurrentState state(ConvLstmStack.Run run, int batch) {
        float[][][] blocks = new float[stack.layers()][][];
        for (int l = 0; l < blocks.length; l++) {
            blocks[l] = new float[][] {run.h[l], run.c[l]};
        }
        return RecurrentState.wrap(blocks, batch, stack.stateSize());
    }

    private static float[][] kind(float[][][] blocks, int k) {
        float[][] out = new float[blocks.length][];
        for (int l = 0; l < blocks.length; l++) {
            out[l] = blocks[l][k];
        }
        return out;
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        ConvLstmStack.Run run = (ConvLstmStack.Run) pass.cache();
        float[][] dOutputs = new float[stack.layers()][];
        dOutputs[stack.layers() - 1] = dOut;
        stack.backward(run, dOutputs, null, null, dIn);
    }

    @Override
    public RecurrentState newStreamingState(int batch) {
        return new RecurrentState(stack.layers(), 2, batch, stack.stateSize());
    }

    @Override
    public Seq step(Seq x, RecurrentState state) {
        check(x);
        if (state == null || state.batch() != x.batch) {
            throw new IllegalArgumentException("a ConvLSTM step needs a streaming state for " + x.batch + " streams"
                    + (state == null ? ", got none" : ", got one for " + state.batch()));
        }
        float[][][] live = state.live();
        ConvLstmStack.Run run = stack.forward(x.values, x.steps, x.batch, kind(live, 0), kind(live, 1), ForwardContext.inference());
        for (int l = 0; l < live.length; l++) {
            System.arraycopy(run.h[l], 0, live[l][0], 0, run.h[l].length);
            System.arraycopy(run.c[l], 0, live[l][1], 0, run.c[l].length);
        }
        return x.withValues(run.outputs[stack.layers() - 1], stack.stateSize());
    }
}
