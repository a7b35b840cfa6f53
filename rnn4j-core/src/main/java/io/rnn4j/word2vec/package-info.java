/**
 * word2vec (Mikolov et al. 2013): skip-gram and CBOW word vectors trained by negative sampling,
 * as the original C tool and gensim train them. May use kernel and text.
 */
package io.rnn4j.word2vec;
