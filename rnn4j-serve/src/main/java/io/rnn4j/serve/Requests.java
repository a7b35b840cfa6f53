package io.rnn4j.serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.javalin.http.Context;
import io.rnn4j.io.StrictJson;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a request's JSON body with the server's limits, and its fields with their types checked:
 * every problem becomes a 4xx {@link ApiError} that names it, never a server error.
 */
final class Requests {

    private Requests() {
    }

    /**
     * The body as a JSON object: at most {@code maxBytes} bytes (413 above), valid UTF-8, one
     * strict JSON object with no key twice (an empty body reads as {}).
     */
    static JsonObject object(Context ctx, long maxBytes) {
        String text = utf8(bytes(ctx, maxBytes));
        if (text.isBlank()) {
            return new JsonObject();
        }
        try {
            return StrictJson.parseObject(text);
        } catch (IllegalArgumentException ex) {
            throw ApiError.badRequest("the body must be one JSON object: " + firstLine(ex));
        }
    }

    private static byte[] bytes(Context ctx, long maxBytes) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            throw tooLarge(declared, maxBytes);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (b.length > maxBytes) {
                throw tooLarge(-1, maxBytes);
            }
            return b;
        } catch (IOException ex) {
            throw ApiError.badRequest("the body could not be read: " + firstLine(ex));
        }
    }

    private static ApiError tooLarge(long declared, long maxBytes) {
        return new ApiError(413, "body_too_large", "the body " + (declared >= 0 ? "has " + declared + " bytes" : "is larger")
                + "; the limit is " + maxBytes + " bytes");
    }

    private static String utf8(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException ex) {
            throw ApiError.badRequest("the body is not valid UTF-8");
        }
    }

    /** A string field, or {@code fallback} when absent. */
    static String string(JsonObject o, String key, String fallback) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw ApiError.badRequest("'" + key + "' must be a string, got " + kind(e));
        }
        return e.getAsString();
    }

    /** An integer field in [min, max], or {@code fallback} when absent. */
    static long integer(JsonObject o, String key, long fallback, long min, long max) {
        double v = number(o, key, fallback);
        if (v != Math.rint(v) || v < min || v > max) {
            throw ApiError.badRequest("'" + key + "' must be a whole number in " + min + ".." + max + ", got " + o.get(key));
        }
        return (long) v;
    }

    /** A finite number field in [min, max], or {@code fallback} when absent. */
    static double number(JsonObject o, String key, double fallback, double min, double max) {
        double v = number(o, key, fallback);
        if (!(v >= min && v <= max)) {
            throw ApiError.badRequest("'" + key + "' must be in [" + min + ", " + max + "], got " + o.get(key));
        }
        return v;
    }

    /** A boolean field, or {@code fallback} when absent. */
    static boolean bool(JsonObject o, String key, boolean fallback) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw ApiError.badRequest("'" + key + "' must be true or false, got " + kind(e));
        }
        return e.getAsBoolean();
    }

    private static double number(JsonObject o, String key, double fallback) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return fallback;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw ApiError.badRequest("'" + key + "' must be a number, got " + kind(e));
        }
        double v = e.getAsDouble();
        if (!Double.isFinite(v)) {
            throw ApiError.badRequest("'" + key + "' must be a finite number");
        }
        return v;
    }

    /** Refuses fields the endpoint does not know, so a misspelt option is not silently ignored. */
    static void onlyKnown(JsonObject o, String... known) {
        for (String key : o.keySet()) {
            boolean ok = false;
            for (String k : known) {
                ok |= k.equals(key);
            }
            if (!ok) {
                throw ApiError.badRequest("unknown field '" + key + "'; this endpoint takes " + String.join(", ", known));
            }
        }
    }

    private static String kind(JsonElement e) {
        if (e == null || e.isJsonNull()) {
            return "null";
        }
        if (e.isJsonObject()) {
            return "an object";
        }
        if (e.isJsonArray()) {
            return "an array";
        }
        return e.getAsJsonPrimitive().isString() ? "a string" : e.getAsJsonPrimitive().isBoolean() ? "a boolean" : "a number";
    }

    static String firstLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
