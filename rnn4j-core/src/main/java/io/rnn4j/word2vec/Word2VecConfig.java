package io.rnn4j.word2vec;

/**
 * How word vectors are trained (the original tool's and gensim's names in brackets):
 *
 * @param skipGram  skip-gram (predict each context word from the centre word) or CBOW (predict
 *                  the centre word from its context) [{@code -cbow 0/1}, {@code sg}]
 * @param cbowMean  CBOW: the mean of the context vectors rather than their sum [{@code cbow_mean}]
 * @param dim       vector size [{@code -size}, {@code vector_size}]
 * @param window    the largest distance of a context word; each centre word draws its own window
 *                  of 1..window [{@code -window}]
 * @param negative  noise words drawn per prediction from the unigram distribution to the 3/4
 *                  power [{@code -negative}]
 * @param sample    sub-sampling threshold: a word of relative frequency f is kept with probability
 *                  (√(f/sample) + 1)·sample/f; 0 keeps every word [{@code -sample}]
 * @param minCount  words seen fewer times are dropped [{@code -min-count}]
 * @param epochs    passes over the corpus [{@code -iter}, {@code epochs}]
 * @param alpha     starting learning rate, decayed linearly towards alpha·1e-4 over the run
 * @param seed      the random seed; for a given thread count the vectors depend on it alone
 *
 * <p>The corpus is split over rnn4j's threads ({@code --threads}), which update the shared
 * vectors without locks (Hogwild, as the original tool does); one thread gives the same vectors
 * on every run, as does any fixed thread count up to the races Hogwild allows.
 */
public record Word2VecConfig(boolean skipGram, boolean cbowMean, int dim, int window, int negative, double sample, int minCount,
                             int epochs, double alpha, long seed) {

    public Word2VecConfig {
        if (dim < 1 || window < 1 || negative < 1 || minCount < 1 || epochs < 1) {
            throw new IllegalArgumentException("dim, window, negative, min count and epochs must be >= 1, got " + dim
                    + ", " + window + ", " + negative + ", " + minCount + ", " + epochs);
        }
        if (!(sample >= 0) || !(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("sample must be >= 0 and alpha a positive number, got " + sample + ", " + alpha);
        }
    }

    /** Skip-gram with the original tool's defaults: 100 dimensions, window 5, 5 noise words, sample 1e-3, min count 5, 5 epochs, alpha 0.025. */
    public static Word2VecConfig ofSkipGram() {
        return new Word2VecConfig(true, true, 100, 5, 5, 1e-3, 5, 5, 0.025, 1);
    }

    /** CBOW (mean of the context) with the original tool's defaults; alpha 0.05. */
    public static Word2VecConfig ofCbow() {
        return new Word2VecConfig(false, true, 100, 5, 5, 1e-3, 5, 5, 0.05, 1);
    }

    public Word2VecConfig withDim(int d) {
        return new Word2VecConfig(skipGram, cbowMean, d, window, negative, sample, minCount, epochs, alpha, seed);
    }

    public Word2VecConfig withMinCount(int m) {
        return new Word2VecConfig(skipGram, cbowMean, dim, window, negative, sample, m, epochs, alpha, seed);
    }

    public Word2VecConfig withEpochs(int e) {
        return new Word2VecConfig(skipGram, cbowMean, dim, window, negative, sample, minCount, e, alpha, seed);
    }

    public Word2VecConfig withSample(double s) {
        return new Word2VecConfig(skipGram, cbowMean, dim, window, negative, s, minCount, epochs, alpha, seed);
    }

    public Word2VecConfig withSeed(long s) {
        return new Word2VecConfig(skipGram, cbowMean, dim, window, negative, sample, minCount, epochs, alpha, s);
    }
}
