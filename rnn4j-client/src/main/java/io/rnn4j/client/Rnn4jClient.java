package io.rnn4j.client;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A client for the rnn4j server ({@code ./rnn4j serve}), over the JDK's {@code java.net.http}:
 * open a session on a model, feed it text, generate from it (token by token as they stream in),
 * reset, snapshot and close it. Safe to share between threads.
 *
 * <pre>
 *   Rnn4jClient client = new Rnn4jClient(URI.create("http://127.0.0.1:8080"));
 *   String id = client.createSession("shakespeare");
 *   client.generate(id, "ROMEO:", 200, 0.8, 1, System.out::print);
 *   client.delete(id);
 * </pre>
 */
public final class Rnn4jClient {

    /** A request the server refused: its HTTP status, error code and message. */
    public static final class ApiException extends RuntimeException {
        private final int status;
        private final String code;

        public ApiException(int status, String code, String message) {
            super(status + " " + code + ": " + message);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    private final URI base;
    private final String token;
    private final HttpClient http;

    public Rnn4jClient(URI base) {
        this(base, null);
    }

    /** @param token the server's bearer token, or null when it has none */
    public Rnn4jClient(URI base, String token) {
        this.base = base;
        this.token = token;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The models the server serves, as it describes them. */
    public List<JsonObject> models() {
        List<JsonObject> out = new ArrayList<>();
        send("GET", "/v1/models", null).getAsJsonArray("models").forEach(e -> out.add(e.getAsJsonObject()));
        return out;
    }

    /** Opens a session on a model (null: the server's only model); returns its id. */
    public String createSession(String model) {
        JsonObject body = new JsonObject();
        if (model != null) {
            body.addProperty("model", model);
        }
        return send("POST", "/v1/sessions", body).get("id").getAsString();
    }

    public JsonObject session(String id) {
        return send("GET", "/v1/sessions/" + id, null);
    }

    /** Feeds text; the answer holds the session and the five most likely next tokens ({@code top}). */
    public JsonObject step(String id, String text) {
        JsonObject body = new JsonObject();
        body.addProperty("text", text);
        return send("POST", "/v1/sessions/" + id + "/step", body);
    }

    public JsonObject reset(String id) {
        return send("POST", "/v1/sessions/" + id + "/reset", null);
    }

    public JsonObject snapshot(String id) {
        return send("POST", "/v1/sessions/" + id + "/snapshot", null);
    }

    public void delete(String id) {
        send("DELETE", "/v1/sessions/" + id, null);
    }

    /**
     * Translates a sentence with a translation model ({@code beam} 1: greedy decoding).
     *
     * @return the translation ({@code text}), its source and target pieces and log probability
     */
    public JsonObject translate(String model, String text, int beam) {
        JsonObject body = new JsonObject();
        body.addProperty("text", text);
        body.addProperty("beam", beam);
        return send("POST", "/v1/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20") + "/translate", body);
    }

    /**
     * Classifies an image with an image classifier.
     *
     * @param imageFile the bytes of a PNG, JPEG, GIF or BMP file of the size the model reads
     * @return the {@code top} most probable classes ({@code top}: class and p), most probable first
     */
    public JsonObject classify(String model, byte[] imageFile, int top) {
        JsonObject body = new JsonObject();
        body.addProperty("image", java.util.Base64.getEncoder().encodeToString(imageFile));
        body.addProperty("top", top);
        return send("POST", "/v1/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20") + "/classify", body);
    }

    /**
     * Writes a caption for an image with an image captioner ({@code beam} 1: greedy decoding).
     *
     * @param imageFile the bytes of a PNG, JPEG, GIF or BMP file of the size the model reads
     * @return the caption ({@code text}) and its log probability
     */
    public JsonObject caption(String model, byte[] imageFile, int beam) {
        JsonObject body = new JsonObject();
        body.addProperty("image", java.util.Base64.getEncoder().encodeToString(imageFile));
        body.addProperty("beam", beam);
        return send("POST", "/v1/models/" + URLEncoder.encode(model, StandardCharsets.UTF_8).replace("+", "%20") + "/caption", body);
    }

    /**
     * Generates up to {@code maxTokens} tokens after {@code prompt} (may be empty on a session that
     * has had input), handing each token's text to {@code onToken} as it arrives.
     *
     * @return the final summary: text, tokens, finish_reason and the session
     */
    public JsonObject generate(String id, String prompt, int maxTokens, double temperature, long seed, Consumer<String> onToken) {
        JsonObject body = new JsonObject();
        body.addProperty("prompt", prompt);
        body.addProperty("max_tokens", maxTokens);
        body.addProperty("temperature", temperature);
        body.addProperty("seed", seed);
        body.addProperty("stream", true);
        HttpResponse<Stream<String>> r = exchange(request("POST", "/v1/sessions/" + id + "/generate", body),
                HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            throw refused(r.statusCode(), String.join("\n", (Iterable<String>) r.body()::iterator));
        }
        String event = null;
        JsonObject done = null;
        try (Stream<String> lines = r.body()) {
            Iterator<String> it = lines.iterator();
            // read to the end of the answer, past the done event: closing the stream before its last
            // chunk cancels the exchange, and the JDK client then failed a later request with "closed"
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    JsonObject data = JsonParser.parseString(line.substring(6)).getAsJsonObject();
                    if ("token".equals(event)) {
                        if (onToken != null) {
                            onToken.accept(data.get("text").getAsString());
                        }
                    } else if ("done".equals(event)) {
                        done = data;
                    } else if ("error".equals(event)) {
                        throw new ApiException(data.get("status").getAsInt(), data.get("code").getAsString(),
                                data.get("message").getAsString());
                    }
                }
            }
        }
        if (done == null) {
            throw new ApiException(0, "truncated", "the event stream ended before its 'done' event");
        }
        return done;
    }

    private JsonObject send(String method, String path, JsonObject body) {
        HttpResponse<String> r = exchange(request(method, path, body), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw refused(r.statusCode(), r.body());
        }
        return r.body().isEmpty() ? new JsonObject() : JsonParser.parseString(r.body()).getAsJsonObject();
    }

    private HttpRequest request(String method, String path, JsonObject body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofMinutes(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body.toString()));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("rnn4j server at " + base + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static ApiException refused(int status, String body) {
        try {
            JsonElement e = JsonParser.parseString(body);
            JsonObject err = e.getAsJsonObject().getAsJsonObject("error");
            return new ApiException(status, err.get("code").getAsString(), err.get("message").getAsString());
        } catch (RuntimeException notOurs) {
            return new ApiException(status, "http_" + status, body);
        }
    }
}
