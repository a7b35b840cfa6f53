package io.rnn4j.nn;

import io.rnn4j.tensor.Seq;

/**
 * Token ids (T, B) → one-hot vectors (T, B, V): x[t, b, j] = 1 when j is the token, else 0.
 * No parameters. With a recurrent layer after it, the input weights W_ih play the part of an
 * embedding, and the model can be trained by RTRL and the EKF, which take real-valued inputs.
 * Padded steps give all-zero rows.
 */
public final class OneHot implements TokenLayer {

    private final int vocabSize;

    public OneHot(int vocabSize) {
        if (vocabSize < 1) {
            throw new IllegalArgumentException("one-hot needs vocabSize >= 1, got " + vocabSize);
        }
        this.vocabSize = vocabSize;
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int outputSize(int inputSize) {
        return vocabSize;
    }

    @Override
    public Pass forward(Seq in, ForwardContext context) {
        if (!in.isTokens()) {
            throw new IllegalArgumentException("OneHot takes token ids, got real-valued input with " + in.features + " features");
        }
        float[] out = new float[in.steps * in.batch * vocabSize];
        for (int r = 0; r < in.tokens.length; r++) {
            if (!in.valid(r / in.batch, r % in.batch)) {
                continue;
            }
            int tok = in.tokens[r];
            if (tok < 0 || tok >= vocabSize) {
                throw new IllegalArgumentException("token id " + tok + " at position " + r + " is outside the vocabulary 0.." + (vocabSize - 1));
            }
            out[r * vocabSize + tok] = 1f;
        }
        return new Pass(in, in.withValues(out, vocabSize), null);
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        // no parameters, and token inputs have no gradient
    }
}
