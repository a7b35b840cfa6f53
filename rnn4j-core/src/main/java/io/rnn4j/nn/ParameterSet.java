package io.rnn4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One flat parameter buffer and one flat gradient buffer for a whole model, with named views.
 * The optimizer, gradient clipping, checkpoints and (later) the EKF covariance index each become a
 * single loop over {@link #values()} and {@link #grads()}.
 */
public final class ParameterSet {

    private final List<Parameter> params;
    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    private final float[] values;
    private final float[] grads;

    /** Binds the parameters, in order, into fresh flat buffers (their current values are kept). */
    public ParameterSet(List<Parameter> parameters) {
        this(parameters, parameters.stream().map(Parameter::name).collect(java.util.stream.Collectors.toList()));
    }

    /** As {@link #ParameterSet(List)}, looked up by the given qualified names. */
    public ParameterSet(List<Parameter> parameters, List<String> names) {
        this.params = Collections.unmodifiableList(new ArrayList<>(parameters));
        int total = 0;
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (byName.put(names.get(i), p) != null) {
                throw new IllegalArgumentException("duplicate parameter name: " + names.get(i));
            }
            total = Math.addExact(total, p.size());
        }
        values = new float[total];
        grads = new float[total];
        int off = 0;
        for (Parameter p : params) {
            p.bind(values, grads, off);
            off += p.size();
        }
    }

    public List<Parameter> parameters() {
        return params;
    }

    public Parameter get(String name) {
        Parameter p = byName.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'; have " + byName.keySet());
        }
        return p;
    }

    /** Qualified names in buffer order. */
    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    public float[] values() {
        return values;
    }

    public float[] grads() {
        return grads;
    }

    public int size() {
        return values.length;
    }

    /**
     * Sets every value from a double-precision copy θ (P), rounding to float: how the
     * double-precision trainers (RTRL's network, the Kalman filters) hand their weights back.
     */
    public void setValues(double[] theta) {
        if (theta.length != values.length) {
            throw new IllegalArgumentException("got " + theta.length + " values for " + values.length + " parameters");
        }
        for (int k = 0; k < values.length; k++) {
            values[k] = (float) theta[k];
        }
    }

    public void zeroGrad() {
        Arrays.fill(grads, 0f);
    }

    /** Zeroes the gradients of parameters marked not trainable, so no optimizer moves them. */
    public void maskFrozen() {
        for (Parameter p : params) {
            if (!p.trainable()) {
                Arrays.fill(grads, p.offset(), p.offset() + p.size(), 0f);
            }
        }
    }
}
