package io.rnn4j.word2vec;

/** Hears how a word2vec run goes: progress about once a second, and the end of each epoch. */
public interface Word2VecListener {

    /** Hears nothing. */
    Word2VecListener SILENT = new Word2VecListener() {
    };

    /**
     * Where a run stands.
     *
     * @param epoch          the epoch under way, from 1
     * @param epochs         epochs in the run
     * @param wordsDone      corpus words read so far, over all epochs (before sub-sampling)
     * @param wordsTotal     words of all epochs together
     * @param wordsPerSecond words read per second since this run started
     * @param alpha          the learning rate now
     * @param etaSeconds     seconds left at this rate
     */
    record Progress(int epoch, int epochs, long wordsDone, long wordsTotal, double wordsPerSecond, float alpha, double etaSeconds) {
    }

    /** Called from a training thread; keep it short. */
    default void progress(Progress p) {
    }

    /** Called after epoch {@code epochsDone} (from 1) with every thread finished, before the next starts. */
    default void epochEnd(int epochsDone, Word2Vec model) {
    }
}
