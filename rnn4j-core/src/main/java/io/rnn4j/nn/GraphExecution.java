package io.rnn4j.nn;

import io.rnn4j.tensor.Seq;

import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Forward and backward over a {@link SequenceModel}'s nodes. Forward runs the nodes in the order
 * they were added (a topological order); backward runs them in reverse, summing the gradients
 * that reach a node from each node that read it, and hands each layer its own slice of work.
 */
final class GraphExecution {

    private GraphExecution() {
    }

    static SequenceModel.Pass forward(SequenceModel model, Map<String, Seq> inputs, ForwardContext context) {
        List<SequenceModel.Node> nodes = model.nodes();
        Map<String, Seq> values = new HashMap<>(inputs);
        Object[] passes = new Object[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            SequenceModel.Node n = nodes.get(i);
            context.enter(n.name());
            Seq out;
            if (n.layer() != null) {
                Layer.Pass p = n.layer().forward(values.get(n.inputs().get(0)), context);
                passes[i] = p;
                out = p.output();
            } else {
                MultiInputLayer.Pass p = n.multi().forward(n.read(values), context);
                passes[i] = p;
                out = p.output();
            }
            values.put(n.name(), out);
        }
        return new SequenceModel.Pass(passes, values, model.effectiveOutputs(), context);
    }

    static Map<String, float[]> backward(SequenceModel model, SequenceModel.Pass pass, Map<String, float[]> dOutputs,
                                         boolean inputGradient) {
        Map<String, String> outputs = model.effectiveOutputs();
        // ∂L/∂value of every node or input that something downstream has a gradient for
        Map<String, float[]> grads = new HashMap<>();
        // the caller's arrays: read, never written (a second gradient for the node copies first)
        Set<float[]> borrowed = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, float[]> e : dOutputs.entrySet()) {
            String node = outputs.get(e.getKey());
            if (node == null) {
                throw new IllegalArgumentException("no output named '" + e.getKey() + "'; have " + outputs.keySet());
            }
            Seq value = pass.values.get(node);
            if (e.getValue().length != value.values.length) {
                throw new IllegalArgumentException("gradient of output '" + e.getKey() + "' has " + e.getValue().length
                        + " values, the output " + value.values.length);
            }
            if (grads.containsKey(node)) {
                accumulate(grads, borrowed, node, e.getValue());
            } else {
                grads.put(node, e.getValue());
                borrowed.add(e.getValue());
            }
        }
        List<SequenceModel.Node> nodes = model.nodes();
        for (int i = nodes.size() - 1; i >= 0; i--) {
            SequenceModel.Node n = nodes.get(i);
            float[] dOut = grads.remove(n.name());
            if (dOut == null) {
                continue; // nothing downstream of this node reaches a loss
            }
            if (n.layer() != null) {
                String source = n.inputs().get(0);
                float[] dIn = gradientBuffer(model, pass, source, inputGradient);
                n.layer().backward((Layer.Pass) pass.nodePasses[i], dOut, dIn);
                if (dIn != null) {
                    accumulate(grads, borrowed, source, dIn);
                }
            } else {
                float[][] dIns = new float[n.inputs().size()][];
                for (int k = 0; k < dIns.length; k++) {
                    dIns[k] = gradientBuffer(model, pass, n.inputs().get(k), inputGradient);
                }
                n.multi().backward((MultiInputLayer.Pass) pass.nodePasses[i], dOut, dIns);
                for (int k = 0; k < dIns.length; k++) {
                    if (dIns[k] != null) {
                        accumulate(grads, borrowed, n.inputs().get(k), dIns[k]);
                    }
                }
            }
        }
        Map<String, float[]> inputGrads = new LinkedHashMap<>();
        for (String name : model.inputs().keySet()) {
            float[] d = grads.get(name);
            if (d != null) {
                inputGrads.put(name, d);
            }
        }
        return inputGrads;
    }

    /** A zero buffer for ∂L/∂source, or null when it is tokens or an unwanted input gradient. */
    private static float[] gradientBuffer(SequenceModel model, SequenceModel.Pass pass, String source, boolean inputGradient) {
        Seq value = pass.values.get(source);
        if (value.isTokens() || (!inputGradient && model.inputs().containsKey(source))) {
            return null;
        }
        return new float[value.values.length];
    }

    private static void accumulate(Map<String, float[]> grads, Set<float[]> borrowed, String name, float[] d) {
        float[] have = grads.get(name);
        if (have == null) {
            grads.put(name, d);
            return;
        }
        if (borrowed.contains(have)) {
            have = have.clone();
            grads.put(name, have);
        }
        for (int i = 0; i < d.length; i++) {
            have[i] += d[i];
        }
    }
}
