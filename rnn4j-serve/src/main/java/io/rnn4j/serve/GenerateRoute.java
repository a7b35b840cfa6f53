package io.rnn4j.serve;

import com.google.gson.JsonObject;
import io.javalin.http.Context;
import io.rnn4j.data.TextSampler;

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
            SplittableRandom rng = new SplittableRandom(seed);
            String finish;
            String text;
            int made;
            Sink sink;
            if (s.served.stepper instanceof StepBatcher batcher) {
                // the batcher samples and steps; this thread sends what piles up, once per flush interval
                sink = stream ? new EventSink(ctx, Long.MAX_VALUE) : new JsonSink();
                GenerationJob job = new GenerationJob(s, next, maxTokens, temperature, topK, topP, rng, deadline);
                batcher.start(job);
                long sent = System.nanoTime() - flushNanos;
                while (true) {
                    List<String> pieces = job.collect(sent, flushNanos);
                    sent = System.nanoTime();
                    for (String piece : pieces) {
                        if (!sink.token(piece)) {
                            job.cancel();
                        }
                    }
                    sink.flush();
                    if (job.finished()) {
                        break;
                    }
                }
                if (job.failure() != null) {
                    if (!stream) {
                        throw job.failure();
                    }
                    ((EventSink) sink).error(job.failure() instanceof ApiError e ? e
                            : new ApiError(500, "internal", "internal error; the server log has the details"));
                    return;
                }
                finish = job.finishReason();
                text = job.text();
                made = job.made();
            } else {
                sink = stream ? new EventSink(ctx, flushNanos) : new JsonSink();
                StringBuilder sb = new StringBuilder();
                finish = "length";
                int count = 0;
                while (count < maxTokens) {
                    if (System.nanoTime() > deadline) {
                        finish = "time_limit";
                        break;
                    }
                    long t0 = System.nanoTime();
                    int previous = s.lastToken();
                    int tok = TextSampler.draw(next, temperature, topK, topP, rng);
                    String piece = s.served.tokenizer.piece(previous, tok);
                    next = s.served.stepper.step(s, tok);
                    count++;
                    sb.append(piece);
                    metrics.token(s.served.name, System.nanoTime() - t0);
                    if (!sink.token(piece)) {
                        finish = "client_gone";
                        break;
                    }
                }
                text = sb.toString();
                made = count;
            }
            JsonObject done = sessions.view(s);
            done.addProperty("text", text);
            done.addProperty("tokens", made);
            done.addProperty("finish_reason", finish);
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

    /** Where generated tokens go as they come. */
    private interface Sink {
        /** False when the client is gone. */
        boolean token(String piece);

        void done(Context ctx, JsonObject summary);

        /** Sends what was written so far. */
        default void flush() {
        }
    }

    /**
     * Server-sent events: {@code event: token} with {@code {"text": piece}}, then {@code event: done}.
     * Events are written to the response as they come and flushed to the client at most every
     * {@code flushNanos} (and at the end): with many sessions generating at once, one flush per
     * token would cost more than the model's step, so tokens made within the interval travel
     * together. An interval of 0 flushes every token.
     */
    private static final class EventSink implements Sink {
        private final jakarta.servlet.http.HttpServletResponse res;
        private final OutputStream out;
        private final long flushNanos;
        /** When the events were last flushed; the first token goes out at once. */
        private long flushed = System.nanoTime() - Long.MAX_VALUE / 2;
        private boolean open = true;

        EventSink(Context ctx, long flushNanos) {
            this.flushNanos = flushNanos;
            ctx.status(200).contentType("text/event-stream; charset=utf-8").header("Cache-Control", "no-cache");
            res = ctx.res();
            OutputStream o;
            try {
                // the servlet's own stream: Javalin's ctx.outputStream() holds everything until the handler returns
                o = res.getOutputStream();
            } catch (IOException | RuntimeException e) {
                o = OutputStream.nullOutputStream();
                open = false;
            }
            out = o;
        }

        @Override
        public boolean token(String piece) {
            JsonObject t = new JsonObject();
            t.addProperty("text", piece);
            return send("token", t, false);
        }

        @Override
        public void done(Context ctx, JsonObject summary) {
            send("done", summary, true);
        }

        @Override
        public void flush() {
            if (!open) {
                return;
            }
            try {
                out.flush();
                res.flushBuffer();
                flushed = System.nanoTime();
            } catch (IOException | RuntimeException e) {
                open = false;
            }
        }

        void error(ApiError e) {
            JsonObject err = new JsonObject();
            err.addProperty("status", e.status);
            err.addProperty("code", e.code);
            err.addProperty("message", e.getMessage());
            send("error", err, true);
        }

        private boolean send(String event, JsonObject data, boolean last) {
            if (!open) {
                return false;
            }
            try {
                out.write(("event: " + event + "\ndata: " + Responses.GSON.toJson(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
                long now = System.nanoTime();
                if (last || now - flushed >= flushNanos) {
                    out.flush();
                    res.flushBuffer();
                    flushed = now;
                }
                return true;
            } catch (IOException | RuntimeException e) {
                open = false; // the client disconnected; stop generating for it
                return false;
            }
        }
    }

    /** One JSON object at the end. */
    private static final class JsonSink implements Sink {
        @Override
        public boolean token(String piece) {
            return true;
        }

        @Override
        public void done(Context ctx, JsonObject summary) {
            Responses.json(ctx, 200, summary);
        }
    }
}
