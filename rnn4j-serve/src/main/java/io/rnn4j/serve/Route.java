package io.rnn4j.serve;

import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Wraps every endpoint with what all of them share: the bearer-token check, refusing new work
 * while the server drains, counting requests in flight (shutdown waits for them), answering every
 * failure as a JSON error (a request the server refuses with its 4xx; anything unexpected as a
 * 500 whose body says only that, while the log gets the details), and the request metrics.
 */
final class Route {

    interface Body {
        void handle(Context ctx) throws Exception;
    }

    private final ServeMetrics metrics;
    private final byte[] token;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Consumer<String> log;
    private volatile boolean draining;

    Route(ServeMetrics metrics, String token, Consumer<String> log) {
        this.metrics = metrics;
        this.token = token == null ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.log = log;
    }

    /** An endpoint named {@code name} in the metrics; {@code open} ones need no token and run while draining. */
    Handler of(String name, boolean open, Body body) {
        return ctx -> {
            long t0 = System.nanoTime();
            inFlight.incrementAndGet();
            try {
                if (!open) {
                    authorize(ctx);
                    if (draining) {
                        throw new ApiError(503, "shutting_down", "the server is shutting down", 1);
                    }
                }
                body.handle(ctx);
            } catch (ApiError e) {
                Responses.error(ctx, e);
            } catch (Exception | Error e) {
                log.accept("internal error in " + ctx.method() + " " + ctx.path() + ": " + e);
                Responses.error(ctx, new ApiError(500, "internal", "internal error; the server log has the details"));
            } finally {
                inFlight.decrementAndGet();
                metrics.request(name, ctx.statusCode(), System.nanoTime() - t0);
            }
        };
    }

    private void authorize(Context ctx) {
        if (token == null) {
            return;
        }
        String given = ctx.header("Authorization");
        // constant-time comparison, so the time taken does not tell how much of a guess was right
        if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            throw new ApiError(401, "unauthorized", given == null ? "this server needs 'Authorization: Bearer <token>'"
                    : "the bearer token is wrong");
        }
    }

    void drain() {
        draining = true;
    }

    boolean draining() {
        return draining;
    }

    int inFlight() {
        return inFlight.get();
    }
}
