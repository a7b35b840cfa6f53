/**
 * Attention and the encoder–decoder's decoder: {@link io.rnn4j.nn.attention.Attention} (additive,
 * dot, general and concat scores, masked over a padded memory, weights returned) and
 * {@link io.rnn4j.nn.attention.AttentionDecoder} (a recurrent stack that attends over an
 * encoder's outputs, Bahdanau or Luong style, trained by teacher forcing and stepped for
 * decoding).
 */
package io.rnn4j.nn.attention;
