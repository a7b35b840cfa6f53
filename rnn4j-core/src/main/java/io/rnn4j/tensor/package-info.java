/**
 * Shaped data crossing an API or file boundary: {@link io.rnn4j.tensor.Seq}, a time-major batch
 * of sequences (T, B, F) or token ids (T, B) with valid lengths, and {@link io.rnn4j.tensor.Tensor},
 * a shaped row-major array as stored in model files. May use {@code kernel}.
 */
package io.rnn4j.tensor;
