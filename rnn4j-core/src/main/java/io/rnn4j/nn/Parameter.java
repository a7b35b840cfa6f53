package io.rnn4j.nn;

import java.util.Arrays;

/**
 * A named, shaped view into a model's flat parameter buffer, with the matching view into the
 * flat gradient buffer. Names and shapes follow PyTorch ({@code weight_ih_l0}, (4H, I), ...), so a
 * state dict maps one to one.
 *
 * <p>A parameter starts unbound with private storage; {@link ParameterSet} rebinds it into the
 * model's flat buffers. A parameter marked not trainable keeps its gradient at zero for the
 * optimizer (echo-state reservoirs, frozen embeddings).
 *
 * <p><b>Versions.</b> A parameter counts the times its values may have changed
 * ({@link #version()}), so that a layer can keep a derived copy of them (a recurrent layer's
 * weights packed for its streaming step) and know when it is stale. Every way to write counts:
 * {@link #set}, {@link #copyFrom}, and handing out the writable array ({@link #data()}, or the
 * owning set's {@link ParameterSet#values()}), since whoever takes it may write it. Take the array
 * afresh for each round of writes rather than keeping it: writes through an array kept from
 * before are not seen. Code that only reads uses {@link #dataForReading()}, which counts nothing.
 */
public final class Parameter {

    private final String name;
    private final int[] shape;
    private final int size;
    private boolean trainable = true;
    private float[] data;
    private float[] grad;
    private int offset;
    /** Times the values were handed out or written (see the class comment); the owning set adds its own count. */
    private long writes;
    private ParameterSet owner;

    public Parameter(String name, int... shape) {
        this.name = name;
        this.shape = shape.clone();
        int s = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("parameter " + name + " has a negative dimension: " + Arrays.toString(shape));
            }
            s = Math.multiplyExact(s, d);
        }
        this.size = s;
        this.data = new float[s];
        this.grad = new float[s];
    }

    public String name() {
        return name;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int size() {
        return size;
    }

    public boolean trainable() {
        return trainable;
    }

    public Parameter trainable(boolean t) {
        this.trainable = t;
        return this;
    }

    /**
     * The backing array, writable; element i of this parameter is {@code data()[offset() + i]}.
     * Taking it counts as a change ({@link #version()}).
     */
    public float[] data() {
        writes++;
        return data;
    }

    /** The backing array, as {@link #data()}, for code that only reads it: does not count as a change. */
    public float[] dataForReading() {
        return data;
    }

    /**
     * A number that differs from every earlier one after the values may have changed: a copy
     * derived from the values at version v is current while the version is still v.
     */
    public long version() {
        return writes + (owner == null ? 0 : owner.changes());
    }

    /** The gradient array, laid out like {@link #data()}. */
    public float[] grad() {
        return grad;
    }

    public int offset() {
        return offset;
    }

    public float get(int i) {
        return data[offset + i];
    }

    public void set(int i, float v) {
        writes++;
        data[offset + i] = v;
    }

    /** Copies this parameter's values out, in row-major order of {@link #shape()}. */
    public float[] toArray() {
        return Arrays.copyOfRange(data, offset, offset + size);
    }

    /** Overwrites this parameter's values; {@code values.length} must equal {@link #size()}. */
    public void copyFrom(float[] values) {
        if (values.length != size) {
            throw new IllegalArgumentException("parameter " + name + " has " + size + " values "
                    + Arrays.toString(shape) + ", got " + values.length);
        }
        writes++;
        System.arraycopy(values, 0, data, offset, size);
    }

    void bind(float[] data, float[] grad, int offset, ParameterSet owner) {
        writes++;
        this.owner = owner;
        System.arraycopy(this.data, this.offset, data, offset, size);
        this.data = data;
        this.grad = grad;
        this.offset = offset;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
