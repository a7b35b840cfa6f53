package io.rnn4j.nn;

import io.rnn4j.tensor.Seq;
import io.rnn4j.loss.Loss;
import io.rnn4j.loss.Targets;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Named layers applied in order to a sequence batch, with one flat {@link ParameterSet} whose
 * names are {@code layerName.parameterName} (e.g. {@code rnn.weight_ih_l0}, {@code head.weight}).
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

    private final int inputSize;
    private final Map<String, Layer> layers = new LinkedHashMap<>();
    private ParameterSet params;

    /**
     * @param inputSize features per step of the input, or the vocabulary size when the first
     *                  layer is an {@link Embedding}
     */
    public SequenceModel(int inputSize) {
        this.inputSize = inputSize;
    }

    /** Appends a layer; names must be unique and contain no dot. */
    public SequenceModel add(String name, Layer layer) {
        if (params != null) {
            throw new IllegalStateException("cannot add layer '" + name + "' after the parameters were built");
        }
        if (name.isEmpty() || name.contains(".") || layers.containsKey(name)) {
            throw new IllegalArgumentException("layer name '" + name + "' must be unique, non-empty and without dots");
        }
        int in = outputSize();
        if (layer instanceof TokenLayer) {
            String kind = layer.getClass().getSimpleName();
            if (!layers.isEmpty()) {
                throw new IllegalArgumentException(kind + " takes token ids, so it must be the first layer");
            }
            if (((TokenLayer) layer).vocabSize() != inputSize) {
                throw new IllegalArgumentException(kind + " vocabulary " + ((TokenLayer) layer).vocabSize()
                        + " differs from the model's input size " + inputSize);
            }
        } else {
            layer.outputSize(in); // validates the width
        }
        layers.put(name, layer);
        return this;
    }

    public int inputSize() {
        return inputSize;
    }

    /** Output features of the last layer. */
    public int outputSize() {
        int f = inputSize;
        for (Layer l : layers.values()) {
            f = l.outputSize(f);
        }
        return f;
    }

    public Map<String, Layer> layers() {
        return Collections.unmodifiableMap(layers);
    }

    /** The flat parameter buffer, built on first call; no layers can be added after it. */
    public ParameterSet parameters() {
        if (params == null) {
            List<Parameter> all = new ArrayList<>();
            for (Map.Entry<String, Layer> e : layers.entrySet()) {
                for (Parameter p : e.getValue().parameters()) {
                    all.add(p);
                }
            }
            params = new ParameterSet(all, qualifiedNames());
        }
        return params;
    }

    private List<String> qualifiedNames() {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Layer> e : layers.entrySet()) {
            for (Parameter p : e.getValue().parameters()) {
                names.add(e.getKey() + "." + p.name());
            }
        }
        return names;
    }

    /** Initialises every layer from one seed. */
    public SequenceModel initialize(Init scheme, long seed) {
        parameters();
        SplittableRandom rng = new SplittableRandom(seed);
        for (Layer l : layers.values()) {
            l.initialize(scheme, rng);
        }
        return this;
    }

    /** The per-layer forward results of one batch. */
    public static final class Pass {
        private final List<Layer.Pass> passes;
        private final ForwardContext context;

        Pass(List<Layer.Pass> passes, ForwardContext context) {
            this.passes = passes;
            this.context = context;
        }

        public Seq output() {
            return passes.get(passes.size() - 1).output();
        }

        /** Final recurrent states by layer name, to carry into the next chunk. */
        public Map<String, float[][][]> finalStates() {
            return context.finalStates();
        }
    }

    public Pass forward(Seq input, ForwardContext context) {
        parameters();
        if (!input.isTokens() && input.features != inputSize) {
            throw new IllegalArgumentException("model expects " + inputSize + " input features, got " + input.features);
        }
        List<Layer.Pass> passes = new ArrayList<>(layers.size());
        Seq x = input;
        for (Map.Entry<String, Layer> e : layers.entrySet()) {
            context.enter(e.getKey());
            Layer.Pass p = e.getValue().forward(x, context);
            passes.add(p);
            x = p.output();
        }
        return new Pass(passes, context);
    }

    /**
     * Back-propagates ∂L/∂output through all layers, accumulating parameter gradients.
     *
     * @return ∂L/∂input (T, B, F), or null for token input
     */
    public float[] backward(Pass pass, float[] dOut) {
        return backward(pass, dOut, true);
    }

    /**
     * @param inputGradient whether to compute ∂L/∂input; without it the first layer skips its
     *                      input-gradient GEMM (1/6 of a training step's work for an LSTM whose
     *                      input is as wide as its state), which {@link #gradient} never needs
     */
    public float[] backward(Pass pass, float[] dOut, boolean inputGradient) {
        List<Layer> ls = new ArrayList<>(layers.values());
        float[] d = dOut;
        for (int i = ls.size() - 1; i >= 0; i--) {
            Layer.Pass p = pass.passes.get(i);
            Seq in = p.input();
            float[] dIn = in.isTokens() || (i == 0 && !inputGradient) ? null : new float[in.values.length];
            ls.get(i).backward(p, d, dIn);
            d = dIn;
        }
        return d;
    }

    /** Loss, count and final states of one batch; the gradient went into the parameter set. */
    public record Gradient(double loss, int count, Map<String, float[][][]> finalStates) {
    }

    /**
     * Forward, loss and backward on one batch; accumulates ({@code +=}) the gradient of the mean
     * loss into {@link ParameterSet#grads()}.
     */
    public Gradient gradient(Seq input, Targets targets, Loss loss, ForwardContext context) {
        if (!context.gradients()) {
            throw new IllegalArgumentException("gradient needs a context that keeps activations for backward, "
                    + "e.g. new ForwardContext(false, null, states), not ForwardContext.inference()");
        }
        if (targets.values != null) {
            context.setTeacher(targets.values);
        }
        Pass pass = forward(input, context);
        Seq out = pass.output();
        float[] dOut = new float[out.values.length];
        Loss.Result r = loss.compute(out, targets, dOut);
        backward(pass, dOut, false);
        return new Gradient(r.loss(), r.count(), pass.finalStates());
    }
}
