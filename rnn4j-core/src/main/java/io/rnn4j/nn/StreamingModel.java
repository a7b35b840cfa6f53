package io.rnn4j.nn;

import io.rnn4j.nn.recurrent.JordanLayer;
import io.rnn4j.tensor.Seq;
import io.rnn4j.nn.recurrent.RecurrentLayer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Streaming inference over a {@link SequenceModel}: feed one step (or a few) at a time to B
 * independent streams; each recurrent layer's state is carried between calls. Each layer that
 * carries something between steps ({@link Layer#newStreamingState}: a unidirectional recurrent
 * layer with per-step output, a Jordan layer) keeps a {@link StreamingState}; the others run a
 * plain forward on the steps given. Works for a language model, a per-step tagger or forecaster.
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

    public StreamingModel(SequenceModel model, int batch) {
        this(model, batch, null);
    }

    /** Resumes from saved states (e.g. {@code ModelFile.Loaded.streamingStates()}), or zeros where absent. */
    public StreamingModel(SequenceModel model, int batch, Map<String, StreamingState> saved) {
        this.model = model;
        this.batch = batch;
        for (Map.Entry<String, Layer> e : model.layers().entrySet()) {
            StreamingState fresh;
            try {
                fresh = e.getValue().newStreamingState(batch);
            } catch (IllegalStateException ex) {
                throw new IllegalArgumentException("layer '" + e.getKey() + "' cannot stream: " + ex.getMessage(), ex);
            }
            if (fresh == null) {
                continue;
            }
            StreamingState s = saved == null ? null : saved.get(e.getKey());
            if (s != null && s.batch() != batch) {
                throw new IllegalArgumentException("saved state of '" + e.getKey() + "' has " + s.batch()
                        + " streams, asked for " + batch);
            }
            states.put(e.getKey(), s != null ? s : fresh);
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
        for (Map.Entry<String, Layer> e : model.layers().entrySet()) {
            x = e.getValue().step(x, states.get(e.getKey()));
        }
        return x.values;
    }

    /** Starts stream b afresh in every stateful layer. */
    public void reset(int b) {
        for (StreamingState s : states.values()) {
            s.reset(b);
        }
    }

    /** Stream j continues from what stream {@code from[j]} held, in every stateful layer. */
    public void gather(int[] from) {
        for (StreamingState s : states.values()) {
            s.gather(from);
        }
    }

    /** The live states by layer name (read, write, or save them with the model). */
    public Map<String, StreamingState> states() {
        return Collections.unmodifiableMap(states);
    }
}
