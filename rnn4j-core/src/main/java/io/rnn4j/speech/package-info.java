/**
 * Speech recognition (#18, under way): WAV reading and connectionist temporal classification. May use nothing
 * else of rnn4j yet.
 */
package io.rnn4j.speech;
