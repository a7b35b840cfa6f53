/**
 * rnn4j on Apache Spark: batch inference over DataFrames ({@link io.rnn4j.spark.Scorer}) and
 * data-parallel training. Spark is a {@code provided} dependency: the cluster brings it, and the
 * core never sees it.
 */
package io.rnn4j.spark;
