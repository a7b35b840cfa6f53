package io.rnn4j.serve;

import com.google.gson.JsonObject;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Server-sent events: {@code event: token} with {@code {"text": piece}}, then {@code event: done}.
 * Events are written as they come and reach the client at each {@link #flush()} (the caller
 * flushes at most every flush interval: with many sessions generating at once, one flush per
 * token would cost more than the model's step) and with the last event.
 */
final class EventSink implements GenerateRoute.Sink {
    private final jakarta.servlet.http.HttpServletResponse res;
    private final OutputStream out;
    private boolean open = true;
    private final StringBuilder events = new StringBuilder();

    EventSink(Context ctx) {
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

    /** All the pieces' events in one write; built by hand, as GSON would write them. */
    @Override
    public boolean tokens(List<String> pieces) {
        if (!open || pieces.isEmpty()) {
            return open;
        }
        events.setLength(0);
        for (String piece : pieces) {
            events.append("event: token\ndata: {\"text\":");
            Responses.appendJsonString(events, piece);
            events.append("}\n\n");
        }
        return write(events.toString());
    }

    @Override
    public void done(Context ctx, JsonObject summary) {
        send("done", summary);
        flush();
    }

    void error(ApiError e) {
        JsonObject err = new JsonObject();
        err.addProperty("status", e.status);
        err.addProperty("code", e.code);
        err.addProperty("message", e.getMessage());
        send("error", err);
        flush();
    }

    @Override
    public void flush() {
        if (!open) {
            return;
        }
        try {
            out.flush();
            res.flushBuffer();
        } catch (IOException | RuntimeException e) {
            open = false;
        }
    }

    private boolean send(String event, JsonObject data) {
        return write("event: " + event + "\ndata: " + Responses.GSON.toJson(data) + "\n\n");
    }

    private boolean write(String events) {
        if (!open) {
            return false;
        }
        try {
            out.write(events.getBytes(StandardCharsets.UTF_8));
            return true;
        } catch (IOException | RuntimeException e) {
            open = false; // the client disconnected; stop generating for it
            return false;
        }
    }
}
