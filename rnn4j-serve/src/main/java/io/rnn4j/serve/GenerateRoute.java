package io.rnn4j.serve;

import com.google.gson.JsonObject;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code POST /v1/sessions/{id}/generate}: continues the session's text, optionally after a
 * prompt, one sampled token at a time; each token's step goes through the model's stepper, so
 * the tokens of all sessions generating at once are stepped together. With {@code "stream": true}
 * (the default) the answer is server-sent events, one {@code token} event per token and a final
 * {@code done} event (or an {@code error} event if the step fails once the events have begun);
 * otherwise one JSON object at the end. The state moves on with every token,
 * so the next request continues where this one stopped.
 */
final class GenerateRoute {

    private final SessionRoutes sessions;
    private final ServeOptions options;
    private final ServeMetrics metrics;

    GenerateRoute(SessionRoutes sessions, ServeOptions options, ServeMetrics metrics) {
        this.sessions = sessions;
        this.options = options;
        this.metrics = metrics;
    }

    void handle(Context ctx) throws InterruptedException {
        JsonObject body = Requests.object(ctx, options.maxBodyBytes());
        Requests.onlyKnown(body, "prompt", "max_tokens", "temperature", "top_k", "top_p", "seed", "stream");
        String prompt = Requests.string(body, "prompt", "");
        int maxTokens = (int) Requests.integer(body, "max_tokens", 100, 1, options.maxGenerate());
        double temperature = Requests.number(body, "temperature", 1.0, 1e-3, 100);
        int topK = (int) Requests.integer(body, "top_k", 0, 0, Integer.MAX_VALUE);
        double topP = Requests.number(body, "top_p", 1.0, 1e-6, 1);
        long seed = Requests.integer(body, "seed", System.nanoTime() & Long.MAX_VALUE, 0, Long.MAX_VALUE);
        boolean stream = Requests.bool(body, "stream", true);

        Session s = sessions.acquire(ctx.pathParam("id"));
        boolean released = false;
        try {
            long deadline = System.nanoTime() + options.requestTimeout().toNanos();
            int[] prime = prompt.isEmpty() ? new int[0] : sessions.encode(s.served, prompt);
            float[] next = prime.length > 0 ? SessionRoutes.feed(s, prime) : s.next();
            if (next == null) {
                throw ApiError.badRequest("the session has seen no input yet: give a 'prompt' to start from");
            }
            long flushNanos = options.flushInterval().toNanos();
            GenerationJob job = new GenerationJob(s, next, maxTokens, temperature, topK, topP, new SplittableRandom(seed), deadline);
            StepBatcher batcher = s.served.stepper instanceof StepBatcher b ? b : null;
            if (batcher != null) {
                batcher.start(job); // the batcher samples and steps; this thread sends what piles up
            }
            Sink sink = stream ? new EventSink(ctx) : new JsonSink();
            long flushed = System.nanoTime() - flushNanos; // the first token goes out at once
            while (!job.finished()) {
                if (batcher == null && job.goesOn()) {
                    stepHere(job);
                }
                // batched: wait for a flush interval's worth of tokens; here: take the one just made
                if (!sink.tokens(job.collect(flushed, batcher != null ? flushNanos : 0))) {
                    job.cancel();
                }
                long now = System.nanoTime();
                if (now - flushed >= flushNanos) {
                    sink.flush();
                    flushed = now;
                }
            }
            if (job.failure() != null) {
                if (!stream) {
                    throw job.failure();
                }
                // the events have begun (status 200 is sent): the error goes as an event of its own
                ((EventSink) sink).error(job.failure() instanceof ApiError e ? e
                        : new ApiError(500, "internal", "internal error; the server log has the details"));
                return;
            }
            JsonObject done = sessions.view(s);
            done.addProperty("text", job.text());
            done.addProperty("tokens", job.made());
            done.addProperty("finish_reason", job.finishReason());
            // free the session before the last event goes out: a client that starts its next
            // request on reading it must find the session free
            released = true;
            s.release();
            sink.done(ctx, done);
        } finally {
            if (!released) {
                s.release();
            }
        }
    }

    /** Generation without batching: one token of the job, sampled and stepped on this thread. */
    private void stepHere(GenerationJob job) throws InterruptedException {
        long t0 = System.nanoTime();
        Session s = job.session;
        int previous = s.lastToken();
        int token = job.sample();
        float[] next;
        try {
            next = s.served.stepper.step(s, token);
        } catch (RuntimeException e) {
            job.fail(e);
            return;
        }
        job.stepped(previous, token, next);
        metrics.token(s.served.name, System.nanoTime() - t0);
    }

    /** Where generated tokens go as they come. */
    interface Sink {
        /** False when the client is gone. */
        boolean tokens(List<String> pieces);

        void done(Context ctx, JsonObject summary);

        /** Sends what was written so far. */
        default void flush() {
        }
    }

    /** One JSON object at the end. */
    private static final class JsonSink implements Sink {
        @Override
        public boolean tokens(List<String> pieces) {
            return true;
        }

        @Override
        public void done(Context ctx, JsonObject summary) {
            Responses.json(ctx, 200, summary);
        }
    }
}
