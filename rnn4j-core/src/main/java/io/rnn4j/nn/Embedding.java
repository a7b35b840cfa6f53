package io.rnn4j.nn;

import io.rnn4j.tensor.Seq;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A learned lookup table: token ids (T, B) → vectors (T, B, E). Parameter {@code weight}
 * (V, E), initialised N(0, 1) as PyTorch's {@code nn.Embedding}. Backward scatter-adds into the
 * rows of the tokens seen; padded steps add nothing.
 */
public final class Embedding implements TokenLayer {

    private final int vocabSize;
    private final int dim;
    private final Parameter weight;

    public Embedding(int vocabSize, int dim) {
        if (vocabSize < 1 || dim < 1) {
            throw new IllegalArgumentException("embedding needs vocabSize >= 1 and dim >= 1, got " + vocabSize + ", " + dim);
        }
        this.vocabSize = vocabSize;
        this.dim = dim;
        this.weight = new Parameter("weight", vocabSize, dim);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    /** The table (V, E), shared with a {@link Dense#tiedTo tied} head. */
    Parameter weight() {
        return weight;
    }

    public int dim() {
        return dim;
    }

    @Override
    public int outputSize(int inputSize) {
        return dim;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight);
    }

    @Override
    public void initialize(Init scheme, SplittableRandom rng) {
        for (int i = 0; i < weight.size(); i++) {
            weight.set(i, (float) Init.gaussian(rng));
        }
    }

    @Override
    public Pass forward(Seq in, ForwardContext context) {
        if (!in.isTokens()) {
            throw new IllegalArgumentException("Embedding takes token ids, got real-valued input with " + in.features + " features");
        }
        float[] out = new float[in.steps * in.batch * dim];
        float[] w = weight.data();
        for (int r = 0; r < in.tokens.length; r++) {
            int tok = in.tokens[r];
            if (!in.valid(r / in.batch, r % in.batch)) {
                continue;
            }
            if (tok < 0 || tok >= vocabSize) {
                throw new IllegalArgumentException("token id " + tok + " at position " + r + " is outside the vocabulary 0.." + (vocabSize - 1));
            }
            System.arraycopy(w, weight.offset() + tok * dim, out, r * dim, dim);
        }
        return new Pass(in, in.withValues(out, dim), null);
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        Seq in = pass.input();
        float[] g = weight.grad();
        for (int r = 0; r < in.tokens.length; r++) {
            if (!in.valid(r / in.batch, r % in.batch)) {
                continue;
            }
            int base = weight.offset() + in.tokens[r] * dim;
            for (int j = 0; j < dim; j++) {
                g[base + j] += dOut[r * dim + j];
            }
        }
    }
}
