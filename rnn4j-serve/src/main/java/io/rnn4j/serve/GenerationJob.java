package io.rnn4j.serve;

import io.rnn4j.data.TextSampler;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One generate request. With batching, its model's {@link StepBatcher} runs it: the batcher
 * samples this session's next token from its last logits, steps it together with every other
 * session that is generating, and appends the token's text here; the request's thread only
 * collects the text that has piled up and sends it. So a token costs no hand-off between
 * threads: the request thread wakes once per flush interval, not once per token. Without
 * batching, the request's thread steps the job itself ({@link GenerateRoute}).
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
    /** When the request thread next wants to send: until then a new token need not wake it. */
    private long wakeAt;

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
        this.wakeAt = System.nanoTime();
    }

    /** The next token to step, sampled from the last logits. */
    int sample() {
        return TextSampler.draw(next, temperature, topK, topP, rng);
    }

    /**
     * The token after {@code previous} was stepped and gave these logits; false when the job is
     * now finished (enough tokens, out of time, or the client gone).
     */
    synchronized boolean stepped(int previous, int token, float[] logits) {
        String piece = session.served.tokenizer.piece(previous, token);
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
        // the request thread sleeps until its flush time by itself; it needs waking only when it
        // is past that time and waited for this first token
        if (pending.size() == 1 && System.nanoTime() - wakeAt >= 0) {
            notifyAll();
        }
        return true;
    }

    /** Before a step: ends the job when the client is gone or its time is up; true while it goes on. */
    boolean goesOn() {
        if (cancelled || System.nanoTime() > deadline) {
            end(cancelled ? "client_gone" : "time_limit");
            return false;
        }
        return true;
    }

    /** The job ends without another step. */
    private synchronized void end(String reason) {
        finish = reason;
        notifyAll();
    }

    /** The step failed. */
    synchronized void fail(RuntimeException e) {
        failure = e;
        finish = "error";
        notifyAll();
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
        wakeAt = since + minWaitNanos;
        while (finish == null && (pending.isEmpty() || System.nanoTime() - wakeAt < 0)) {
            long now = System.nanoTime();
            // before the flush time: sleep until it; after it with nothing yet: until a token comes
            long left = now - wakeAt < 0 ? wakeAt - now : 100_000_000L;
            wait(Math.max(1, left / 1_000_000), (int) (left % 1_000_000));
        }
        List<String> out = new ArrayList<>(pending);
        pending.clear();
        return out;
    }

    /** Whether the job has ended (its last texts may still be waiting to be sent). */
    synchronized boolean ended() {
        return finish != null;
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
