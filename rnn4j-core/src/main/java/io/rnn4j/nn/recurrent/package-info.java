/**
 * Recurrent layers: the Elman RNN, LSTM (optional peepholes), GRU and Clockwork RNN cells with
 * PyTorch's parameter names and gate orders, all run by the time loop of
 * {@link io.rnn4j.nn.recurrent.RecurrentCell} (each cell gives its row equations), stacks that
 * are deep, bidirectional and carry state ({@link io.rnn4j.nn.recurrent.RecurrentStack}), the
 * stack as a layer, and the Jordan network.
 * May use {@code kernel}, {@code tensor}, {@code loss} and {@code nn}.
 */
package io.rnn4j.nn.recurrent;
