package io.rnn4j.nn;

import io.rnn4j.tensor.Seq;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Streaming inference over a {@link SequenceModel}, the step-wise executor of its graph: feed one
 * step (or a few) at a time to B independent streams, and every node runs on just those steps.
 * Each layer that carries something between steps ({@link Layer#newStreamingState}: a unidirectional recurrent
 * layer with per-step output, a Jordan layer) keeps a {@link RecurrentState}; the others run a
 * plain forward on the steps given. Stepping a sequence through in pieces gives what one
 * {@link SequenceModel#forward} over the whole of it gives. This is how a decoder that feeds its
 * own output back (sampling, greedy and beam search) runs, and how a language model, a per-step
 * tagger or a forecaster serves a stream. An input may also be a whole sequence that does not
 * advance (the source sentence of a translation, an encoder's memory): name it as a fixed input.
 * The nodes that depend only on fixed inputs then run whole, once for each new set of fixed
 * inputs, and keep no streaming state ("encode once, then step the decoder"); when the streams
 * are reordered ({@link #gather}), reordering the fixed inputs is the caller's part.
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
    private final Map<String, RecurrentState> states = new LinkedHashMap<>();
    private final Set<String> fixedInputs;
    /** Nodes that read (directly or not) a streamed input; the others depend on fixed inputs only. */
    private final Set<String> streamed = new HashSet<>();
    /** The fixed inputs of the last call and the values of the fixed nodes computed from them. */
    private Map<String, Seq> fixedSeen = Map.of();
    private final Map<String, Seq> fixedValues = new HashMap<>();

    public StreamingModel(SequenceModel model, int batch) {
        this(model, batch, null);
    }

    /** Resumes from saved states (e.g. {@code ModelFile.Loaded.streamingStates()}), or zeros where absent. */
    public StreamingModel(SequenceModel model, int batch, Map<String, RecurrentState> saved) {
        this(model, batch, saved, Set.of());
    }

    /**
     * @param fixedInputs inputs that do not advance with the steps (given whole with each call);
     *                    the other inputs are streamed
     */
    public StreamingModel(SequenceModel model, int batch, Map<String, RecurrentState> saved, Set<String> fixedInputs) {
        this.model = model;
        this.batch = batch;
        this.fixedInputs = Set.copyOf(fixedInputs);
        for (String name : fixedInputs) {
            if (!model.inputs().containsKey(name)) {
                throw new IllegalArgumentException("fixed input '" + name + "' is not an input of the model; it has "
                        + model.inputs().keySet());
            }
        }
        Set<String> live = new HashSet<>(model.inputs().keySet());
        live.removeAll(fixedInputs);
        for (SequenceModel.Node n : model.nodes()) {
            for (String read : n.inputs()) {
                if (live.contains(read)) {
                    streamed.add(n.name());
                    live.add(n.name());
                    break;
                }
            }
        }
        for (SequenceModel.Node n : model.nodes()) {
            if (!streamed.contains(n.name())) {
                continue; // runs whole on the fixed inputs; carries nothing between steps
            }
            RecurrentState fresh;
            try {
                fresh = n.newStreamingState(batch);
            } catch (IllegalStateException ex) {
                throw new IllegalArgumentException("layer '" + n.name() + "' cannot stream: " + ex.getMessage(), ex);
            }
            if (fresh == null) {
                continue;
            }
            RecurrentState s = saved == null ? null : saved.get(n.name());
            if (s != null && s.batch() != batch) {
                throw new IllegalArgumentException("saved state of '" + n.name() + "' has " + s.batch()
                        + " streams, asked for " + batch);
            }
            states.put(n.name(), s != null ? s : fresh);
        }
    }

    /** Runs steps (T, B, ...) of the one input through every layer, carrying state; returns the first output (T, B, O). */
    public float[] step(Seq input) {
        if (model.inputs().size() != 1) {
            throw new IllegalArgumentException("this model has inputs " + model.inputs().keySet() + "; pass them by name");
        }
        return step(Map.of(model.inputs().keySet().iterator().next(), input)).values().iterator().next().values;
    }

    /** Runs steps of the named inputs through the graph, carrying state; returns every output by name. */
    public Map<String, Seq> step(Map<String, Seq> inputs) {
        model.checkInputs(inputs);
        for (Map.Entry<String, Seq> e : inputs.entrySet()) {
            Seq x = e.getValue();
            if (x.batch != batch) {
                throw new IllegalArgumentException("this stream has batch " + batch + ", got " + x.batch
                        + " at input '" + e.getKey() + "'");
            }
            if (x.lengths != null && !fixedInputs.contains(e.getKey())) {
                throw new IllegalArgumentException("streaming input has no padding; feed each stream's valid steps");
            }
        }
        boolean sameFixed = true;
        for (String name : fixedInputs) {
            sameFixed &= fixedSeen.get(name) == inputs.get(name);
        }
        if (!sameFixed) {
            fixedValues.clear();
            Map<String, Seq> seen = new HashMap<>();
            fixedInputs.forEach(name -> seen.put(name, inputs.get(name)));
            fixedSeen = seen;
        }
        Map<String, Seq> values = new HashMap<>(inputs);
        values.putAll(fixedValues);
        ForwardContext whole = ForwardContext.inference();
        for (SequenceModel.Node n : model.nodes()) {
            if (!streamed.contains(n.name())) {
                if (!fixedValues.containsKey(n.name())) {
                    whole.enter(n.name());
                    Seq out = n.layer() != null
                            ? n.layer().forward(values.get(n.inputs().get(0)), whole).output()
                            : n.multi().forward(n.read(values), whole).output();
                    fixedValues.put(n.name(), out);
                    values.put(n.name(), out);
                }
                continue;
            }
            RecurrentState state = states.get(n.name());
            Seq out;
            if (n.layer() != null) {
                out = n.layer().step(values.get(n.inputs().get(0)), state);
            } else {
                out = n.multi().step(n.read(values), state);
            }
            values.put(n.name(), out);
        }
        Map<String, Seq> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, String> o : model.effectiveOutputs().entrySet()) {
            outputs.put(o.getKey(), values.get(o.getValue()));
        }
        return outputs;
    }

    /** Starts stream b afresh in every stateful layer. */
    public void reset(int b) {
        for (RecurrentState s : states.values()) {
            s.reset(b);
        }
    }

    /** Stream j continues from what stream {@code from[j]} held, in every stateful layer. */
    public void gather(int[] from) {
        for (RecurrentState s : states.values()) {
            s.gather(from);
        }
    }

    /** The live states by node name (read, write, or save them with the model). */
    public Map<String, RecurrentState> states() {
        return Collections.unmodifiableMap(states);
    }
}
