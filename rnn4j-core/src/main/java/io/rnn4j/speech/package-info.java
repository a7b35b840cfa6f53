/**
 * Speech recognition (#18, under way): connectionist temporal classification. May use nothing
 * else of rnn4j yet.
 */
package io.rnn4j.speech;
