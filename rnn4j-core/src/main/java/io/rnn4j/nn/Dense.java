package io.rnn4j.nn;

import io.rnn4j.kernel.Blas;
import io.rnn4j.tensor.Seq;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A fully connected layer applied at every step: {@code y_t = x_t·Wᵀ + b}, one GEMM over all
 * (T·B) rows. Parameters {@code weight} (O, I) and {@code bias} (O), initialised as PyTorch's
 * {@code nn.Linear}: {@code U(−1/√I, 1/√I)}.
 */
public final class Dense implements Layer {

    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;
    /** The embedding whose table is {@link #weight}, or null when the weight is this layer's own. */
    private final Embedding tiedTo;

    public Dense(int in, int out) {
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("dense layer needs in >= 1 and out >= 1, got " + in + ", " + out);
        }
        this.in = in;
        this.out = out;
        this.weight = new Parameter("weight", out, in);
        this.bias = new Parameter("bias", out);
        this.tiedTo = null;
    }

    private Dense(Embedding embedding) {
        this.out = embedding.vocabSize();
        this.in = embedding.dim();
        this.weight = embedding.weight();
        this.bias = new Parameter("bias", out);
        this.tiedTo = embedding;
    }

    /**
     * A softmax head whose weight is the embedding's table (V, E), read as (O = V, I = E): logits
     * {@code y_t = x_t·Eᵀ + b} with an own bias (Press &amp; Wolf 2017, "Using the output
     * embedding to improve language models"). The model stores the table once, under the
     * embedding's name, and both layers' gradients add into it.
     */
    public static Dense tiedTo(Embedding embedding) {
        return new Dense(embedding);
    }

    /** The embedding whose table this layer reads as its weight ({@link #tiedTo}), or null. */
    public Embedding tiedEmbedding() {
        return tiedTo;
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    @Override
    public int outputSize(int inputSize) {
        if (inputSize != in) {
            throw new IllegalArgumentException("dense layer expects " + in + " input features, got " + inputSize);
        }
        return out;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    @Override
    public void initialize(Init scheme, SplittableRandom rng) {
        if (tiedTo != null) {
            // the weight is initialised by the layer that owns it; the bias as nn.Linear's would be
            double k = scheme == Init.PYTORCH ? 1.0 / Math.sqrt(in) : 0.0;
            Init.uniform(bias, k, rng);
            return;
        }
        if (scheme == Init.PYTORCH) {
            double k = 1.0 / Math.sqrt(in);
            Init.uniform(weight, k, rng);
            Init.uniform(bias, k, rng);
        } else {
            Init.xavier(weight.data(), weight.offset(), out, in, rng);
            for (int i = 0; i < out; i++) {
                bias.set(i, 0f);
            }
        }
    }

    @Override
    public Pass forward(Seq x, ForwardContext context) {
        outputSize(x.features);
        int rows = x.steps * x.batch;
        float[] y = new float[rows * out];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(bias.data(), bias.offset(), y, r * out, out);
        }
        Blas.gemm(false, true, rows, out, in, 1f, x.values, 0, in, weight.data(), weight.offset(), in, 1f, y, 0, out);
        return new Pass(x, x.withValues(y, out), null);
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        Seq x = pass.input();
        int rows = x.steps * x.batch;
        Blas.gemm(true, false, out, in, rows, 1f, dOut, 0, out, x.values, 0, in, 1f, weight.grad(), weight.offset(), in);
        float[] gb = bias.grad();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < out; j++) {
                gb[bias.offset() + j] += dOut[r * out + j];
            }
        }
        if (dIn != null) {
            Blas.gemm(false, false, rows, in, out, 1f, dOut, 0, out, weight.data(), weight.offset(), in, 1f, dIn, 0, in);
        }
    }
}
