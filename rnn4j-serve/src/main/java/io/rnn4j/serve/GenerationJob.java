package io.rnn4j.serve;

import io.rnn4j.data.TextSampler;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One generate request, run by its model's {@link StepBatcher}: the batcher samples this
 * session's next token from its last logits, steps it together with every other session that is
 * generating, and appends the token's text here; the request's thread only collects the text
 * that has piled up and sends it. So a token costs no hand-off between threads: the request
 * thread wakes once per flush interval, not once per token.
 */
final class GenerationJob {

    final Session session;
    private final double temperature;
    private final int topK;
    private final double topP;
    private final SplittableRandom rng;
    private final int maxTokens;
    private final long deadline;
    private float[] next;
    private int made;
    /** Token texts made and not yet collected. */
    private final List<String> pending = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private String finish;
    private RuntimeException failure;
    private volatile boolean cancelled;

    GenerationJob(Session session, float[] next, int maxTokens, double temperature, int topK, double topP,
                  SplittableRandom rng, long deadline) {
        this.session = session;
        this.next = next;
        this.maxTokens = maxTokens;
        this.temperature = temperature;
        this.topK = topK;
        this.topP = topP;
        this.rng = rng;
        this.deadline = deadline;
    }

    /** Batcher: the next token to step, sampled from the last logits. */
    int sample() {
        return TextSampler.draw(next, temperature, topK, topP, rng);
    }

    /**
     * Batcher: the token was stepped and gave these logits; false when the job is now finished
     * (enough tokens, out of time, or the client gone).
     */
    synchronized boolean stepped(String piece, float[] logits) {
        next = logits;
        made++;
        pending.add(piece);
        text.append(piece);
        if (made >= maxTokens) {
            finish = "length";
        } else if (cancelled) {
            finish = "client_gone";
        } else if (System.nanoTime() > deadline) {
            finish = "time_limit";
        }
        if (finish != null) {
            notifyAll();
            return false;
        }
        if (pending.size() == 1) {
            notifyAll();
        }
        return true;
    }

    /** Batcher: the job ends without stepping (cancelled or out of time before its first token). */
    synchronized void end(String reason) {
        finish = reason;
        notifyAll();
    }

    /** Batcher: the step failed. */
    synchronized void fail(RuntimeException e) {
        failure = e;
        finish = "error";
        notifyAll();
    }

    boolean cancelled() {
        return cancelled;
    }

    boolean overdue() {
        return System.nanoTime() > deadline;
    }

    /** Request thread: the client is gone; the batcher stops at the next token. */
    void cancel() {
        cancelled = true;
    }

    /**
     * Request thread: waits until there is text to send and {@code minWaitNanos} have passed since
     * {@code since} (or the job is done), then takes the texts made so far.
     */
    synchronized List<String> collect(long since, long minWaitNanos) throws InterruptedException {
        while (finish == null && (pending.isEmpty() || System.nanoTime() - since < minWaitNanos)) {
            long left = pending.isEmpty() ? 100_000_000L : minWaitNanos - (System.nanoTime() - since);
            if (left > 0) {
                wait(Math.max(1, left / 1_000_000), (int) (left % 1_000_000));
            }
        }
        List<String> out = new ArrayList<>(pending);
        pending.clear();
        return out;
    }

    synchronized boolean finished() {
        return finish != null && pending.isEmpty();
    }

    synchronized String finishReason() {
        return finish;
    }

    synchronized RuntimeException failure() {
        return failure;
    }

    synchronized int made() {
        return made;
    }

    synchronized String text() {
        return text.toString();
    }
}
