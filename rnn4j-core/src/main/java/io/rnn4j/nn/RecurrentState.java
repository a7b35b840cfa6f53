package io.rnn4j.nn;

import java.util.Arrays;

/**
 * The state a recurrent layer carries from one call to the next, for a batch of B independent
 * sequences: one (B, H) block per slot and state kind. A slot is a layer of a stack and a
 * direction ({@code layer·directions + direction}); the kinds are h, then c for an LSTM (or the
 * clock of a Clockwork layer). It is the one state type everywhere: the initial and final states
 * of a forward pass ({@link ForwardContext}), the state truncated BPTT carries between windows,
 * a checkpoint's carried states, and a stream's state in {@link StreamingModel}, saved beside
 * the weights by {@code io.rnn4j.io.ModelFile}. Reset one sequence with {@link #reset(int)}.
 *
 * <p>Not safe to share between threads: each caller or session holds its own.
 */
public final class RecurrentState {

    private final int layers;
    private final int stateCount;
    private final int batch;
    private final int hidden;
    /** [slot][kind] (B, H). */
    private final float[][][] state;

    /** A zero state of {@code layers} slots with {@code stateCount} kinds of (B, H) each. */
    public RecurrentState(int layers, int stateCount, int batch, int hidden) {
        if (batch < 1) {
            throw new IllegalArgumentException("state batch must be >= 1, got " + batch);
        }
        this.layers = layers;
        this.stateCount = stateCount;
        this.batch = batch;
        this.hidden = hidden;
        this.state = new float[layers][stateCount][batch * hidden];
    }

    private RecurrentState(float[][][] blocks, int batch, int hidden) {
        this.layers = blocks.length;
        this.stateCount = blocks.length == 0 ? 0 : blocks[0].length;
        this.batch = batch;
        this.hidden = hidden;
        this.state = blocks;
    }

    /**
     * Wraps blocks [slot][kind] of (B, H) each, without copying: how a layer hands over the
     * final state of its pass. Every slot must have the same kinds and every block B·H values.
     */
    public static RecurrentState wrap(float[][][] blocks, int batch, int hidden) {
        if (batch < 1 || hidden < 1) {
            throw new IllegalArgumentException("state needs B >= 1 and H >= 1, got B=" + batch + ", H=" + hidden);
        }
        for (int l = 0; l < blocks.length; l++) {
            if (blocks[l].length != blocks[0].length) {
                throw new IllegalArgumentException("state slot " + l + " has " + blocks[l].length
                        + " kinds, slot 0 has " + blocks[0].length);
            }
            for (int k = 0; k < blocks[l].length; k++) {
                if (blocks[l][k].length != batch * hidden) {
                    throw new IllegalArgumentException("state block [" + l + "][" + k + "] has " + blocks[l][k].length
                            + " values, expected B*H = " + batch + "*" + hidden);
                }
            }
        }
        return new RecurrentState(blocks, batch, hidden);
    }

    /** An independent copy (the blocks copied; no work buffers). */
    public RecurrentState copy() {
        float[][][] c = new float[layers][stateCount][];
        for (int l = 0; l < layers; l++) {
            for (int k = 0; k < stateCount; k++) {
                c[l][k] = state[l][k].clone();
            }
        }
        return new RecurrentState(c, batch, hidden);
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

    /** Zeroes the state of sequence (stream) b in every slot, e.g. at the start of a new conversation. */
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

    /**
     * Copies stream {@code fromStream} of {@code from} into stream {@code to} of this state, every
     * slot and kind: how a server gathers the states of separate sessions into one batch and
     * scatters them back. The two states must have the same layers, kinds and width.
     */
    public void copyStream(int to, RecurrentState from, int fromStream) {
        if (from.layers != layers || from.stateCount != stateCount || from.hidden != hidden) {
            throw new IllegalArgumentException("states differ in shape: " + layers + "x" + stateCount + "x" + hidden
                    + " and " + from.layers + "x" + from.stateCount + "x" + from.hidden);
        }
        if (to < 0 || to >= batch || fromStream < 0 || fromStream >= from.batch) {
            throw new IndexOutOfBoundsException("stream " + to + " of " + batch + " from stream " + fromStream + " of " + from.batch);
        }
        for (int l = 0; l < layers; l++) {
            for (int k = 0; k < stateCount; k++) {
                System.arraycopy(from.state[l][k], fromStream * hidden, state[l][k], to * hidden, hidden);
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
     * The live blocks [slot][kind] (B, H), for the layer that owns the state: its step path reads
     * and advances them in place, its forward pass reads them as initial states. Everyone else
     * uses {@link #get} and {@link #set}.
     */
    public float[][][] live() {
        return state;
    }

    /** A copy of one block: slot l, state kind k (0 = h, 1 = c), shape (B, H). */
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
