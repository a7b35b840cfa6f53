/**
 * Text data for language models: character and word vocabularies and tokenizers, batching of a
 * token stream, train/validation splits, sampling and beam search. May use {@code kernel},
 * {@code tensor}, {@code loss}, {@code nn} and {@code train} (for its batch types).
 */
package io.rnn4j.data;
