package io.rnn4j.serve;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.javalin.http.Context;

/** Writes the server's JSON answers and errors. */
final class Responses {

    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    /** Set on a request once an endpoint has written its answer. */
    static final String ANSWERED = "rnn4j.answered";

    private Responses() {
    }

    static void json(Context ctx, int status, Object body) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ctx.status(status).contentType("application/json").result(GSON.toJson(body));
    }

    /** {@code {"error": {"status", "code", "message"}}}, with {@code Retry-After} where the error has one. */
    static void error(Context ctx, ApiError e) {
        if (e.retryAfter > 0) {
            ctx.header("Retry-After", Long.toString(e.retryAfter));
        }
        if (e.status == 401) {
            ctx.header("WWW-Authenticate", "Bearer");
        }
        JsonObject err = new JsonObject();
        err.addProperty("status", e.status);
        err.addProperty("code", e.code);
        err.addProperty("message", e.getMessage());
        JsonObject body = new JsonObject();
        body.add("error", err);
        json(ctx, e.status, body);
    }
}
