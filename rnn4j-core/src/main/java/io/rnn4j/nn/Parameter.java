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
 */
public final class Parameter {

    private final String name;
    private final int[] shape;
    private final int size;
    private boolean trainable = true;
    private float[] data;
    private float[] grad;
    private int offset;

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

    /** The backing array; element i of this parameter is {@code data()[offset() + i]}. */
    public float[] data() {
        return data;
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
        System.arraycopy(values, 0, data, offset, size);
    }

    void bind(float[] data, float[] grad, int offset) {
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
