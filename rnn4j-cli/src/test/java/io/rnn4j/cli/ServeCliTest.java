package io.rnn4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnn4j serve --json} in a child JVM, stopped by SIGTERM as a supervisor stops it: a line
 * when it listens (the port it picked), a line when it has stopped (the sessions it saved), and
 * nothing else on stdout.
 */
class ServeCliTest {

    @TempDir
    Path dir;

    @Test
    void jsonLinesSayWhereItListensAndWhatItSaved() throws Exception {
        Path text = dir.resolve("t.txt");
        Files.writeString(text, "the cat sat on the mat, and the dog sat on the log.\n".repeat(40));
        Path model = dir.resolve("charlm.rnn4j");
        CliRunner.Run train = CliRunner.run("train", "--data", text.toString(), "--out", model.toString(), "--layers", "1",
                "--hidden", "8", "--embed", "4", "--seq-len", "10", "--batch", "4", "--max-steps", "5");
        assertEquals(0, train.code(), train.err());

        List<String> cmd = CliRunner.childJvm();
        cmd.addAll(List.of("serve", "--model", model.toString(), "--port", "0", "--snapshots", dir.resolve("snap").toString(),
                "--json"));
        Path log = dir.resolve("serve.log");
        Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertNotNull(first, () -> "serve ended before listening: " + read(log));
            JsonObject listening = JsonParser.parseString(first).getAsJsonObject();
            assertEquals("listening", listening.get("event").getAsString());
            int port = listening.get("port").getAsInt();
            assertTrue(port > 0, "the port picked for --port 0: " + first);
            assertEquals("http://127.0.0.1:" + port, listening.get("url").getAsString());
            JsonArray models = listening.getAsJsonArray("models");
            assertEquals(1, models.size());
            assertEquals("charlm", models.get(0).getAsJsonObject().get("name").getAsString());
            assertEquals("language-model", models.get(0).getAsJsonObject().get("kind").getAsString());
            assertEquals(0, listening.get("sessions_restored").getAsInt());

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/sessions"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"charlm\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());

            // SIGTERM: drain, snapshot, stop (through the handle: Process.destroy would also close our end of stdout)
            assertTrue(p.toHandle().destroy());
            String second = out.readLine();
            String rest = out.readLine();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "serve did not stop on SIGTERM");
            assertNotNull(second, () -> "no line after SIGTERM: " + read(log));
            JsonObject stopped = JsonParser.parseString(second).getAsJsonObject();
            assertEquals("stopped", stopped.get("event").getAsString());
            assertEquals(1, stopped.get("sessions_saved").getAsInt());
            assertEquals(null, rest, "nothing else on stdout");
        } finally {
            p.destroyForcibly();
        }
        assertTrue(read(log).contains("rnn4j serve: serving [charlm]"), "the log goes to stderr: " + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
