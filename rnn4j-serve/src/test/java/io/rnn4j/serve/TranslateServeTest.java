package io.rnn4j.serve;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnn4j.client.Rnn4jClient;
import io.rnn4j.seq2seq.Translator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A translation model served beside a language model: the translations it gives directly, and clear refusals. */
class TranslateServeTest {

    @TempDir
    static Path dir;
    private static Server server;
    private static Rnn4jClient client;
    private static final Translator DIRECT = TestModels.translator(5);
    private static final List<String> SENTENCES = List.of("I like tea.", "You like you.", "I like I like tea.", "tea");

    @BeforeAll
    static void start() throws Exception {
        server = Server.start(List.of(TestModels.write(dir, "tiny", 3), TestModels.writeTranslator(dir, "enzh", 5)),
                ServeOptions.defaults().withPort(0), line -> { });
        client = new Rnn4jClient(URI.create("http://127.0.0.1:" + server.port()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return Http.post(server, path, body);
    }

    @Test
    void bothKindsAreListed() {
        List<JsonObject> models = client.models();
        assertEquals(2, models.size());
        assertEquals("language-model", models.get(0).get("kind").getAsString());
        JsonObject t = models.get(1);
        assertEquals("enzh", t.get("name").getAsString());
        assertEquals("translation", t.get("kind").getAsString());
        assertEquals("en", t.get("source_language").getAsString());
        assertEquals("zh", t.get("target_language").getAsString());
        assertEquals(DIRECT.model().model().parameters().size(), t.get("parameters").getAsLong());
    }

    @Test
    void translationsAreTheModelsOwnGreedyAndBeam() {
        for (String s : SENTENCES) {
            for (int beam : new int[] {1, 3}) {
                Translator.Translation want = DIRECT.translate(List.of(s), beam, 1.0).get(0);
                JsonObject got = client.translate("enzh", s, beam);
                assertEquals(want.text(), got.get("text").getAsString(), s + ", beam " + beam);
                assertEquals(want.targetPieces().size(), got.getAsJsonArray("target_pieces").size(), s);
                assertEquals(want.sourcePieces().size(), got.getAsJsonArray("source_pieces").size(), s);
                assertEquals(want.logProbability(), got.get("log_probability").getAsDouble(), 1e-9, s);
            }
        }
    }

    @Test
    void aStreamedTranslationSendsItsPiecesThenTheWhole() throws Exception {
        String s = "I like tea.";
        HttpResponse<String> r = post("/v1/models/enzh/translate", "{\"text\": \"" + s + "\", \"stream\": true}");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        StringBuilder pieces = new StringBuilder();
        JsonObject done = null;
        String event = null;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ")) {
                JsonObject data = JsonParser.parseString(line.substring(6)).getAsJsonObject();
                if ("token".equals(event)) {
                    pieces.append(data.get("text").getAsString());
                } else if ("done".equals(event)) {
                    done = data;
                }
            }
        }
        String want = DIRECT.stream(s, piece -> { }).text();
        assertTrue(done != null, r.body());
        assertEquals(want, done.get("text").getAsString());
        assertEquals(want, pieces.toString().strip());
    }

    @Test
    void translationsAtOnceEachGetWhatTheyGetAlone() throws Exception {
        int n = 8;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CyclicBarrier together = new CyclicBarrier(n);
            List<Future<String>> got = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String s = SENTENCES.get(i % SENTENCES.size());
                int beam = 1 + i % 3;
                got.add(pool.submit(() -> {
                    together.await();
                    return client.translate("enzh", s, beam).get("text").getAsString();
                }));
            }
            for (int i = 0; i < n; i++) {
                String want = DIRECT.translate(List.of(SENTENCES.get(i % SENTENCES.size())), 1 + i % 3, 1.0).get(0).text();
                assertEquals(want, got.get(i).get(), "request " + i);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aModelOfAnotherKindIsRefusedAtStartNamingTheKindsServed() throws Exception {
        Path other = dir.resolve("plain.model");
        io.rnn4j.io.ModelFile.save(other, TestModels.charModel(1), new JsonObject(), null);
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.rnn4j.io.ModelFormatException.class,
                () -> Server.start(List.of(other), ServeOptions.defaults().withPort(0), line -> { }));
        assertTrue(e.getMessage().contains("plain.model is not a model the server serves"), e.getMessage());
        assertTrue(e.getMessage().contains("a translation model, an image classifier or an image captioner"), e.getMessage());
    }

    private static void assertRefused(HttpResponse<String> r, int status, String says) {
        Http.assertRefused(r, status, says);
    }

    @Test
    void badTranslationRequestsAreRefusedNamingTheProblem() throws Exception {
        assertRefused(post("/v1/models/enzh/translate", "{\"text\": \"\"}"), 400, "empty");
        assertRefused(post("/v1/models/enzh/translate", "{\"text\": \"" + "tea ".repeat(40) + "\"}"), 400, "at most 12");
        assertRefused(post("/v1/models/enzh/translate", "{}"), 400, "'text'");
        assertRefused(post("/v1/models/enzh/translate", "{\"text\": \"tea\", \"beam\": 2, \"stream\": true}"), 400, "beam 1");
        assertRefused(post("/v1/models/enzh/translate", "{\"text\": \"tea\", \"beam\": 99}"), 400, "beam");
        assertRefused(post("/v1/models/enzh/translate", "{\"text\": \"tea\", \"temperature\": 1}"), 400, "temperature");
        assertRefused(post("/v1/models/enzh/translate", "{\"text\": 7}"), 400, "text");
        assertRefused(post("/v1/models/nope/translate", "{\"text\": \"tea\"}"), 404, "nope");
        assertRefused(post("/v1/models/tiny/translate", "{\"text\": \"tea\"}"), 400, "is a language model, not a translation model");
        assertRefused(post("/v1/sessions", "{\"model\": \"enzh\"}"), 400, "/v1/models/enzh/translate");
        // still serving
        assertEquals(DIRECT.translate(List.of("tea"), 1, 1.0).get(0).text(), client.translate("enzh", "tea", 1).get("text").getAsString());
    }
}
