package io.rnn4j.serve;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Raw requests to a test server, for bodies the client would not send, and the check of a refusal. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private Http() {
    }

    static HttpResponse<String> send(Server server, String method, String path, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(Server server, String path, String body) throws Exception {
        return send(server, "POST", path, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Asserts a JSON error with this status whose message contains {@code says}. */
    static void assertRefused(HttpResponse<String> r, int status, String says) {
        assertEquals(status, r.statusCode(), r.body());
        JsonObject err = JsonParser.parseString(r.body()).getAsJsonObject().getAsJsonObject("error");
        assertNotNull(err, r.body());
        assertEquals(status, err.get("status").getAsInt());
        String message = err.get("message").getAsString();
        assertTrue(message.contains(says), "'" + message + "' should say '" + says + "'");
    }
}
