/**
 * Optimizers over one flat parameter buffer (SGD with momentum and Nesterov, Adam, AdamW,
 * RMSprop, Adagrad), gradient clipping and learning-rate schedules. May use {@code kernel},
 * {@code tensor} and {@code nn} (for {@link io.rnn4j.nn.ParameterSet}).
 */
package io.rnn4j.optim;
