package io.rnn4j.nn;

import io.rnn4j.tensor.Seq;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The mean of the embeddings of each sequence's tokens, without forming them one by one: token
 * ids (T, B) → (1, B, E), as PyTorch's {@code nn.EmbeddingBag(mode='mean')} and fastText's
 * hidden layer (Joulin et al. 2017):
 *
 * <pre>  y_b = (1 / L_b) Σ_{t &lt; L_b} W[x_{t,b}]        W (V, E): parameter weight, ~ N(0, 1)</pre>
 *
 * Equal to an {@link Embedding} followed by mean pooling over the valid steps, at the cost of
 * one row read per token instead of a (T, B, E) tensor written, pooled and back-propagated: a
 * document of a thousand tokens trains several times faster. A sequence of length 0 gives zeros.
 */
public final class EmbeddingBag implements TokenLayer {

    private final int vocabSize;
    private final int dim;
    private final Parameter weight;

    public EmbeddingBag(int vocabSize, int dim) {
        if (vocabSize < 1 || dim < 1) {
            throw new IllegalArgumentException("embedding bag needs vocabSize >= 1 and dim >= 1, got " + vocabSize + ", " + dim);
        }
        this.vocabSize = vocabSize;
        this.dim = dim;
        this.weight = new Parameter("weight", vocabSize, dim);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    public int dim() {
        return dim;
    }

    @Override
    public int outputSize(int inputSize) {
        return dim;
    }

    @Override
    public boolean keepsTimeSteps() {
        return false;
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
            throw new IllegalArgumentException("EmbeddingBag takes token ids, got real-valued input with " + in.features + " features");
        }
        float[] w = weight.dataForReading();
        int wo = weight.offset();
        float[] out = new float[in.batch * dim];
        int[] outLengths = in.lengths == null ? null : new int[in.batch];
        for (int b = 0; b < in.batch; b++) {
            int len = in.lengths == null ? in.steps : in.lengths[b];
            if (outLengths != null) {
                outLengths[b] = len > 0 ? 1 : 0;
            }
            for (int t = 0; t < len; t++) {
                int tok = in.tokens[t * in.batch + b];
                if (tok < 0 || tok >= vocabSize) {
                    throw new IllegalArgumentException("token id " + tok + " at step " + t + " of sample " + b
                            + " is outside the vocabulary 0.." + (vocabSize - 1));
                }
                int row = wo + tok * dim;
                for (int j = 0; j < dim; j++) {
                    out[b * dim + j] += w[row + j];
                }
            }
            if (len > 0) {
                float inv = 1f / len;
                for (int j = 0; j < dim; j++) {
                    out[b * dim + j] *= inv;
                }
            }
        }
        return new Pass(in, Seq.ofValues(out, 1, in.batch, dim, outLengths), null);
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        Seq in = pass.input();
        float[] g = weight.grad();
        int wo = weight.offset();
        for (int b = 0; b < in.batch; b++) {
            int len = in.lengths == null ? in.steps : in.lengths[b];
            if (len == 0) {
                continue;
            }
            float inv = 1f / len;
            for (int t = 0; t < len; t++) {
                int row = wo + in.tokens[t * in.batch + b] * dim;
                for (int j = 0; j < dim; j++) {
                    g[row + j] += dOut[b * dim + j] * inv;
                }
            }
        }
    }
}
