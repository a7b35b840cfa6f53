/**
 * word2vec (Mikolov et al. 2013): skip-gram and CBOW word vectors trained by negative sampling
 * and hierarchical softmax as the original C tool and gensim train them, on a corpus streamed
 * from disk, with the model's whole state saved for resuming; and the usual scores of word
 * vectors (analogies by 3CosAdd and 3CosMul, Spearman's ρ on word pairs, nearest neighbours,
 * a 2-D PCA). May use kernel and text.
 */
package io.rnn4j.word2vec;
