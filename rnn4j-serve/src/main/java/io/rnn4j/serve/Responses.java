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

    /**
     * Appends {@code s} as a JSON string, quoted and escaped exactly as {@link #GSON} writes it
     * (quote, backslash, control characters, U+2028 and U+2029); for the token events, which are
     * too many to build a JSON tree for each.
     */
    static void appendJsonString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
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
