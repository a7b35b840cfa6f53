package io.rnn4j.nn;

import java.util.Arrays;

/**
 * The carried state of a unidirectional recurrent layer for streaming inference over a
 * batch of independent streams: for each layer and state kind (h, then c for LSTM) one (B, H)
 * block. Recurrent layers advance it in their step path (e.g. {@code RecurrentStack.step}); reset one stream with {@link #reset(int)}.
 * {@code io.rnn4j.io.ModelFile} saves it beside the weights.
 */
public final class StreamingState {

    private final int layers;
    private final int stateCount;
    private final int batch;
    private final int hidden;
    /** [layer][state] (B, H). */
    private final float[][][] state;

    public StreamingState(int layers, int stateCount, int batch, int hidden) {
        if (batch < 1) {
            throw new IllegalArgumentException("streaming batch must be >= 1, got " + batch);
        }
        this.layers = layers;
        this.stateCount = stateCount;
        this.batch = batch;
        this.hidden = hidden;
        this.state = new float[layers][stateCount][batch * hidden];
    }

    public int layers() {
        return layers;
    }

    public int stateCount() {
        return stateCount;
    }

    public int batch() {
        return batch;
    }

    public int hidden() {
        return hidden;
    }

    /** Zeroes the state of stream b (all layers), e.g. at the start of a new conversation. */
    public void reset(int b) {
        if (b < 0 || b >= batch) {
            throw new IndexOutOfBoundsException("stream " + b + " is outside 0.." + (batch - 1));
        }
        for (float[][] layer : state) {
            for (float[] s : layer) {
                Arrays.fill(s, b * hidden, (b + 1) * hidden, 0f);
            }
        }
    }

    /**
     * Reorders the streams: afterwards stream j holds what stream {@code from[j]} held (a stream
     * may be copied to several), as beam search needs when it keeps some hypotheses and drops others.
     */
    public void gather(int[] from) {
        if (from.length != batch) {
            throw new IllegalArgumentException("gather needs one source per stream (" + batch + "), got " + from.length);
        }
        for (int f : from) {
            if (f < 0 || f >= batch) {
                throw new IndexOutOfBoundsException("stream " + f + " is outside 0.." + (batch - 1));
            }
        }
        for (float[][] layer : state) {
            for (int k = 0; k < layer.length; k++) {
                float[] old = layer[k].clone();
                for (int j = 0; j < batch; j++) {
                    System.arraycopy(old, from[j] * hidden, layer[k], j * hidden, hidden);
                }
            }
        }
    }

    /** Work buffers of the single-step path, by slot; see {@link #scratch(int, int)}. */
    private float[][] scratch = new float[0][];

    /**
     * A work buffer of the single-step path (e.g. {@code RecurrentStack.step}), reused from step to
     * step so that streaming allocates nothing per step for it; not part of the state (neither
     * saved nor gathered). Contents are undefined on return.
     */
    public float[] scratch(int slot, int size) {
        if (slot >= scratch.length) {
            scratch = Arrays.copyOf(scratch, slot + 1);
        }
        if (scratch[slot] == null || scratch[slot].length != size) {
            scratch[slot] = new float[size];
        }
        return scratch[slot];
    }


    /**
     * The live blocks [layer][kind] (B, H), for a layer's own step path, which reads and advances
     * them in place; everyone else uses {@link #get} and {@link #set}.
     */
    public float[][][] live() {
        return state;
    }

    /** A copy of one block: layer l, state kind k (0 = h, 1 = c), shape (B, H). */
    public float[] get(int layer, int kind) {
        return state[layer][kind].clone();
    }

    /** Overwrites one block (B, H). */
    public void set(int layer, int kind, float[] values) {
        if (values.length != batch * hidden) {
            throw new IllegalArgumentException("state block needs B*H = " + batch * hidden + " values, got " + values.length);
        }
        System.arraycopy(values, 0, state[layer][kind], 0, values.length);
    }
}
