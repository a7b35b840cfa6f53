package io.rnn4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.serve.ServeOptions;
import io.rnn4j.serve.Server;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * {@code rnn4j serve}: serves language model files over HTTP, a session per client stream,
 * single-token steps of all sessions batched together; and translation models, image
 * classifiers and image captioners, a request per sentence or image. Stops gracefully on Ctrl-C or SIGTERM:
 * drains requests in flight and snapshots the sessions when {@code --snapshots} is given.
 *
 * <p>With {@code --json} it prints two JSON lines on stdout, for a supervising script: one when it
 * listens (the URL and port, the one picked with {@code --port 0}; each model's kind; sessions
 * restored) and one when it has stopped (sessions saved); its log stays on stderr.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve models over HTTP: language models as sessions that keep their state (streamed generation,"
                + " continuous batching); translation models, image classifiers and captioners a request per sentence or image.")
final class ServeCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "A model file to serve (language, translation, image or caption model),"
            + " under its file name without the extension; repeat for several.")
    List<Path> models;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to listen on (default: ${DEFAULT-VALUE}, "
            + "this machine only; 0.0.0.0 for all).")
    String host;

    @Option(names = "--port", defaultValue = "8080", converter = Ranges.NonNegative.class, description = "TCP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Require 'Authorization: Bearer <token>' with the token in "
            + "this file (first line) on every /v1 and /metrics request.")
    Path tokenFile;

    @Option(names = "--max-sessions", defaultValue = "1024", converter = Ranges.Positive.class,
            description = "Open sessions allowed (default: ${DEFAULT-VALUE}).")
    int maxSessions;

    @Option(names = "--session-ttl", defaultValue = "15m", description = "Close sessions idle this long (default: ${DEFAULT-VALUE}).")
    String sessionTtl;

    @Option(names = "--snapshots", paramLabel = "DIR", description = "Directory for session snapshots: restored at start, "
            + "written on request and at shutdown.")
    Path snapshots;

    @Option(names = "--max-batch", defaultValue = "64", converter = Ranges.Positive.class,
            description = "Most sessions in one batched step (default: ${DEFAULT-VALUE}).")
    int maxBatch;

    @Option(names = "--no-batching", description = "Step each request's session alone on its own thread (the baseline "
            + "continuous batching is measured against).")
    boolean noBatching;

    @Option(names = "--max-body", defaultValue = "1048576", converter = Ranges.Positive.class,
            description = "Largest request body in bytes (default: ${DEFAULT-VALUE}).")
    int maxBody;

    @Option(names = "--max-input", defaultValue = "4096", converter = Ranges.Positive.class,
            description = "Most tokens one request may feed (default: ${DEFAULT-VALUE}).")
    int maxInput;

    @Option(names = "--max-generate", defaultValue = "2048", converter = Ranges.Positive.class,
            description = "Most tokens one generate request may ask for (default: ${DEFAULT-VALUE}).")
    int maxGenerate;

    @Option(names = "--request-timeout", defaultValue = "60s", description = "A generation stops after this long "
            + "(default: ${DEFAULT-VALUE}).")
    String requestTimeout;

    @Option(names = "--flush-ms", defaultValue = "10", converter = Ranges.NonNegative.class, description = "Send generated "
            + "tokens at least every this many milliseconds, those made in between together; 0 sends each at once "
            + "(default: ${DEFAULT-VALUE}).")
    int flushMs;

    @Option(names = "--json", description = "Print one JSON line on stdout when listening ({\"event\": \"listening\","
            + " \"url\", \"port\", \"models\", ...}) and one when stopped ({\"event\": \"stopped\", \"sessions_saved\"}).")
    boolean json;

    @Override
    public void run() {
        threads.apply();
        ServeOptions options = ServeOptions.defaults()
                .withHost(host).withPort(port).withToken(token())
                .withSessions(maxSessions, seconds(sessionTtl))
                .withLimits(maxBody, maxInput, maxGenerate, seconds(requestTimeout))
                .withFlushInterval(Duration.ofMillis(flushMs))
                .withBatching(!noBatching, maxBatch, Math.max(ServeOptions.defaults().maxQueue(), maxBatch))
                .withSnapshots(snapshots);
        try {
            Server server = Server.start(models, options, line -> System.err.println("rnn4j serve: " + line));
            if (json) {
                System.out.println(listening(server, options));
                System.out.flush();
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                server.shutdown(Duration.ofSeconds(30));
                if (json) {
                    JsonObject stopped = new JsonObject();
                    stopped.addProperty("event", "stopped");
                    stopped.addProperty("sessions_saved", server.sessionsSaved());
                    System.out.println(stopped);
                    System.out.flush();
                }
            }, "rnn4j-serve-shutdown"));
            server.awaitShutdown();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The line printed once the server listens. */
    static JsonObject listening(Server server, ServeOptions options) {
        JsonObject o = new JsonObject();
        o.addProperty("event", "listening");
        o.addProperty("url", "http://" + options.host() + ":" + server.port());
        o.addProperty("host", options.host());
        o.addProperty("port", server.port());
        JsonArray served = new JsonArray();
        server.modelKinds().forEach((name, kind) -> {
            JsonObject m = new JsonObject();
            m.addProperty("name", name);
            m.addProperty("kind", kind);
            served.add(m);
        });
        o.add("models", served);
        o.addProperty("batching", options.batching());
        o.addProperty("max_batch", options.maxBatch());
        o.addProperty("sessions_restored", server.sessions());
        o.addProperty("authorization", options.token() != null);
        return o;
    }

    private String token() {
        if (tokenFile == null) {
            return null;
        }
        try {
            String t = Files.readString(tokenFile, StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            if (t.isEmpty()) {
                throw new IllegalArgumentException("--token-file " + tokenFile + " holds no token on its first line");
            }
            return t;
        } catch (IOException e) {
            throw new IllegalArgumentException("--token-file " + tokenFile + " cannot be read: " + e.getMessage());
        }
    }

    private static Duration seconds(String text) {
        return Duration.ofMillis(Math.round(Durations.seconds(text) * 1000));
    }
}
