/**
 * Training: the one {@link io.rnn4j.train.Trainer} loop (epochs, validation, early stopping,
 * budgets, checkpoints, exact resumption) and the {@link io.rnn4j.train.TrainingStrategy}s it runs
 * ({@link io.rnn4j.train.Bptt}, full or truncated; {@link io.rnn4j.train.OnlineLearning}, RTRL and
 * the extended Kalman filters), the one {@link io.rnn4j.train.UpdateRule} (frozen mask, clipping,
 * the non-finite skip, the schedule, the step), the {@link io.rnn4j.train.Batch} and
 * {@link io.rnn4j.train.Objective} that let a graph with several inputs and outputs train through
 * the same loop, and the training configuration, state and metrics. May use everything below it ({@code kernel}, {@code tensor}, {@code loss}, {@code nn},
 * {@code nn.recurrent}, {@code optim}) and its algorithm sub-packages {@code train.rtrl} and
 * {@code train.ekf}.
 */
package io.rnn4j.train;
