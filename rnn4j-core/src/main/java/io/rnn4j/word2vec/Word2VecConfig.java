package io.rnn4j.word2vec;

/**
 * How word vectors are trained (the original C tool's and gensim's names in brackets). The
 * defaults of {@link #ofSkipGram()} and {@link #ofCbow()} are gensim 4's.
 *
 * @param skipGram      skip-gram (predict each context word from the centre word) or CBOW
 *                      (predict the centre word from its context) [{@code -cbow 0/1}, {@code sg}]
 * @param cbowMean      CBOW: the mean of the context vectors rather than their sum [{@code cbow_mean}]
 * @param hierarchical  hierarchical softmax over a Huffman tree of the vocabulary [{@code -hs}, {@code hs}];
 *                      may be combined with negative sampling
 * @param dim           vector size [{@code -size}, {@code vector_size}]
 * @param window        the largest distance of a context word; each centre word draws its own
 *                      window of 1..window [{@code -window}]
 * @param negative      noise words drawn per prediction from the unigram distribution to the 3/4
 *                      power; 0 turns negative sampling off (then {@code hierarchical} must be on)
 *                      [{@code -negative}]
 * @param sample        sub-sampling threshold: a word of relative frequency f is kept with
 *                      probability (√(f/sample) + 1)·sample/f; 0 keeps every word [{@code -sample}]
 * @param minCount      words seen fewer times are dropped [{@code -min-count}, {@code min_count}]
 * @param maxVocab      at most this many words are kept, the most frequent; 0 for no limit
 *                      [{@code max_final_vocab}]
 * @param epochs        passes over the corpus [{@code -iter}, {@code epochs}]
 * @param alpha         starting learning rate [{@code -alpha}, {@code alpha}]
 * @param minAlpha      the learning rate at the end: it falls linearly from alpha over all words
 *                      of all epochs [{@code min_alpha}]
 * @param seed          the random seed; with one thread the vectors depend on it alone
 *
 * <p>The corpus is split over rnn4j's threads ({@code --threads}), which update the shared
 * vectors without locks (Hogwild, as the original tool does); with one thread every run gives
 * the same vectors bit for bit.
 */
public record Word2VecConfig(boolean skipGram, boolean cbowMean, boolean hierarchical, int dim, int window, int negative,
                             double sample, int minCount, int maxVocab, int epochs, double alpha, double minAlpha, long seed) {

    public Word2VecConfig {
        if (dim < 1 || window < 1 || minCount < 1 || epochs < 1) {
            throw new IllegalArgumentException("dim, window, min count and epochs must be >= 1, got " + dim
                    + ", " + window + ", " + minCount + ", " + epochs);
        }
        if (negative < 0 || maxVocab < 0) {
            throw new IllegalArgumentException("negative and max vocab must be >= 0, got " + negative + ", " + maxVocab);
        }
        if (negative == 0 && !hierarchical) {
            throw new IllegalArgumentException("negative 0 without hierarchical softmax trains nothing: give --negative N or --hs");
        }
        if (!(sample >= 0) || !(alpha > 0) || Double.isInfinite(alpha) || !(minAlpha >= 0) || minAlpha > alpha) {
            throw new IllegalArgumentException("sample must be >= 0 and 0 <= min alpha <= alpha, got sample " + sample
                    + ", alpha " + alpha + ", min alpha " + minAlpha);
        }
    }

    /** Skip-gram, negative sampling, gensim's defaults: 100 dimensions, window 5, 5 noise words, sample 1e-3, min count 5, 5 epochs, alpha 0.025 → 1e-4, seed 1. */
    public static Word2VecConfig ofSkipGram() {
        return new Word2VecConfig(true, true, false, 100, 5, 5, 1e-3, 5, 0, 5, 0.025, 1e-4, 1);
    }

    /** CBOW (mean of the context) with the same defaults as {@link #ofSkipGram()}. */
    public static Word2VecConfig ofCbow() {
        return ofSkipGram().withSkipGram(false);
    }

    public Word2VecConfig withSkipGram(boolean sg) {
        return new Word2VecConfig(sg, cbowMean, hierarchical, dim, window, negative, sample, minCount, maxVocab, epochs, alpha, minAlpha, seed);
    }

    public Word2VecConfig withCbowMean(boolean mean) {
        return new Word2VecConfig(skipGram, mean, hierarchical, dim, window, negative, sample, minCount, maxVocab, epochs, alpha, minAlpha, seed);
    }

    /** Hierarchical softmax on or off, keeping the negative count. */
    public Word2VecConfig withHierarchical(boolean hs) {
        return new Word2VecConfig(skipGram, cbowMean, hs, dim, window, negative, sample, minCount, maxVocab, epochs, alpha, minAlpha, seed);
    }

    public Word2VecConfig withDim(int d) {
        return new Word2VecConfig(skipGram, cbowMean, hierarchical, d, window, negative, sample, minCount, maxVocab, epochs, alpha, minAlpha, seed);
    }

    public Word2VecConfig withWindow(int w) {
        return new Word2VecConfig(skipGram, cbowMean, hierarchical, dim, w, negative, sample, minCount, maxVocab, epochs, alpha, minAlpha, seed);
    }

    public Word2VecConfig withNegative(int n) {
        return new Word2VecConfig(skipGram, cbowMean, hierarchical, dim, window, n, sample, minCount, maxVocab, epochs, alpha, minAlpha, seed);
    }

    public Word2VecConfig withSample(double s) {
        return new Word2VecConfig(skipGram, cbowMean, hierarchical, dim, window, negative, s, minCount, maxVocab, epochs, alpha, minAlpha, seed);
    }

    public Word2VecConfig withMinCount(int m) {
        return new Word2VecConfig(skipGram, cbowMean, hierarchical, dim, window, negative, sample, m, maxVocab, epochs, alpha, minAlpha, seed);
    }

    public Word2VecConfig withMaxVocab(int m) {
        return new Word2VecConfig(skipGram, cbowMean, hierarchical, dim, window, negative, sample, minCount, m, epochs, alpha, minAlpha, seed);
    }

    public Word2VecConfig withEpochs(int e) {
        return new Word2VecConfig(skipGram, cbowMean, hierarchical, dim, window, negative, sample, minCount, maxVocab, e, alpha, minAlpha, seed);
    }

    public Word2VecConfig withAlpha(double a, double min) {
        return new Word2VecConfig(skipGram, cbowMean, hierarchical, dim, window, negative, sample, minCount, maxVocab, epochs, a, min, seed);
    }

    public Word2VecConfig withSeed(long s) {
        return new Word2VecConfig(skipGram, cbowMean, hierarchical, dim, window, negative, sample, minCount, maxVocab, epochs, alpha, minAlpha, s);
    }
}
