/**
 * The linear-chain conditional random field over per-step tag scores: the layer holding its
 * transition scores and decoding with Viterbi ({@link io.rnn4j.nn.crf.LinearChainCrf}), its
 * negative log-likelihood as a loss ({@link io.rnn4j.nn.crf.CrfLoss}), and the transitions BIO
 * tags allow ({@link io.rnn4j.nn.crf.TagTransitions}). May use kernel, tensor, loss and nn.
 */
package io.rnn4j.nn.crf;
