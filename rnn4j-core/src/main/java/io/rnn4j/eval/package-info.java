/**
 * Scores for generated text against references, computed as sacreBLEU 2.x defines them so that
 * rnn4j's numbers compare with published ones: corpus {@link io.rnn4j.eval.Bleu} with the
 * {@link io.rnn4j.eval.MtTokenizer} tokenisers ("13a" for English, "zh" for Chinese) and
 * {@link io.rnn4j.eval.ChrF}.
 */
package io.rnn4j.eval;
