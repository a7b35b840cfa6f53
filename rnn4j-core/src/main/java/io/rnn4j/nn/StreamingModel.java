package io.rnn4j.nn;

import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.nn.recurrent.StreamingState;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Streaming inference over a {@link SequenceModel}: feed one step (or a few) at a time to B
 * independent streams; each recurrent layer's state is carried between calls. Works for models
 * whose recurrent layers are unidirectional and return {@link RecurrentLayer.Output#SEQUENCE}
 * (a language model, a per-step tagger or forecaster).
 *
 * <p>A streaming model holds its streams' states and is used by one thread at a time (or behind
 * the caller's own lock). Many streaming models over one shared {@link SequenceModel}, one per
 * thread or per session, run at once safely.
 *
 * <pre>
 *   StreamingModel s = new StreamingModel(model, 1);
 *   float[] logits = s.step(Seq.ofTokens(new int[] {tok}, 1, 1, null));   // (1, 1, V)
 *   s.reset(0);                 // start stream 0 afresh
 *   ModelFile.save(path, model, null, s.states());   // the state travels with the model
 * </pre>
 */
public final class StreamingModel {

    private final SequenceModel model;
    private final int batch;
    private final Map<String, StreamingState> states = new LinkedHashMap<>();
    /** States of other stateful layers (a {@link JordanLayer}'s context), as their forward passes report them. */
    private final Map<String, float[][][]> otherStates = new LinkedHashMap<>();

    public StreamingModel(SequenceModel model, int batch) {
        this(model, batch, null);
    }

    /** Resumes from saved states (e.g. {@code ModelFile.Loaded.streamingStates()}), or zeros where absent. */
    public StreamingModel(SequenceModel model, int batch, Map<String, StreamingState> saved) {
        this.model = model;
        this.batch = batch;
        for (Map.Entry<String, Layer> e : model.layers().entrySet()) {
            if (e.getValue() instanceof RecurrentLayer) {
                RecurrentLayer r = (RecurrentLayer) e.getValue();
                if (r.output() != RecurrentLayer.Output.SEQUENCE) {
                    throw new IllegalArgumentException("layer '" + e.getKey() + "' returns " + r.output()
                            + "; streaming needs per-step (SEQUENCE) output");
                }
                StreamingState s = saved == null ? null : saved.get(e.getKey());
                if (s != null && s.batch() != batch) {
                    throw new IllegalArgumentException("saved state of '" + e.getKey() + "' has " + s.batch()
                            + " streams, asked for " + batch);
                }
                states.put(e.getKey(), s != null ? s : r.stack().newStreamingState(batch));
            }
        }
    }

    /** Runs steps (T, B, ...) through every layer, carrying state; returns the output (T, B, O). */
    public float[] step(Seq input) {
        if (input.batch != batch) {
            throw new IllegalArgumentException("this stream has batch " + batch + ", got " + input.batch);
        }
        if (input.lengths != null) {
            throw new IllegalArgumentException("streaming input has no padding; feed each stream's valid steps");
        }
        Seq x = input;
        ForwardContext ctx = ForwardContext.inference(otherStates);
        for (Map.Entry<String, Layer> e : model.layers().entrySet()) {
            Layer layer = e.getValue();
            if (layer instanceof RecurrentLayer) {
                float[] y = ((RecurrentLayer) layer).stack().step(x.values, x.steps, states.get(e.getKey()));
                x = x.withValues(y, ((RecurrentLayer) layer).stack().config().outputSize());
            } else {
                ctx.enter(e.getKey());
                x = layer.forward(x, ctx).output();
            }
        }
        otherStates.putAll(ctx.finalStates());
        return x.values;
    }

    /** Starts stream b afresh in every recurrent layer. */
    public void reset(int b) {
        for (StreamingState s : states.values()) {
            s.reset(b);
        }
        for (float[][][] state : otherStates.values()) {
            for (float[][] entry : state) {
                for (float[] block : entry) {
                    int width = block.length / batch;
                    java.util.Arrays.fill(block, b * width, (b + 1) * width, 0f);
                }
            }
        }
    }

    /** Stream j continues from what stream {@code from[j]} held, in every recurrent layer. */
    public void gather(int[] from) {
        for (StreamingState s : states.values()) {
            s.gather(from);
        }
        for (float[][][] state : otherStates.values()) {
            for (float[][] entry : state) {
                for (float[] block : entry) {
                    int width = block.length / batch;
                    float[] old = block.clone();
                    for (int j = 0; j < batch; j++) {
                        System.arraycopy(old, from[j] * width, block, j * width, width);
                    }
                }
            }
        }
    }

    /** The live states by layer name (read, write, or save them with the model). */
    public Map<String, StreamingState> states() {
        return Collections.unmodifiableMap(states);
    }
}
