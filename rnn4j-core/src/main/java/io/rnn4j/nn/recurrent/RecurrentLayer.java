package io.rnn4j.nn.recurrent;

import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.RecurrentState;
import io.rnn4j.tensor.Seq;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A {@link RecurrentStack} as a {@link Layer}, returning one of:
 * <ul>
 *   <li>{@link Output#SEQUENCE}: the top layer's output at every step (T, B, O), zero at padding;</li>
 *   <li>{@link Output#LAST}: the output at each sample's last valid step t = L_b − 1, as (1, B, O)
 *       (for a bidirectional stack the reverse half there has seen one step only);</li>
 *   <li>{@link Output#FINAL_STATE}: the top layer's final hidden state of each direction, merged
 *       like the outputs, as (1, B, O): the forward direction after step L_b − 1 and the reverse
 *       direction after step 0.</li>
 * </ul>
 * O is H, or 2H for a concatenated bidirectional stack. The initial state comes from the
 * {@link ForwardContext} and the full final state (all layers, h and c) goes back into it, which
 * is how truncated BPTT carries state across chunks.
 */
public final class RecurrentLayer implements Layer {

    /** What the layer returns. */
    public enum Output { SEQUENCE, LAST, FINAL_STATE }

    private final RecurrentStack stack;
    private final Output output;

    public RecurrentLayer(RecurrentConfig config, Output output) {
        this.stack = new RecurrentStack(config);
        this.output = output;
    }

    public RecurrentStack stack() {
        return stack;
    }

    public Output output() {
        return output;
    }

    @Override
    public int outputSize(int inputSize) {
        if (inputSize != stack.config().inputSize()) {
            throw new IllegalArgumentException("recurrent layer expects input_size " + stack.config().inputSize()
                    + ", got " + inputSize + " features");
        }
        return stack.config().outputSize();
    }

    @Override
    public List<Parameter> parameters() {
        return stack.parameters();
    }

    @Override
    public void initialize(Init scheme, SplittableRandom rng) {
        stack.initialize(scheme, rng);
    }

    /** Only a unidirectional stack with per-step ({@link Output#SEQUENCE}) output can stream. */
    @Override
    public boolean keepsTimeSteps() {
        return output == Output.SEQUENCE;
    }

    @Override
    public RecurrentState newStreamingState(int batch) {
        if (output != Output.SEQUENCE) {
            throw new IllegalStateException("this recurrent layer returns " + output
                    + "; streaming needs per-step (SEQUENCE) output");
        }
        return stack.newStreamingState(batch);
    }

    @Override
    public Seq step(Seq x, RecurrentState state) {
        outputSize(x.features);
        if (state == null || state.batch() != x.batch) {
            throw new IllegalArgumentException("recurrent step needs a streaming state for " + x.batch + " streams"
                    + (state == null ? ", got none" : ", got one for " + state.batch()));
        }
        return x.withValues(stack.step(x.values, x.steps, state), stack.config().outputSize());
    }

    @Override
    public Pass forward(Seq x, ForwardContext context) {
        outputSize(x.features);
        RecurrentState init = context.initialState();
        RecurrentStack.StackCache c = stack.forward(x.values, x.steps, x.batch, x.lengths,
                init == null ? null : init.live(), context.training() ? context.random() : null, context.gradients());
        context.putFinalState(RecurrentState.wrap(c.finalState, x.batch, stack.config().hiddenSize()));
        int o = stack.config().outputSize();
        switch (output) {
            case SEQUENCE:
                return new Pass(x, x.withValues(c.output, o), c);
            case LAST: {
                float[] last = new float[x.batch * o];
                for (int b = 0; b < x.batch; b++) {
                    int t = (x.lengths == null ? x.steps : x.lengths[b]) - 1;
                    if (t >= 0) {
                        System.arraycopy(c.output, (t * x.batch + b) * o, last, b * o, o);
                    }
                }
                return new Pass(x, Seq.ofValues(last, 1, x.batch, o, null), c);
            }
            default: {
                float[] fin = mergeTopState(c.finalState, x.batch);
                return new Pass(x, Seq.ofValues(fin, 1, x.batch, o, null), c);
            }
        }
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        Seq x = pass.input();
        RecurrentStack.StackCache c = (RecurrentStack.StackCache) pass.cache();
        RecurrentConfig cfg = stack.config();
        int o = cfg.outputSize();
        switch (output) {
            case SEQUENCE:
                stack.backward(c, dOut, null, dIn);
                return;
            case LAST: {
                float[] dSeq = new float[x.steps * x.batch * o];
                for (int b = 0; b < x.batch; b++) {
                    int t = (x.lengths == null ? x.steps : x.lengths[b]) - 1;
                    if (t >= 0) {
                        System.arraycopy(dOut, b * o, dSeq, (t * x.batch + b) * o, o);
                    }
                }
                stack.backward(c, dSeq, null, dIn);
                return;
            }
            default: {
                int dirs = cfg.directions();
                int hs = cfg.hiddenSize();
                int top = cfg.numLayers() - 1;
                float[][][] dFinal = new float[cfg.numLayers() * dirs][][];
                for (int d = 0; d < dirs; d++) {
                    float[] dh = new float[x.batch * hs];
                    for (int b = 0; b < x.batch; b++) {
                        int src = cfg.merge() == RecurrentConfig.Merge.CONCAT ? b * o + d * hs : b * o;
                        System.arraycopy(dOut, src, dh, b * hs, hs);
                    }
                    dFinal[top * dirs + d] = new float[][] {dh};
                }
                stack.backward(c, null, dFinal, dIn);
            }
        }
    }

    private float[] mergeTopState(float[][][] finals, int batch) {
        RecurrentConfig cfg = stack.config();
        int dirs = cfg.directions();
        int hs = cfg.hiddenSize();
        int o = cfg.outputSize();
        int top = cfg.numLayers() - 1;
        float[] out = new float[batch * o];
        for (int d = 0; d < dirs; d++) {
            float[] h = finals[top * dirs + d][0];
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < hs; j++) {
                    int dst = cfg.merge() == RecurrentConfig.Merge.CONCAT ? b * o + d * hs + j : b * o + j;
                    out[dst] += h[b * hs + j];
                }
            }
        }
        return out;
    }
}
