/**
 * Losses over sequence outputs: cross-entropy with softmax or sigmoid, mean squared error, each
 * returning the mean loss, the count and ∂L/∂output, masked at padding. May use {@code kernel}
 * and {@code tensor}.
 */
package io.rnn4j.loss;
