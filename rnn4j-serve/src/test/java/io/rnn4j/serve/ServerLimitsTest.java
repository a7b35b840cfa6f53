package io.rnn4j.serve;

import io.rnn4j.client.Rnn4jClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Session cap and expiry, the bearer token, snapshots across a restart, graceful shutdown. */
class ServerLimitsTest {

    @TempDir
    Path dir;

    @Test
    void theSessionCapAnswers429AndIdleSessionsExpire() throws Exception {
        Path model = TestModels.write(dir, "tiny", 3);
        try (Server s = Server.start(List.of(model), ServeOptions.defaults().withPort(0)
                .withSessions(3, Duration.ofMillis(400)), line -> { })) {
            Rnn4jClient c = new Rnn4jClient(URI.create("http://127.0.0.1:" + s.port()));
            String first = c.createSession(null);
            c.createSession(null);
            c.createSession(null);
            Rnn4jClient.ApiException full = assertThrows(Rnn4jClient.ApiException.class, () -> c.createSession(null));
            assertEquals(429, full.status());
            assertEquals("too_many_sessions", full.code());
            HttpResponse<String> raw = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + s.port() + "/v1/sessions")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(429, raw.statusCode());
            assertTrue(raw.headers().firstValue("Retry-After").isPresent(), "429 carries Retry-After");
            long end = System.nanoTime() + 5_000_000_000L;
            while (s.sessions() > 0 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
            assertEquals(0, s.sessions(), "idle sessions expired");
            assertEquals(404, assertThrows(Rnn4jClient.ApiException.class, () -> c.session(first)).status());
            c.createSession(null); // room again
        }
    }

    @Test
    void aTokenGuardsTheApiButNotTheHealthChecks() throws Exception {
        Path model = TestModels.write(dir, "tiny", 3);
        try (Server s = Server.start(List.of(model), ServeOptions.defaults().withPort(0).withToken("s3cret"), line -> { })) {
            URI base = URI.create("http://127.0.0.1:" + s.port());
            assertEquals(401, assertThrows(Rnn4jClient.ApiException.class, () -> new Rnn4jClient(base).models()).status());
            assertEquals(401, assertThrows(Rnn4jClient.ApiException.class, () -> new Rnn4jClient(base, "guess").models()).status());
            assertEquals(1, new Rnn4jClient(base, "s3cret").models().size());
            HttpClient http = HttpClient.newHttpClient();
            assertEquals(200, http.send(HttpRequest.newBuilder(base.resolve("/healthz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(401, http.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    @Test
    void sessionsSurviveARestartThroughSnapshots() throws Exception {
        Path model = TestModels.write(dir, "tiny", 3);
        Path snaps = dir.resolve("snapshots");
        ServeOptions options = ServeOptions.defaults().withPort(0).withSnapshots(snaps);
        String kept;
        String saved;
        String expected;
        try (Server s = Server.start(List.of(model), options, line -> { })) {
            Rnn4jClient c = new Rnn4jClient(URI.create("http://127.0.0.1:" + s.port()));
            kept = c.createSession(null);
            c.step(kept, "abcd");
            saved = c.createSession(null);
            c.step(saved, "hhg");
            assertEquals("snapshot", c.snapshot(saved).keySet().stream().filter("snapshot"::equals).findFirst().orElse(""));
            // what an uninterrupted session answers next
            String twin = c.createSession(null);
            c.step(twin, "abcd");
            expected = c.step(twin, "e").getAsJsonArray("top").toString();
            c.delete(twin);
        } // shutdown snapshots every open session
        try (Server s = Server.start(List.of(model), options, line -> { })) {
            Rnn4jClient c = new Rnn4jClient(URI.create("http://127.0.0.1:" + s.port()));
            assertEquals(3, c.session(saved).get("steps").getAsLong());
            assertEquals(4, c.session(kept).get("steps").getAsLong());
            assertEquals(expected, c.step(kept, "e").getAsJsonArray("top").toString());
        }
    }

    /** Generation inside the batcher and generation token by token on the request's thread give the same text. */
    @Test
    void batchedAndUnbatchedGenerationAgree() throws Exception {
        Path model = TestModels.write(dir, "tiny", 3);
        String[] texts = new String[2];
        for (int k = 0; k < 2; k++) {
            ServeOptions o = ServeOptions.defaults().withPort(0).withBatching(k == 0, 64, 1024);
            try (Server s = Server.start(List.of(model), o, line -> { })) {
                Rnn4jClient c = new Rnn4jClient(URI.create("http://127.0.0.1:" + s.port()));
                String id = c.createSession(null);
                texts[k] = c.generate(id, "abc", 40, 0.9, 11, null).get("text").getAsString()
                        + "|" + c.generate(id, "", 10, 0.5, 12, null).get("text").getAsString();
            }
        }
        assertEquals(texts[0], texts[1]);
    }

    @Test
    void aServerWithoutModelsOrWithAnUnknownKindRefusesToStart() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> Server.start(List.of(), ServeOptions.defaults().withPort(0), line -> { }));
        Path missing = dir.resolve("missing.model");
        Exception e = assertThrows(Exception.class, () -> Server.start(List.of(missing), ServeOptions.defaults().withPort(0), line -> { }));
        assertTrue(e.getMessage().contains("missing.model"), e.getMessage());
    }
}
