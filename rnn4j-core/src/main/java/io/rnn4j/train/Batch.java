package io.rnn4j.train;

import io.rnn4j.loss.Targets;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.tensor.Seq;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One training batch: input sequences and their targets. A model with one input and one output
 * takes {@code new Batch(input, targets)}; a graph with several takes them by name,
 * {@code Batch.named(Map.of("source", src, "previous", prev), Map.of("words", next))}, inputs by
 * input name and targets by output name.
 *
 * @param namedInputs  input sequences by input name ({@link #SOLE} for the model's one input)
 * @param namedTargets targets by output name ({@link #SOLE} for the objective's one output)
 */
public record Batch(Map<String, Seq> namedInputs, Map<String, Targets> namedTargets) {

    /** The name a one-input, one-target batch uses for both: whatever the model's only one is called. */
    public static final String SOLE = "";

    public Batch {
        if (namedInputs == null || namedInputs.isEmpty() || hasNull(namedInputs)) {
            throw new IllegalArgumentException("a batch needs at least one input sequence");
        }
        if (namedTargets == null || namedTargets.isEmpty() || hasNull(namedTargets)) {
            throw new IllegalArgumentException("a batch needs targets for at least one output");
        }
        if ((namedInputs.containsKey(SOLE) && namedInputs.size() > 1)
                || (namedTargets.containsKey(SOLE) && namedTargets.size() > 1)) {
            throw new IllegalArgumentException("a batch with several inputs or targets names each of them");
        }
        namedInputs = Collections.unmodifiableMap(new LinkedHashMap<>(namedInputs));
        namedTargets = Collections.unmodifiableMap(new LinkedHashMap<>(namedTargets));
    }

    /** A batch for a model with one input and one output. */
    public Batch(Seq input, Targets targets) {
        this(sole(input), sole(targets));
    }

    private static <V> Map<String, V> sole(V value) {
        Map<String, V> m = new LinkedHashMap<>();
        m.put(SOLE, value);
        return m;
    }

    private static boolean hasNull(Map<String, ?> m) {
        for (Object v : m.values()) {
            if (v == null) {
                return true;
            }
        }
        return false;
    }

    /** A batch for a graph: inputs by input name, targets by output name. */
    public static Batch named(Map<String, Seq> inputs, Map<String, Targets> targets) {
        if (inputs.containsKey(SOLE) || targets.containsKey(SOLE)) {
            throw new IllegalArgumentException("named batch: every input and output needs its name");
        }
        return new Batch(inputs, targets);
    }

    /** The one input sequence; refused for a batch with several. */
    public Seq input() {
        Seq s = namedInputs.get(SOLE);
        if (s == null) {
            if (namedInputs.size() == 1) {
                return namedInputs.values().iterator().next();
            }
            throw new IllegalStateException("this batch has inputs " + namedInputs.keySet()
                    + "; this algorithm takes one input sequence");
        }
        return s;
    }

    /** The one target set; refused for a batch with several. */
    public Targets targets() {
        Targets t = namedTargets.get(SOLE);
        if (t == null) {
            if (namedTargets.size() == 1) {
                return namedTargets.values().iterator().next();
            }
            throw new IllegalStateException("this batch has targets for " + namedTargets.keySet()
                    + "; this algorithm takes one target set");
        }
        return t;
    }

    /** The inputs by the model's input names: a one-input batch's sequence goes to the model's only input. */
    public Map<String, Seq> inputsFor(SequenceModel model) {
        if (!namedInputs.containsKey(SOLE)) {
            return namedInputs;
        }
        if (model.inputs().size() != 1) {
            throw new IllegalArgumentException("the model has inputs " + model.inputs().keySet()
                    + " but the batch gives one unnamed sequence; name them with Batch.named");
        }
        return Map.of(model.inputs().keySet().iterator().next(), namedInputs.get(SOLE));
    }

    /** The targets of one output ({@code null} = the objective's only output). */
    public Targets targetsFor(String output) {
        Targets t = namedTargets.get(SOLE);
        if (t != null) {
            return t;
        }
        if (output == null) {
            return targets();
        }
        t = namedTargets.get(output);
        if (t == null) {
            throw new IllegalArgumentException("the batch has no targets for output '" + output + "'; it has "
                    + namedTargets.keySet());
        }
        return t;
    }
}
