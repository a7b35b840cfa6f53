package io.rnn4j.tensor;

import java.util.Arrays;

/**
 * A dense row-major float32 array with a shape: element (i₀, …, iₙ) is at
 * {@code Σ i_k·stride_k}, {@code stride_n = 1}. The storage is exposed on purpose: kernels and
 * layers work on the flat {@code float[]} with explicit offsets, and a Tensor is how shaped data
 * crosses an API or a file boundary.
 */
public final class Tensor {

    private final int[] shape;
    private final float[] data;

    public Tensor(float[] data, int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " values, got " + data.length);
        }
        this.shape = shape.clone();
        this.data = data;
    }

    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int size(int dim) {
        return shape[dim];
    }

    /** The backing row-major array (live, not a copy). */
    public float[] data() {
        return data;
    }

    public float get(int... index) {
        return data[offset(index)];
    }

    public void set(float v, int... index) {
        data[offset(index)] = v;
    }

    private int offset(int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("index of rank " + index.length + " for a tensor of rank " + shape.length);
        }
        int off = 0;
        for (int k = 0; k < shape.length; k++) {
            if (index[k] < 0 || index[k] >= shape[k]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside shape " + Arrays.toString(shape));
            }
            off = off * shape[k] + index[k];
        }
        return off;
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape);
    }
}
