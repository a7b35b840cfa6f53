package io.rnn4j.serve;

import io.rnn4j.nn.RecurrentState;
import io.rnn4j.nn.StreamingModel;
import io.rnn4j.tensor.Seq;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's stream through a served model: the recurrent state of every stateful layer
 * (batch 1), the logits the model gave after the last token, and bookkeeping. One request uses a
 * session at a time ({@link #tryAcquire}); a second one meanwhile is answered 409.
 */
final class Session {

    final String id;
    final ServedModel served;
    final long createdMillis;
    private final StreamingModel stream;
    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile long lastUsedNanos;
    /** Logits (V) for the next token, or null before the first input. */
    private float[] next;
    private int lastToken = -1;
    private long steps;
    private volatile boolean closed;

    Session(String id, ServedModel served) {
        this(id, served, null);
    }

    /** A session resumed from saved states (a snapshot), or fresh where {@code states} is null. */
    Session(String id, ServedModel served, Map<String, RecurrentState> states) {
        this.id = id;
        this.served = served;
        this.stream = new StreamingModel(served.model, 1, states);
        this.createdMillis = System.currentTimeMillis();
        touch();
    }

    /** Takes the session for one request; false when another request holds it or it is closed. */
    boolean tryAcquire() {
        if (!busy.compareAndSet(false, true)) {
            return false;
        }
        if (closed) {
            busy.set(false);
            return false;
        }
        return true;
    }

    void release() {
        touch();
        busy.set(false);
    }

    boolean busy() {
        return busy.get();
    }

    void touch() {
        lastUsedNanos = System.nanoTime();
    }

    long idleNanos(long now) {
        return now - lastUsedNanos;
    }

    /** Marks the session closed: no request acquires it afterwards. */
    void close() {
        closed = true;
    }

    boolean closed() {
        return closed;
    }

    /** Feeds tokens on the calling thread (batch 1) and returns the logits after the last. */
    float[] feed(int[] tokens) {
        int v = served.tokenizer.size();
        float[] logits = stream.step(Seq.ofTokens(tokens, tokens.length, 1, null));
        advanced(tokens[tokens.length - 1], tokens.length, Arrays.copyOfRange(logits, (tokens.length - 1) * v, tokens.length * v));
        return next;
    }

    /** Records that the state moved on by {@code count} tokens, the last one {@code token}, with these next-token logits. */
    void advanced(int token, int count, float[] logits) {
        lastToken = token;
        steps += count;
        next = logits;
    }

    /** The live states by layer (batch 1): the batcher copies them in and out of its batch. */
    Map<String, RecurrentState> states() {
        return stream.states();
    }

    float[] next() {
        return next;
    }

    int lastToken() {
        return lastToken;
    }

    long steps() {
        return steps;
    }

    /** Back to the start: zero state, no input seen. */
    void reset() {
        stream.reset(0);
        next = null;
        lastToken = -1;
        steps = 0;
    }

    /** Restores what a snapshot recorded besides the states. */
    void restore(long steps, int lastToken, float[] next) {
        this.steps = steps;
        this.lastToken = lastToken;
        this.next = next;
    }
}
