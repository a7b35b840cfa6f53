package io.rnn4j.speech;

/**
 * A character language model as the beam search asks it: the log-probabilities of the next
 * character after a context. States are immutable values the model gives out; the search keeps
 * one per prefix.
 */
public interface CharacterLm {

    /** An immutable point in a text: the state after some characters. */
    interface State {
        /** log P(c | the text so far) for the character {@code codePoint}; a floor for one the model does not know. */
        double logProbability(int codePoint);

        /** log P(end of the line | the text so far), or 0 when the model has no line ends. */
        double logProbabilityOfEnd();
    }

    /** The state at the start of a line. */
    State start();

    /** The state after {@code codePoint} follows {@code state}. */
    State next(State state, int codePoint);
}
