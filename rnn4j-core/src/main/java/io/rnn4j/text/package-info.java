/**
 * Text classification and sequence labelling: the readers of labelled text (class files, class
 * folders, TSV, CoNLL columns, Brown's word/TAG), the tokeniser they share, the classifier and
 * tagger models with their batches, and cross-validation folds. Metrics are in
 * {@code io.rnn4j.eval}, the CRF in {@code io.rnn4j.nn.crf}; model files in {@code io.rnn4j.io}.
 * May use kernel, tensor, loss, nn and its sub-packages, optim, train, data and eval.
 */
package io.rnn4j.text;
