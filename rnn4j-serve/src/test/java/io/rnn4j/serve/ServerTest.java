package io.rnn4j.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnn4j.client.Rnn4jClient;
import io.rnn4j.data.CharVocabulary;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.StreamingModel;
import io.rnn4j.tensor.Seq;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server end to end over loopback: sessions, steps and generation agree with streaming the
 * model directly (also when many sessions are batched together), and every bad request gets a
 * 4xx JSON error that names the problem.
 */
class ServerTest {

    @TempDir
    static Path dir;
    private static Server server;
    private static Rnn4jClient client;

    @BeforeAll
    static void start() throws IOException {
        Path model = TestModels.write(dir, "tiny", 3);
        server = Server.start(List.of(model), ServeOptions.defaults().withPort(0)
                .withLimits(4096, 64, 500, Duration.ofSeconds(30)), line -> { });
        client = new Rnn4jClient(URI.create("http://127.0.0.1:" + server.port()));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The probabilities of all tokens after feeding {@code text} to a fresh stream of the model, directly. */
    static double[] direct(SequenceModel model, String text) {
        int[] ids = CharVocabulary.of(TestModels.CHARS).encode(text);
        StreamingModel s = new StreamingModel(model, 1);
        float[] logits = null;
        for (int id : ids) {
            logits = s.step(Seq.ofTokens(new int[] {id}, 1, 1, null));
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static void assertTopMatches(double[] p, JsonArray top, String what) {
        assertEquals(SessionRoutes.TOP, top.size());
        for (int r = 0; r < top.size(); r++) {
            JsonObject t = top.get(r).getAsJsonObject();
            int id = CharVocabulary.of(TestModels.CHARS).encode(t.get("token").getAsString())[0];
            assertEquals(p[id], t.get("p").getAsDouble(), 1e-5, what + ": p of '" + t.get("token").getAsString() + "'");
        }
    }

    @Test
    void aSessionStepsAsTheModelStreamsDirectly() {
        SequenceModel model = TestModels.charModel(3);
        String id = client.createSession("tiny");
        // several tokens at once (one pass), then one at a time (through the batcher)
        JsonObject first = client.step(id, "abcab");
        assertTopMatches(direct(model, "abcab"), first.getAsJsonArray("top"), "after abcab");
        client.step(id, "h");
        JsonObject third = client.step(id, " ");
        assertEquals(7, third.get("steps").getAsLong());
        assertTopMatches(direct(model, "abcabh "), third.getAsJsonArray("top"), "after abcabh_");
        client.reset(id);
        assertTopMatches(direct(model, "g"), client.step(id, "g").getAsJsonArray("top"), "after a reset");
        client.delete(id);
        Rnn4jClient.ApiException gone = assertThrows(Rnn4jClient.ApiException.class, () -> client.session(id));
        assertEquals(404, gone.status());
    }

    /** 16 sessions stepping one token at a time from 16 threads: batched together, each gets its own result. */
    @Test
    void batchedSessionsEachGetTheirOwnState() throws Exception {
        SequenceModel model = TestModels.charModel(3);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> done = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                long seed = t;
                done.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(seed);
                    StringBuilder text = new StringBuilder();
                    String id = client.createSession(null);
                    JsonObject last = null;
                    for (int i = 0; i < 12; i++) {
                        String c = String.valueOf(TestModels.CHARS.charAt(r.nextInt(TestModels.CHARS.length())));
                        text.append(c);
                        last = client.step(id, c);
                    }
                    assertTopMatches(direct(model, text.toString()), last.getAsJsonArray("top"), "stream " + seed);
                    client.delete(id);
                    return text.toString();
                }));
            }
            for (Future<String> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void generationStreamsTokensAndContinuesTheState() {
        String id = client.createSession("tiny");
        StringBuilder pieces = new StringBuilder();
        JsonObject done = client.generate(id, "abc", 20, 0.9, 7, pieces::append);
        assertEquals(20, done.get("tokens").getAsInt());
        assertEquals("length", done.get("finish_reason").getAsString());
        assertEquals(pieces.toString(), done.get("text").getAsString());
        assertEquals(23, done.get("steps").getAsLong());
        // the state moved on: the next step's distribution is the model's after prompt + generated text
        JsonObject after = client.step(id, "a");
        assertTopMatches(direct(TestModels.charModel(3), "abc" + pieces + "a"), after.getAsJsonArray("top"), "after generating");
        // the same seed from the same state gives the same text
        String again = client.createSession("tiny");
        assertEquals(pieces.toString(), client.generate(again, "abc", 20, 0.9, 7, null).get("text").getAsString());
    }

    /**
     * 24 sessions generating at once are stepped in batches of 16 rows or more, which the batcher
     * splits into one part per thread: each session's text is still the one its seed gives alone.
     * How many sessions a step finds together depends on how the threads are scheduled, so the
     * round of 24 generations is repeated (up to five times, each checked) until a batch of 16
     * rows or more has been stepped.
     */
    @Test
    void manySessionsGeneratingAtOnceGetTheTextEachGetsAlone() throws Exception {
        int sessions = 24;
        int tokens = 300;
        List<String> alone = new ArrayList<>();
        for (int t = 0; t < sessions; t++) {
            String id = client.createSession("tiny");
            alone.add(client.generate(id, "ab", tokens, 1.0, 100 + t, null).get("text").getAsString());
            client.delete(id);
        }
        double largest = 0;
        String metrics = "";
        for (int round = 0; round < 5 && largest < StepBatcher.SPLIT_ROWS; round++) {
            ExecutorService pool = Executors.newFixedThreadPool(sessions);
            try {
                java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(sessions);
                List<Future<String>> done = new ArrayList<>();
                for (int t = 0; t < sessions; t++) {
                    long seed = 100 + t;
                    done.add(pool.submit(() -> {
                        String id = client.createSession("tiny");
                        together.await();
                        String text = client.generate(id, "ab", tokens, 1.0, seed, null).get("text").getAsString();
                        client.delete(id);
                        return text;
                    }));
                }
                for (int t = 0; t < sessions; t++) {
                    assertEquals(alone.get(t), done.get(t).get(), "session with seed " + (100 + t) + ", round " + (round + 1));
                }
            } finally {
                pool.shutdownNow();
            }
            metrics = raw("GET", "/metrics", null).body();
            java.util.regex.Matcher max = java.util.regex.Pattern.compile("rnn4j_batch_size_max\\{model=\"tiny\"} (\\S+)")
                    .matcher(metrics);
            assertTrue(max.find(), metrics);
            largest = Math.max(largest, Double.parseDouble(max.group(1)));
        }
        assertTrue(largest >= StepBatcher.SPLIT_ROWS, "largest batch in five rounds " + largest);
        // the JVM's own meters are served too: heap, threads, collections
        assertTrue(metrics.contains("jvm_memory_used_bytes{area=\"heap\""), "heap meter");
        assertTrue(metrics.contains("jvm_threads_live_threads"), "thread meter");
    }

    /** Token events are written by hand: byte for byte what Gson writes, for every character. */
    @Test
    void tokenTextIsEscapedAsGsonEscapesIt() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x3000; c++) {
            all.append(c);
        }
        for (String s : new String[] {all.toString(), "", "a\"b\\c\n\u2028\u2029\u0000\u001f\u007f", "\ud83d\ude00"}) {
            StringBuilder mine = new StringBuilder();
            Responses.appendJsonString(mine, s);
            assertEquals(Responses.GSON.toJson(s), mine.toString());
        }
    }

    private static HttpResponse<String> raw(String method, String path, byte[] body) throws Exception {
        return Http.send(server, method, path, body);
    }

    /** Asserts a JSON error with this status whose message contains {@code says}. */
    private static void assertRefused(HttpResponse<String> r, int status, String says) {
        Http.assertRefused(r, status, says);
    }

    @Test
    void badRequestsGetA4xxThatNamesTheProblem() throws Exception {
        String id = client.createSession("tiny");
        String step = "/v1/sessions/" + id + "/step";
        assertRefused(raw("POST", step, "{\"text\": ".getBytes()), 400, "JSON");
        assertRefused(raw("POST", step, "[1, 2]".getBytes()), 400, "JSON object");
        assertRefused(raw("POST", step, "{\"text\": \"a\", \"text\": \"b\"}".getBytes()), 400, "duplicate key");
        assertRefused(raw("POST", step, new byte[] {'{', '"', 't', 'e', 'x', 't', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}), 400, "UTF-8");
        assertRefused(raw("POST", step, "{\"txt\": \"a\"}".getBytes()), 400, "unknown field 'txt'");
        assertRefused(raw("POST", step, "{\"text\": 5}".getBytes()), 400, "'text' must be a string");
        assertRefused(raw("POST", step, "{\"text\": \"aXb\"}".getBytes()), 400, "'X'");
        assertRefused(raw("POST", step, ("{\"text\": \"" + "a".repeat(5000) + "\"}").getBytes()), 413, "limit is 4096 bytes");
        assertRefused(raw("POST", step, ("{\"text\": \"" + "a".repeat(65) + "\"}").getBytes()), 413, "limit is 64");
        String gen = "/v1/sessions/" + id + "/generate";
        assertRefused(raw("POST", gen, "{\"max_tokens\": 501, \"prompt\": \"a\"}".getBytes()), 400, "'max_tokens'");
        assertRefused(raw("POST", gen, "{\"temperature\": NaN, \"prompt\": \"a\"}".getBytes()), 400, "JSON");
        assertRefused(raw("POST", gen, "{\"top_p\": 0, \"prompt\": \"a\"}".getBytes()), 400, "'top_p'");
        assertRefused(raw("POST", gen, "{}".getBytes()), 400, "prompt");
        assertRefused(raw("GET", "/v1/sessions/0123456789abcdef0123456789abcdef", null), 404, "no session");
        assertRefused(raw("GET", "/v1/sessions/../../etc/passwd", null), 404, "");
        assertRefused(raw("POST", "/v1/sessions", "{\"model\": \"nope\"}".getBytes()), 404, "no model 'nope'");
        assertRefused(raw("GET", "/v2/anything", null), 404, "no such endpoint");
        // the server still serves
        assertEquals(200, raw("GET", "/healthz", null).statusCode());
        assertEquals(1, client.step(id, "a").get("steps").getAsLong());
    }
}
