package io.rnn4j.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One flat parameter buffer and one flat gradient buffer for a whole model, with named views.
 * The optimizer, gradient clipping, checkpoints and (later) the EKF covariance index each become a
 * single loop over {@link #values()} and {@link #grads()}.
 *
 * <p><b>Threads.</b> Reading the values from many threads at once (inference) is safe while
 * nothing writes them. Training writes the values and the one gradient buffer, so one model is
 * trained by one thread at a time: the trainers take a {@link #claimForTraining training claim},
 * and a second trainer that starts while the first runs is refused.
 */
public final class ParameterSet {

    private final List<Parameter> params;
    private final Map<String, Parameter> byName = new LinkedHashMap<>();
    private final float[] values;
    private final float[] grads;
    /** Times {@link #values()} was handed out or set; every parameter's version includes it. */
    private volatile long changes;
    /** The thread training these parameters, or null. */
    private final AtomicReference<Thread> trainer = new AtomicReference<>();

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
            p.bind(values, grads, off, this);
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

    /**
     * All values, writable, in buffer order. Taking the array counts as a change of every
     * parameter ({@link Parameter#version()}): take it afresh for each round of writes.
     */
    public float[] values() {
        changes++;
        return values;
    }

    long changes() {
        return changes;
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
        changes++;
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

    /**
     * Marks these parameters as trained by the calling thread until the claim is closed. A
     * trainer takes it for the whole of its run, so that two runs on one model cannot interleave
     * their updates and gradients.
     *
     * @throws IllegalStateException when another thread's claim is still open, naming that thread
     */
    public TrainingClaim claimForTraining() {
        Thread me = Thread.currentThread();
        Thread holder = trainer.compareAndExchange(null, me);
        if (holder != null) {
            throw new IllegalStateException("this model is already being trained by thread '" + holder.getName()
                    + "'; one model trains on one thread at a time (train a copy, or wait for that run to end)");
        }
        return () -> trainer.compareAndSet(me, null);
    }

    /** An open {@link #claimForTraining() training claim}; closing it lets another run start. */
    @FunctionalInterface
    public interface TrainingClaim extends AutoCloseable {
        @Override
        void close();
    }
}
