package io.rnn4j.nn;

/**
 * A first layer that takes token ids (T, B) rather than real-valued features, over a vocabulary
 * of {@link #vocabSize()} ids; the model's input size must equal it.
 */
public interface TokenLayer extends Layer {

    int vocabSize();
}
