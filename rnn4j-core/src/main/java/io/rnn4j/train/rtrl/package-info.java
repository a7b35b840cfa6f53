/**
 * Real-time recurrent learning (Williams &amp; Zipser 1989): exact forward-mode gradients of a
 * recurrent network, step by step, in double precision, for the Elman, LSTM and GRU cells. May
 * use {@code kernel}, {@code tensor}, {@code loss}, {@code nn} and {@code nn.recurrent}; not
 * {@code train}, which drives it.
 */
package io.rnn4j.train.rtrl;
