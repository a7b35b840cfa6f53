/**
 * Layers and the model graph: the {@link io.rnn4j.nn.Layer} and
 * {@link io.rnn4j.nn.MultiInputLayer} contracts (forward over whole sequences, hand-written
 * backward that accumulates, a streaming step), dense, embedding, one-hot, activation, dropout
 * and merge layers, the flat {@link io.rnn4j.nn.ParameterSet}, the one recurrent-state type
 * {@link io.rnn4j.nn.RecurrentState}, the graph
 * {@link io.rnn4j.nn.SequenceModel} and its step-wise executor
 * {@link io.rnn4j.nn.StreamingModel}. May use {@code kernel}, {@code tensor} and {@code loss};
 * never a sub-package (the recurrent cells build on this one, not the other way round).
 */
package io.rnn4j.nn;
