package io.rnn4j.nn;

import io.rnn4j.loss.Loss;
import io.rnn4j.loss.Targets;
import io.rnn4j.tensor.Seq;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A graph of named layers over sequence batches, with named inputs and outputs and one flat
 * {@link ParameterSet} whose names are {@code node.parameter} (e.g. {@code rnn.weight_ih_l0},
 * {@code head.weight}).
 *
 * <p><b>A linear stack</b> stays a one-liner: {@code new SequenceModel(65).add("embed", …)
 * .add("rnn", …).add("head", …)}; each {@link #add(String, Layer)} reads the node added before it
 * (the first reads the input, named {@value #DEFAULT_INPUT}).
 *
 * <p><b>A graph</b> names what each node reads:
 * <pre>
 *   SequenceModel m = SequenceModel.graph()
 *       .input("words", 1000).input("tags", 12)
 *       .add("embed", new Embedding(1000, 32), "words")
 *       .add("both", Merge.concat(), "embed", "tags")            // branches meet
 *       .add("rnn", new RecurrentLayer(config, SEQUENCE), "both")
 *       .add("head", Dense.tiedTo(embedding), "rnn")              // tied weights
 *       .add("encoder", encoderModel, "words")                    // a sub-model, inlined
 *       .output("logits", "head");
 * </pre>
 * <ul>
 *   <li>Nodes run in the order they were added, which is a topological order because a node can
 *       only read nodes that exist. Backward runs them in reverse, each layer with its own
 *       hand-written backward; a node read by several others receives the sum of their
 *       gradients.</li>
 *   <li>The same {@link Layer} object added as two nodes is one shared layer: its parameters
 *       appear once (under the first node's name) and both uses add to their gradient. A layer
 *       may also share another layer's {@link Parameter} ({@link Dense#tiedTo}).</li>
 *   <li>A sub-model (an encoder, a decoder) is a model in its own right. Adding it inlines its
 *       nodes as {@code name.node}; its parameters become the parent's {@code name.node.weight}.
 *       Read its outputs as {@code name.output}, or as {@code name} when it has one. The
 *       sub-model still runs alone on the same weights (encode once, then step the decoder),
 *       but its parameters belong to the parent from then on.</li>
 *   <li>Without {@link #output} calls the last node is the one output.</li>
 * </ul>
 *
 * <p>{@link #gradient} is a pure function of the parameters and a batch: it returns the loss and
 * accumulates the gradient into {@link ParameterSet#grads()}, touching no other state, so batches
 * can later be split over workers.
 *
 * <p><b>Threads.</b> Once built ({@link #parameters()} or {@link #initialize}), a model may be
 * shared by any number of threads for inference: {@link #forward} with a context of each
 * caller's own ({@link ForwardContext} is per pass and never shared), and streaming through a
 * {@link StreamingModel} of each caller's own, all run at once on the same weights with results
 * identical to one thread's. {@link #add} and {@link #initialize} are for building, before the
 * model is shared. Training writes the weights and the one gradient buffer: one thread trains a
 * model at a time (the trainers refuse a second run, see
 * {@link ParameterSet#claimForTraining()}), {@link #gradient} from two threads at once is not
 * supported, and inference while a model trains reads weights in the middle of an update.
 */
public final class SequenceModel {

    /** The name of the input of a model built with {@link #SequenceModel(int)}. */
    public static final String DEFAULT_INPUT = "input";

    /** One node: a layer (single input) or a many-input layer, with the names it reads. */
    record Node(String name, Layer layer, MultiInputLayer multi, List<String> inputs, int outputSize) {

        List<Parameter> parameters() {
            return layer != null ? layer.parameters() : multi.parameters();
        }

        void initialize(Init scheme, SplittableRandom rng) {
            if (layer != null) {
                layer.initialize(scheme, rng);
            } else {
                multi.initialize(scheme, rng);
            }
        }

        RecurrentState newStreamingState(int batch) {
            return layer != null ? layer.newStreamingState(batch) : multi.newStreamingState(batch);
        }

        /** The values this node reads, in order, from the values computed so far. */
        Seq[] read(Map<String, Seq> values) {
            Seq[] in = new Seq[inputs.size()];
            for (int k = 0; k < in.length; k++) {
                in[k] = values.get(inputs.get(k));
            }
            return in;
        }
    }

    /**
     * What was added, in order, as it was added: a {@link Layer}, a {@link MultiInputLayer} or a
     * sub-model ({@link SequenceModel}), with the node or input names it reads. A model file
     * describes a model by its parts.
     */
    public record Part(String name, Object component, List<String> inputs) {
    }

    private final List<Part> parts = new ArrayList<>();
    /** Input name → features per step (or vocabulary size for token input). */
    private final Map<String, Integer> inputs = new LinkedHashMap<>();
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Node> byName = new LinkedHashMap<>();
    /** Output name → node (or input) name; empty means "the last node". */
    private final Map<String, String> outputs = new LinkedHashMap<>();
    /** Names a parent reads a sub-model's outputs by ("encoder.states") → inlined node name. */
    private final Map<String, String> aliases = new LinkedHashMap<>();
    private ParameterSet params;
    /** The model this one was inlined into, which owns its parameters; null when standalone. */
    private SequenceModel owner;

    /**
     * A linear model with one input named {@value #DEFAULT_INPUT}.
     *
     * @param inputSize features per step of the input, or the vocabulary size when the first
     *                  layer is an {@link Embedding}
     */
    public SequenceModel(int inputSize) {
        input(DEFAULT_INPUT, inputSize);
    }

    private SequenceModel() {
    }

    /** An empty graph; declare its inputs with {@link #input}. */
    public static SequenceModel graph() {
        return new SequenceModel();
    }

    /** Declares an input: features per step, or the vocabulary size when it carries token ids. */
    public SequenceModel input(String name, int size) {
        checkBuilding(name);
        checkNewName(name);
        if (size < 1) {
            throw new IllegalArgumentException("input '" + name + "' needs size >= 1, got " + size);
        }
        inputs.put(name, size);
        return this;
    }

    /** Appends a layer reading the node added before it (or the one input, for the first). */
    public SequenceModel add(String name, Layer layer) {
        return add(name, layer, previous(name));
    }

    /** Adds a layer reading the named node or input. */
    public SequenceModel add(String name, Layer layer, String input) {
        checkBuilding(name);
        checkNewName(name);
        String source = resolve(input, name);
        int in = sizeOf(source);
        if (layer instanceof TokenLayer) {
            String kind = layer.getClass().getSimpleName();
            if (!inputs.containsKey(source)) {
                throw new IllegalArgumentException(kind + " '" + name + "' takes token ids, so it must read a model input, not node '"
                        + source + "'");
            }
            if (((TokenLayer) layer).vocabSize() != in) {
                throw new IllegalArgumentException(kind + " vocabulary " + ((TokenLayer) layer).vocabSize()
                        + " differs from the model's input size " + in);
            }
        }
        put(new Node(name, layer, null, List.of(source), layer.outputSize(in)));
        parts.add(new Part(name, layer, List.of(source)));
        return this;
    }

    /** Adds a many-input layer (a {@link Merge}, attention) reading the named nodes or inputs, in order. */
    public SequenceModel add(String name, MultiInputLayer layer, String... inputNames) {
        checkBuilding(name);
        checkNewName(name);
        List<String> sources = new ArrayList<>();
        int[] sizes = new int[inputNames.length];
        for (int i = 0; i < inputNames.length; i++) {
            sources.add(resolve(inputNames[i], name));
            sizes[i] = sizeOf(sources.get(i));
        }
        put(new Node(name, null, layer, List.copyOf(sources), layer.outputSize(sizes)));
        parts.add(new Part(name, layer, List.copyOf(sources)));
        return this;
    }

    /**
     * Inlines a sub-model: its inputs, in declaration order, read the named nodes or inputs of
     * this model; its nodes become {@code name.node}. Its parameters belong to this model from
     * now on (see the class comment).
     */
    public SequenceModel add(String name, SequenceModel sub, String... inputNames) {
        checkBuilding(name);
        checkNewName(name);
        if (sub == this || sub.owner != null || sub.params != null) {
            throw new IllegalArgumentException("sub-model '" + name + "' must be a fresh model of its own: "
                    + (sub == this ? "a model cannot contain itself"
                    : sub.owner != null ? "it is already part of another model"
                    : "its parameters were already built; add it to the parent before using it"));
        }
        if (inputNames.length != sub.inputs.size()) {
            throw new IllegalArgumentException("sub-model '" + name + "' has inputs " + sub.inputs.keySet()
                    + ", got " + inputNames.length + " to connect");
        }
        Map<String, String> rename = new LinkedHashMap<>();
        List<String> sources = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Integer> in : sub.inputs.entrySet()) {
            String source = resolve(inputNames[i++], name);
            if (sizeOf(source) != in.getValue()) {
                throw new IllegalArgumentException("sub-model '" + name + "' input '" + in.getKey() + "' has size "
                        + in.getValue() + ", but '" + source + "' has " + sizeOf(source));
            }
            rename.put(in.getKey(), source);
            sources.add(source);
        }
        for (Node n : sub.nodes) {
            List<String> reads = new ArrayList<>();
            for (String r : n.inputs()) {
                reads.add(rename.get(r));
            }
            Node copy = new Node(name + "." + n.name(), n.layer(), n.multi(), List.copyOf(reads), n.outputSize());
            put(copy);
            rename.put(n.name(), copy.name());
        }
        Map<String, String> subOutputs = sub.effectiveOutputs();
        for (Map.Entry<String, String> o : subOutputs.entrySet()) {
            aliases.put(name + "." + o.getKey(), rename.get(o.getValue()));
        }
        if (subOutputs.size() == 1) {
            aliases.put(name, rename.get(subOutputs.values().iterator().next()));
        }
        sub.owner = this;
        parts.add(new Part(name, sub, List.copyOf(sources)));
        return this;
    }

    /**
     * Adds a part as {@link #parts()} lists it: a {@link Layer} (reading one name), a
     * {@link MultiInputLayer} or a sub-model (reading several), as the matching {@code add} would.
     */
    public SequenceModel add(Part part) {
        String[] reads = part.inputs().toArray(new String[0]);
        if (part.component() instanceof SequenceModel sub) {
            return add(part.name(), sub, reads);
        }
        if (part.component() instanceof MultiInputLayer multi) {
            return add(part.name(), multi, reads);
        }
        if (!(part.component() instanceof Layer layer)) {
            throw new IllegalArgumentException("part '" + part.name() + "' is a "
                    + part.component().getClass().getSimpleName() + ", not a layer or a model");
        }
        if (reads.length != 1) {
            throw new IllegalArgumentException("node '" + part.name() + "' holds a single-input layer but reads "
                    + part.inputs());
        }
        return add(part.name(), layer, reads[0]);
    }

    /** Declares an output read from a node (or a sub-model's output); outputs keep their order. */
    public SequenceModel output(String name, String node) {
        checkBuilding(name);
        if (outputs.containsKey(name)) {
            throw new IllegalArgumentException("output '" + name + "' is declared twice");
        }
        outputs.put(name, resolve(node, "output " + name));
        return this;
    }

    private String previous(String name) {
        if (!nodes.isEmpty()) {
            return nodes.get(nodes.size() - 1).name();
        }
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("layer '" + name + "' must name what it reads: the model has inputs "
                    + inputs.keySet());
        }
        return inputs.keySet().iterator().next();
    }

    private void checkBuilding(String name) {
        if (params != null || owner != null) {
            throw new IllegalStateException("cannot add '" + name + "': "
                    + (owner != null ? "this model is part of another" : "the parameters were already built"));
        }
    }

    private void checkNewName(String name) {
        if (name == null || name.isEmpty() || name.contains(".") || byName.containsKey(name) || inputs.containsKey(name)
                || aliases.containsKey(name)) {
            throw new IllegalArgumentException("layer name '" + name + "' must be unique, non-empty and without dots");
        }
    }

    private String resolve(String reference, String reader) {
        String target = aliases.getOrDefault(reference, reference);
        if (!inputs.containsKey(target) && !byName.containsKey(target)) {
            throw new IllegalArgumentException("'" + reader + "' reads '" + reference + "', which is no input or node; have "
                    + inputs.keySet() + " and " + byName.keySet());
        }
        return target;
    }

    private int sizeOf(String source) {
        Integer in = inputs.get(source);
        return in != null ? in : byName.get(source).outputSize();
    }

    private void put(Node node) {
        nodes.add(node);
        byName.put(node.name(), node);
    }

    /** Output name → node name, as declared, or the last node when none was. */
    Map<String, String> effectiveOutputs() {
        if (!outputs.isEmpty()) {
            return outputs;
        }
        if (nodes.isEmpty()) {
            throw new IllegalStateException("the model has no layers");
        }
        String last = nodes.get(nodes.size() - 1).name();
        return Map.of(last, last);
    }

    /** Size of the first input: its features per step, or its vocabulary for token ids. */
    public int inputSize() {
        return inputs.values().iterator().next();
    }

    /** Input names and sizes, in declaration order. */
    public Map<String, Integer> inputs() {
        return Collections.unmodifiableMap(inputs);
    }

    /** Output features of the first output. */
    public int outputSize() {
        return sizeOf(effectiveOutputs().values().iterator().next());
    }

    /** Output names, in declaration order, each with the node it reads. */
    public Map<String, String> outputs() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(effectiveOutputs()));
    }

    /** The single-input layers by node name, in order (all nodes, many-input ones too, are in {@link #reads}). */
    public Map<String, Layer> layers() {
        Map<String, Layer> out = new LinkedHashMap<>();
        for (Node n : nodes) {
            if (n.layer() != null) {
                out.put(n.name(), n.layer());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** What was added, in order (see {@link Part}). */
    public List<Part> parts() {
        return Collections.unmodifiableList(parts);
    }

    /** The outputs as declared by {@link #output} (empty when the last node is the output). */
    public Map<String, String> declaredOutputs() {
        return Collections.unmodifiableMap(outputs);
    }

    /** Every node's name, in order, with the names it reads. */
    public Map<String, List<String>> reads() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Node n : nodes) {
            out.put(n.name(), n.inputs());
        }
        return Collections.unmodifiableMap(out);
    }

    List<Node> nodes() {
        return nodes;
    }

    /** The flat parameter buffer, built on first call; no layers can be added after it. */
    public ParameterSet parameters() {
        if (owner != null) {
            throw new IllegalStateException("this model is part of a larger one, which owns its parameters; "
                    + "train and save the larger model");
        }
        if (params == null) {
            Map<Parameter, String> named = new IdentityHashMap<>();
            List<Parameter> all = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Node n : nodes) {
                for (Parameter p : n.parameters()) {
                    if (!named.containsKey(p)) { // a shared layer or tied weight is stored once
                        named.put(p, n.name() + "." + p.name());
                        all.add(p);
                        names.add(n.name() + "." + p.name());
                    }
                }
            }
            params = new ParameterSet(all, names);
        }
        return params;
    }

    /** Initialises every layer from one seed (a shared layer once, at its first node). */
    public SequenceModel initialize(Init scheme, long seed) {
        parameters();
        SplittableRandom rng = new SplittableRandom(seed);
        Map<Object, Boolean> done = new IdentityHashMap<>();
        for (Node n : nodes) {
            Object layer = n.layer() != null ? n.layer() : n.multi();
            if (done.put(layer, Boolean.TRUE) == null) {
                n.initialize(scheme, rng);
            }
        }
        return this;
    }

    /** The per-node forward results of one batch, and the outputs. */
    public static final class Pass {
        final Object[] nodePasses;
        final Map<String, Seq> values;
        private final Map<String, String> outputs;
        private final ForwardContext context;

        Pass(Object[] nodePasses, Map<String, Seq> values, Map<String, String> outputs, ForwardContext context) {
            this.nodePasses = nodePasses;
            this.values = values;
            this.outputs = outputs;
            this.context = context;
        }

        /** The first output. */
        public Seq output() {
            return values.get(outputs.values().iterator().next());
        }

        /** A named output. */
        public Seq output(String name) {
            String node = outputs.get(name);
            if (node == null) {
                throw new IllegalArgumentException("no output named '" + name + "'; have " + outputs.keySet());
            }
            return values.get(node);
        }

        /** Final recurrent states by node name, to carry into the next chunk. */
        public Map<String, RecurrentState> finalStates() {
            return context.finalStates();
        }
    }

    /**
     * What the layer of node {@code node} kept in {@code pass}, a {@link Layer.Pass} or a
     * {@link MultiInputLayer.Pass}: for reading what a layer exposes of a pass, such as its
     * attention weights. A sub-model's nodes are named {@code name.node}.
     */
    public Object nodePass(Pass pass, String node) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).name().equals(node)) {
                return pass.nodePasses[i];
            }
        }
        throw new IllegalArgumentException("no node named '" + node + "'");
    }

    /** Runs a model with one input. */
    public Pass forward(Seq input, ForwardContext context) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("this model has inputs " + inputs.keySet() + "; pass them by name");
        }
        return forward(Map.of(inputs.keySet().iterator().next(), input), context);
    }

    /** Runs the graph on named inputs. */
    public Pass forward(Map<String, Seq> input, ForwardContext context) {
        if (owner == null) {
            parameters();
        }
        return GraphExecution.forward(this, checkInputs(input), context);
    }

    Map<String, Seq> checkInputs(Map<String, Seq> given) {
        for (String name : given.keySet()) {
            if (!inputs.containsKey(name)) {
                throw new IllegalArgumentException("the model has no input '" + name + "'; have " + inputs.keySet());
            }
        }
        for (Map.Entry<String, Integer> e : inputs.entrySet()) {
            Seq x = given.get(e.getKey());
            if (x == null) {
                throw new IllegalArgumentException("input '" + e.getKey() + "' is missing; the model has inputs " + inputs.keySet());
            }
            if (!x.isTokens() && x.features != e.getValue()) {
                throw new IllegalArgumentException("model expects " + e.getValue() + " input features"
                        + (inputs.size() > 1 ? " at input '" + e.getKey() + "'" : "") + ", got " + x.features);
            }
        }
        return given;
    }

    /**
     * Back-propagates ∂L/∂output of the one output through all layers, accumulating parameter gradients.
     *
     * @return ∂L/∂input (T, B, F), or null for token input
     */
    public float[] backward(Pass pass, float[] dOut) {
        return backward(pass, dOut, true);
    }

    /**
     * @param inputGradient whether to compute ∂L/∂input; without it the layers reading an input
     *                      skip their input-gradient GEMM (1/6 of a training step's work for an
     *                      LSTM whose input is as wide as its state), which {@link #gradient}
     *                      never needs
     */
    public float[] backward(Pass pass, float[] dOut, boolean inputGradient) {
        Map<String, float[]> d = backward(pass, Map.of(pass.outputs.keySet().iterator().next(), dOut), inputGradient);
        return d.get(inputs.keySet().iterator().next());
    }

    /**
     * Back-propagates ∂L/∂output of any outputs (by output name; others get none).
     *
     * @return ∂L/∂input by input name (absent for token input or without {@code inputGradient})
     */
    public Map<String, float[]> backward(Pass pass, Map<String, float[]> dOutputs, boolean inputGradient) {
        return GraphExecution.backward(this, pass, dOutputs, inputGradient);
    }

    /** Loss, count and final states of one batch; the gradient went into the parameter set. */
    public record Gradient(double loss, int count, Map<String, RecurrentState> finalStates) {
    }

    /** One loss on one output: {@code weight · loss(output, targets)}. */
    public record LossTerm(String output, Loss loss, Targets targets, double weight) {
    }

    /**
     * Forward, loss and backward on one batch; accumulates ({@code +=}) the gradient of the mean
     * loss into {@link ParameterSet#grads()}.
     */
    public Gradient gradient(Seq input, Targets targets, Loss loss, ForwardContext context) {
        if (inputs.size() != 1) {
            throw new IllegalArgumentException("this model has inputs " + inputs.keySet() + "; pass them by name");
        }
        String out = effectiveOutputs().keySet().iterator().next();
        return gradient(Map.of(inputs.keySet().iterator().next(), input), List.of(new LossTerm(out, loss, targets, 1.0)), context);
    }

    /**
     * Forward, every loss term and backward on one batch: the loss is {@code Σ weightᵢ·lossᵢ}
     * (each a mean over its own targets), its gradient accumulated into
     * {@link ParameterSet#grads()}, and the count the sum of the terms' counts.
     */
    public Gradient gradient(Map<String, Seq> input, List<LossTerm> terms, ForwardContext context) {
        if (!context.gradients()) {
            throw new IllegalArgumentException("gradient needs a context that keeps activations for backward, "
                    + "e.g. new ForwardContext(false, null, states), not ForwardContext.inference()");
        }
        if (terms.isEmpty()) {
            throw new IllegalArgumentException("gradient needs at least one loss term");
        }
        if (terms.size() == 1 && terms.get(0).targets().values != null) {
            context.setTeacher(terms.get(0).targets().values);
        }
        Pass pass = forward(input, context);
        Map<String, float[]> dOutputs = new LinkedHashMap<>();
        double total = 0;
        int count = 0;
        for (LossTerm term : terms) {
            Seq out = pass.output(term.output());
            float[] d = new float[out.values.length];
            Loss.Result r = term.loss().compute(out, term.targets(), d);
            if (term.weight() != 1.0) {
                for (int i = 0; i < d.length; i++) {
                    d[i] *= (float) term.weight();
                }
            }
            float[] previous = dOutputs.get(term.output());
            if (previous != null) {
                for (int i = 0; i < d.length; i++) {
                    d[i] += previous[i];
                }
            }
            dOutputs.put(term.output(), d);
            total += term.weight() * r.loss();
            count += r.count();
        }
        backward(pass, dOutputs, false);
        return new Gradient(total, count, pass.finalStates());
    }
}
