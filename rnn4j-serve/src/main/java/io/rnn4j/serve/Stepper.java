package io.rnn4j.serve;

/**
 * Advances one session by one token and returns the model's logits (V) for the next token.
 * The caller holds the session ({@link Session#tryAcquire}), so no other request steps it meanwhile.
 */
interface Stepper extends AutoCloseable {

    float[] step(Session session, int token) throws InterruptedException;

    @Override
    void close();
}
