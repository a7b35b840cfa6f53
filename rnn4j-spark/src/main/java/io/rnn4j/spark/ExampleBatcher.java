package io.rnn4j.spark;

import io.rnn4j.train.Batch;

import java.io.Serializable;
import java.util.List;

/**
 * Makes one training batch of examples, on an executor: for a character language model, windows
 * of T+1 token ids become (T, B) inputs and the next tokens as targets. Must be a pure function of
 * its examples, so that a retried task computes what the first attempt would have.
 *
 * @param <E> one training example as the RDD holds it
 */
@FunctionalInterface
public interface ExampleBatcher<E> extends Serializable {

    Batch batch(List<E> examples);
}
