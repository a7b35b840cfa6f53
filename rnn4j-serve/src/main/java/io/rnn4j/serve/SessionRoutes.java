package io.rnn4j.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.javalin.http.Context;
import io.rnn4j.data.TextSampler;
import io.rnn4j.kernel.Activations;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The session endpoints: open, read, reset, step, snapshot and close a stream. */
final class SessionRoutes {

    /** How many of the most likely next tokens a step reports. */
    static final int TOP = 5;

    private final Map<String, ServedModel> models;
    /** Every served model's kind: a session asked of a model without sessions is refused, naming its endpoint. */
    private final ServedKinds kinds;
    private final SessionStore store;
    private final ServeOptions options;

    SessionRoutes(Map<String, ServedModel> models, ServedKinds kinds, SessionStore store, ServeOptions options) {
        this.models = models;
        this.kinds = kinds;
        this.store = store;
        this.options = options;
    }

    void create(Context ctx) {
        JsonObject body = Requests.object(ctx, options.maxBodyBytes());
        Requests.onlyKnown(body, "model");
        String name = Requests.string(body, "model", null);
        if (name == null) {
            if (models.isEmpty()) {
                throw ApiError.badRequest("this server serves no language model, so it has no sessions; its models: "
                        + kinds.byName());
            }
            if (models.size() != 1) {
                throw ApiError.badRequest("name the model: 'model' is one of " + models.keySet());
            }
            name = models.keySet().iterator().next();
        }
        ServedModel m = models.get(name);
        if (m == null) {
            throw kinds.refuse(name, ServedKinds.LANGUAGE_MODEL);
        }
        Responses.json(ctx, 201, view(store.create(m)));
    }

    void get(Context ctx) {
        Responses.json(ctx, 200, view(store.get(ctx.pathParam("id"))));
    }

    void delete(Context ctx) {
        String id = ctx.pathParam("id");
        Session s = store.get(id);
        if (!s.tryAcquire()) {
            throw busy(id);
        }
        store.remove(id);
        ctx.status(204);
    }

    void reset(Context ctx) {
        Session s = acquire(ctx.pathParam("id"));
        try {
            s.reset();
            Responses.json(ctx, 200, view(s));
        } finally {
            s.release();
        }
    }

    /** Feeds text to the session; answers the session and the most likely next tokens. */
    void step(Context ctx) throws InterruptedException {
        JsonObject body = Requests.object(ctx, options.maxBodyBytes());
        Requests.onlyKnown(body, "text");
        String text = Requests.string(body, "text", null);
        if (text == null) {
            throw ApiError.badRequest("'text' is required: the input to feed");
        }
        Session s = acquire(ctx.pathParam("id"));
        try {
            int[] tokens = encode(s.served, text);
            if (tokens.length == 0) {
                throw ApiError.badRequest("'text' holds no token of this model");
            }
            float[] next = feed(s, tokens);
            JsonObject out = view(s);
            out.add("top", top(s.served, next));
            Responses.json(ctx, 200, out);
        } finally {
            s.release();
        }
    }

    void snapshot(Context ctx) throws IOException {
        Path dir = options.snapshots();
        if (dir == null) {
            throw new ApiError(409, "snapshots_off", "this server was started without a snapshot directory (--snapshots DIR)");
        }
        Session s = acquire(ctx.pathParam("id"));
        try {
            Path file = SessionSnapshots.save(dir, s);
            JsonObject out = view(s);
            out.addProperty("snapshot", file.getFileName().toString());
            Responses.json(ctx, 200, out);
        } finally {
            s.release();
        }
    }

    /** Takes the session for this request: 404 when unknown, 409 while another request holds it. */
    Session acquire(String id) {
        Session s = store.get(id);
        if (!s.tryAcquire()) {
            if (s.closed()) {
                throw ApiError.notFound("no session '" + id + "' (closed, expired, or never opened)");
            }
            throw busy(id);
        }
        return s;
    }

    private static ApiError busy(String id) {
        return new ApiError(409, "session_busy", "session " + id + " is serving another request; one at a time");
    }

    /** Text to token ids, within the input limit; characters the model does not know are a 400. */
    int[] encode(ServedModel m, String text) {
        int[] tokens;
        try {
            tokens = m.tokenizer.encode(text);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        if (tokens.length > options.maxInputTokens()) {
            throw new ApiError(413, "input_too_long", "the input has " + tokens.length + " tokens; the limit is "
                    + options.maxInputTokens());
        }
        return tokens;
    }

    /** One token goes through the model's stepper (batched with other sessions); longer input runs as one pass. */
    static float[] feed(Session s, int[] tokens) throws InterruptedException {
        return tokens.length == 1 ? s.served.stepper.step(s, tokens[0]) : s.feed(tokens);
    }

    JsonObject view(Session s) {
        JsonObject o = new JsonObject();
        o.addProperty("id", s.id);
        o.addProperty("model", s.served.name);
        o.addProperty("steps", s.steps());
        o.addProperty("created", Instant.ofEpochMilli(s.createdMillis).toString());
        long idle = s.idleNanos(System.nanoTime());
        o.addProperty("expires_in_seconds", Math.max(0, TimeUnit.NANOSECONDS.toSeconds(options.sessionTtl().toNanos() - idle)));
        return o;
    }

    /** The {@value #TOP} most likely next tokens with their probabilities (softmax of the logits). */
    static JsonArray top(ServedModel m, float[] logits) {
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = logits[i];
        }
        Activations.softmax(p, p.length, 1.0, p);
        int[] order = TextSampler.byDescendingProbability(p);
        JsonArray out = new JsonArray();
        for (int r = 0; r < Math.min(TOP, order.length); r++) {
            JsonObject t = new JsonObject();
            t.addProperty("token", m.tokenizer.decode(order[r]));
            t.addProperty("p", p[order[r]]);
            out.add(t);
        }
        return out;
    }
}
