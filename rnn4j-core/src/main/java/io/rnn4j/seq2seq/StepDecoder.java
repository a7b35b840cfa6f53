package io.rnn4j.seq2seq;

import io.rnn4j.nn.attention.AttentionDecoder;

/**
 * A model that {@link Decoding} can write with: its input is encoded once into a memory and a
 * summary ({@link Seq2Seq.Encoded}), then the decoder is stepped one token at a time. Target id
 * {@link Seq2Seq#END} ends an output and {@link Seq2Seq#START} begins one. {@link Seq2Seq}
 * (sentences in) and the image captioner (images in) are both one.
 */
public interface StepDecoder {

    /** V, the size of the output vocabulary, END and START included. */
    int targetVocab();

    /** Decoding streams, one per row of {@code encoded}. */
    AttentionDecoder.State start(Seq2Seq.Encoded encoded);

    /** One decoder step: reads the previous token of each stream and returns the logits (B, V). */
    float[] step(AttentionDecoder.State state, int[] previous);
}
