/**
 * Encoder–decoders: {@link io.rnn4j.seq2seq.Seq2Seq} (an embedding and recurrent encoder, an
 * attention decoder and a softmax head, as one trainable graph), its decoding
 * ({@link io.rnn4j.seq2seq.Decoding}: greedy, sampling, beam search), scheduled sampling, and
 * translation on top ({@link io.rnn4j.seq2seq.Translator}, {@link io.rnn4j.seq2seq.TranslationData}).
 */
package io.rnn4j.seq2seq;
