package io.rnn4j.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.rnn4j.io.ModelFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The rnn4j inference server: serves model files over HTTP with a session per client stream.
 * A session keeps its recurrent state between requests; the single-token steps of all sessions
 * of a model run together in one batched step ({@link StepBatcher}). The endpoints are described
 * in {@code openapi.json} (served at {@code /openapi.json}); the README walks through them with curl.
 *
 * <pre>
 *   try (Server s = Server.start(List.of(Path.of("shakespeare.model")), ServeOptions.defaults(), System.err::println)) {
 *       s.awaitShutdown();
 *   }
 * </pre>
 */
public final class Server implements AutoCloseable {

    private final Map<String, ServedModel> models;
    private final Map<String, ServedTranslator> translators;
    private final Map<String, ServedClassifier> classifiers;
    private final Map<String, ServedCaptioner> captioners;
    private final ServedKinds kinds;
    private final ServeOptions options;
    private final SessionStore store;
    private final ServeMetrics metrics;
    private final Route route;
    private final Javalin app;
    private final Consumer<String> log;
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private volatile boolean closed;
    private volatile int sessionsSaved;
    /** "METHOD path" of every endpoint, as registered (the OpenAPI test checks them against the document). */
    private final List<String> endpoints = new java.util.ArrayList<>();

    private Server(Map<String, ServedModel> models, Map<String, ServedTranslator> translators,
                   Map<String, ServedClassifier> classifiers, Map<String, ServedCaptioner> captioners, ServedKinds kinds,
                   ServeOptions options, SessionStore store, ServeMetrics metrics, Consumer<String> log) {
        this.models = models;
        this.translators = translators;
        this.classifiers = classifiers;
        this.captioners = captioners;
        this.kinds = kinds;
        this.options = options;
        this.store = store;
        this.metrics = metrics;
        this.log = log;
        this.route = new Route(metrics, options.token(), log);
        SessionRoutes sessions = new SessionRoutes(models, kinds, store, options);
        TranslateRoute translate = new TranslateRoute(translators, kinds, options);
        ClassifyRoute classify = new ClassifyRoute(classifiers, kinds, options);
        CaptionRoute caption = new CaptionRoute(captioners, kinds, options);
        GenerateRoute generate = new GenerateRoute(sessions, options, metrics);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // events must leave as they are made, not wait in a compression buffer
            config.http.compressionStrategy = CompressionStrategy.NONE;
            config.http.maxRequestSize = options.maxBodyBytes();
            config.jetty.host = options.host();
            config.jetty.port = options.port();
            add(config, "GET", "/healthz", route.of("healthz", true, ctx -> Responses.json(ctx, 200, status("ok"))));
            add(config, "GET", "/readyz", route.of("readyz", true, this::ready));
            add(config, "GET", "/openapi.json", route.of("openapi", true, Server::openApi));
            add(config, "GET", "/metrics", route.of("metrics", false,
                    ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape())));
            add(config, "GET", "/v1/models", route.of("models", false, this::listModels));
            add(config, "POST", "/v1/sessions", route.of("session_create", false, sessions::create));
            add(config, "GET", "/v1/sessions/{id}", route.of("session_get", false, sessions::get));
            add(config, "DELETE", "/v1/sessions/{id}", route.of("session_delete", false, sessions::delete));
            add(config, "POST", "/v1/sessions/{id}/reset", route.of("session_reset", false, sessions::reset));
            add(config, "POST", "/v1/sessions/{id}/step", route.of("session_step", false, sessions::step));
            add(config, "POST", "/v1/sessions/{id}/generate", route.of("generate", false, generate::handle));
            add(config, "POST", "/v1/sessions/{id}/snapshot", route.of("session_snapshot", false, sessions::snapshot));
            add(config, "POST", "/v1/models/{model}/translate", route.of("translate", false, translate::handle));
            add(config, "POST", "/v1/models/{model}/classify", route.of("classify", false, classify::handle));
            add(config, "POST", "/v1/models/{model}/caption", route.of("caption", false, caption::handle));
            config.routes.error(404, "*", ctx -> unmatched(ctx, 404, "not_found", "no such endpoint: " + ctx.method() + " " + ctx.path()));
            config.routes.error(405, "*", ctx -> unmatched(ctx, 405, "method_not_allowed",
                    ctx.method() + " is not allowed on " + ctx.path()));
        });
    }

    /**
     * Loads the model files, restores any session snapshots, and starts listening.
     *
     * @param log receives one line per notable event (start, restored sessions, skipped snapshots, errors)
     * @throws io.rnn4j.io.ModelFormatException when a model file cannot be served, naming it
     */
    public static Server start(List<Path> modelFiles, ServeOptions options, Consumer<String> log) throws IOException {
        if (modelFiles.isEmpty()) {
            throw new IllegalArgumentException("give at least one model file to serve");
        }
        Map<String, ServedModel> models = new LinkedHashMap<>();
        Map<String, ServedTranslator> translators = new LinkedHashMap<>();
        Map<String, ServedClassifier> classifiers = new LinkedHashMap<>();
        Map<String, ServedCaptioner> captioners = new LinkedHashMap<>();
        Map<String, String> kinds = new LinkedHashMap<>();
        SessionStore store = new SessionStore(options.maxSessions(), options.sessionTtl());
        ServeMetrics metrics = new ServeMetrics(store::size);
        try {
            for (Path f : modelFiles) {
                String name = ServedModel.nameOf(f);
                if (kinds.containsKey(name)) {
                    throw new IllegalArgumentException("two model files would both serve as '" + name + "': " + f);
                }
                String where = f.getFileName().toString();
                ModelFile.Loaded loaded = ModelFile.load(f);
                if (loaded.manifest().has("translation")) {
                    translators.put(name, ServedTranslator.of(name, loaded, where, turns(name, options)));
                    kinds.put(name, ServedKinds.TRANSLATION);
                } else if (loaded.manifest().has("caption")) {
                    captioners.put(name, ServedCaptioner.of(name, loaded, where, turns(name, options)));
                    kinds.put(name, ServedKinds.IMAGE_CAPTIONER);
                } else if (loaded.manifest().has("image")) {
                    classifiers.put(name, ServedClassifier.of(name, loaded, where, turns(name, options)));
                    kinds.put(name, ServedKinds.IMAGE_CLASSIFIER);
                } else {
                    models.put(name, ServedModel.of(name, loaded, where, options, metrics));
                    kinds.put(name, ServedKinds.LANGUAGE_MODEL);
                }
            }
            if (options.snapshots() != null) {
                int n = SessionSnapshots.restoreAll(options.snapshots(), models, store, log);
                if (n > 0) {
                    log.accept("restored " + n + " session(s) from " + options.snapshots());
                }
            }
            Server s = new Server(Collections.unmodifiableMap(models), Collections.unmodifiableMap(translators),
                    Collections.unmodifiableMap(classifiers), Collections.unmodifiableMap(captioners), new ServedKinds(Collections.unmodifiableMap(kinds)), options, store,
                    metrics, log);
            s.app.start();
            log.accept("serving " + kinds.keySet() + " on http://" + options.host() + ":" + s.port()
                    + (options.batching() ? " (continuous batching, up to " + options.maxBatch() + " sessions per step)" : " (no batching)"));
            return s;
        } catch (IOException | RuntimeException e) {
            models.values().forEach(ServedModel::close);
            store.close();
            throw e;
        }
    }

    /** Turns for a model that answers whole requests: one running per core. */
    private static Turns turns(String model, ServeOptions options) {
        return new Turns(model, io.rnn4j.kernel.Parallel.threads(), options.maxQueue());
    }

    /** The port the server listens on (the one picked, when started with port 0). */
    public int port() {
        return app.port();
    }

    /**
     * Every served model's kind by name, in the order the files were given: {@code language-model},
     * {@code translation}, {@code image-classifier} or {@code image-captioner}.
     */
    public Map<String, String> modelKinds() {
        return kinds.byName();
    }

    /** Sessions written to the snapshot directory by {@link #shutdown}; 0 before it or without one. */
    public int sessionsSaved() {
        return sessionsSaved;
    }

    /** Open sessions. */
    public int sessions() {
        return store.size();
    }

    /**
     * Stops gracefully: refuses new work (503), waits up to {@code drain} for requests in flight,
     * snapshots every session when a snapshot directory is set, then stops.
     */
    public synchronized void shutdown(Duration drain) {
        if (closed) {
            return;
        }
        closed = true;
        route.drain();
        long end = System.nanoTime() + drain.toNanos();
        while (route.inFlight() > 0 && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (route.inFlight() > 0) {
            log.accept("shutdown: " + route.inFlight() + " request(s) still running after " + drain.toSeconds() + " s; stopping anyway");
        }
        if (options.snapshots() != null) {
            int saved = 0;
            for (Session s : store.all()) {
                try {
                    SessionSnapshots.save(options.snapshots(), s);
                    saved++;
                } catch (IOException e) {
                    log.accept("shutdown: session " + s.id + " not saved: " + e.getMessage());
                }
            }
            sessionsSaved = saved;
            log.accept("shutdown: saved " + saved + " session(s) to " + options.snapshots());
        }
        app.stop();
        models.values().forEach(ServedModel::close);
        store.close();
        metrics.close();
        stopped.countDown();
    }

    /** Blocks until the server has shut down. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /** {@link #shutdown} with 30 seconds to drain. */
    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30));
    }

    private void ready(Context ctx) {
        if (route.draining()) {
            Responses.json(ctx, 503, status("draining"));
            return;
        }
        JsonObject o = status("ready");
        JsonArray names = new JsonArray();
        models.keySet().forEach(names::add);
        o.add("models", names);
        Responses.json(ctx, 200, o);
    }

    private void listModels(Context ctx) {
        JsonArray list = new JsonArray();
        models.values().forEach(m -> list.add(m.describe()));
        translators.values().forEach(t -> list.add(t.describe()));
        classifiers.values().forEach(c -> list.add(c.describe()));
        captioners.values().forEach(c -> list.add(c.describe()));
        JsonObject body = new JsonObject();
        body.add("models", list);
        Responses.json(ctx, 200, body);
    }

    private static void openApi(Context ctx) throws IOException {
        try (InputStream in = Server.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IOException("openapi.json is missing from the server's jar");
            }
            ctx.contentType("application/json").result(in.readAllBytes());
        }
    }

    /** Javalin's own 404 and 405 (no route matched), as JSON; an endpoint's own 404 is already answered. */
    private static void unmatched(Context ctx, int status, String code, String message) {
        if (ctx.attribute(Responses.ANSWERED) == null) {
            Responses.error(ctx, new ApiError(status, code, message));
        }
    }

    private void add(io.javalin.config.JavalinConfig config, String method, String path, io.javalin.http.Handler h) {
        endpoints.add(method + " " + path);
        switch (method) {
            case "GET" -> config.routes.get(path, h);
            case "POST" -> config.routes.post(path, h);
            case "DELETE" -> config.routes.delete(path, h);
            default -> throw new IllegalArgumentException(method);
        }
    }

    /** "METHOD path" of every endpoint. */
    List<String> endpoints() {
        return List.copyOf(endpoints);
    }

    private static JsonObject status(String s) {
        JsonObject o = new JsonObject();
        o.addProperty("status", s);
        return o;
    }
}
