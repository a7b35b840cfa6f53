package io.rnn4j.serve;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How a {@link Server} listens and what it allows. Every limit has a default meant for one
 * machine serving a few models to trusted callers; {@link #defaults()} gives them.
 *
 * @param host            interface to bind; 127.0.0.1 unless told otherwise
 * @param port            TCP port; 0 picks a free one (tests)
 * @param token           bearer token every /v1 and /metrics request must carry, or null for none
 * @param maxSessions     open sessions over all models; creating one more is answered 429
 * @param sessionTtl      a session idle this long is closed
 * @param maxBodyBytes    largest request body; larger is answered 413
 * @param maxInputTokens  most tokens one request may feed (a prompt or a step)
 * @param maxGenerate     most tokens one generate request may ask for
 * @param requestTimeout  a generation stops after this long (finish reason {@code time_limit})
 * @param flushInterval   generated tokens are sent at least this often, those made in between
 *                        together (0: each token at once)
 * @param batching        gather the single-token steps of all sessions of a model into one
 *                        batched step (continuous batching); off, each request steps its own
 *                        session on its own thread
 * @param maxBatch        most sessions in one batched step
 * @param maxQueue        steps waiting for a batch (and translations waiting for a turn) before new ones are answered 429
 * @param snapshots       directory for session snapshots (restored at start, written on request
 *                        and at shutdown), or null for none
 */
public record ServeOptions(String host, int port, String token, int maxSessions, Duration sessionTtl,
                           long maxBodyBytes, int maxInputTokens, int maxGenerate, Duration requestTimeout,
                           Duration flushInterval, boolean batching, int maxBatch, int maxQueue, Path snapshots) {

    public ServeOptions {
        require(host != null && !host.isBlank(), "host must be given");
        require(port >= 0 && port <= 65535, "port must be 0..65535, got " + port);
        require(token == null || !token.isBlank(), "the token must not be blank");
        require(maxSessions >= 1, "max sessions must be >= 1, got " + maxSessions);
        require(sessionTtl != null && !sessionTtl.isNegative() && !sessionTtl.isZero(), "session TTL must be > 0");
        require(maxBodyBytes >= 64, "max body must be >= 64 bytes, got " + maxBodyBytes);
        require(maxInputTokens >= 1, "max input tokens must be >= 1, got " + maxInputTokens);
        require(maxGenerate >= 1, "max generated tokens must be >= 1, got " + maxGenerate);
        require(requestTimeout != null && !requestTimeout.isNegative() && !requestTimeout.isZero(), "request timeout must be > 0");
        require(flushInterval != null && !flushInterval.isNegative(), "flush interval must be >= 0");
        require(maxBatch >= 1, "max batch must be >= 1, got " + maxBatch);
        require(maxQueue >= maxBatch, "max queue must be >= max batch (" + maxBatch + "), got " + maxQueue);
    }

    /** Loopback, port 8080, no token, 1,024 sessions idle for at most 15 minutes, tokens sent every 10 ms, batching on. */
    public static ServeOptions defaults() {
        return new ServeOptions("127.0.0.1", 8080, null, 1024, Duration.ofMinutes(15), 1 << 20, 4096, 2048,
                Duration.ofSeconds(60), Duration.ofMillis(10), true, 64, 1024, null);
    }

    public ServeOptions withHost(String h) {
        return new ServeOptions(h, port, token, maxSessions, sessionTtl, maxBodyBytes, maxInputTokens, maxGenerate,
                requestTimeout, flushInterval, batching, maxBatch, maxQueue, snapshots);
    }

    public ServeOptions withPort(int p) {
        return new ServeOptions(host, p, token, maxSessions, sessionTtl, maxBodyBytes, maxInputTokens, maxGenerate,
                requestTimeout, flushInterval, batching, maxBatch, maxQueue, snapshots);
    }

    public ServeOptions withToken(String t) {
        return new ServeOptions(host, port, t, maxSessions, sessionTtl, maxBodyBytes, maxInputTokens, maxGenerate,
                requestTimeout, flushInterval, batching, maxBatch, maxQueue, snapshots);
    }

    public ServeOptions withSessions(int max, Duration ttl) {
        return new ServeOptions(host, port, token, max, ttl, maxBodyBytes, maxInputTokens, maxGenerate,
                requestTimeout, flushInterval, batching, maxBatch, maxQueue, snapshots);
    }

    public ServeOptions withLimits(long body, int inputTokens, int generate, Duration timeout) {
        return new ServeOptions(host, port, token, maxSessions, sessionTtl, body, inputTokens, generate,
                timeout, flushInterval, batching, maxBatch, maxQueue, snapshots);
    }

    public ServeOptions withFlushInterval(Duration every) {
        return new ServeOptions(host, port, token, maxSessions, sessionTtl, maxBodyBytes, maxInputTokens, maxGenerate,
                requestTimeout, every, batching, maxBatch, maxQueue, snapshots);
    }

    public ServeOptions withBatching(boolean on, int batch, int queue) {
        return new ServeOptions(host, port, token, maxSessions, sessionTtl, maxBodyBytes, maxInputTokens, maxGenerate,
                requestTimeout, flushInterval, on, batch, queue, snapshots);
    }

    public ServeOptions withSnapshots(Path dir) {
        return new ServeOptions(host, port, token, maxSessions, sessionTtl, maxBodyBytes, maxInputTokens, maxGenerate,
                requestTimeout, flushInterval, batching, maxBatch, maxQueue, dir);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
