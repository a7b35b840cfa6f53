package io.rnn4j.train;

import io.rnn4j.loss.Targets;
import io.rnn4j.tensor.Seq;

/** One training example batch: the input sequences and their targets. */
public record Batch(Seq input, Targets targets) {
}
