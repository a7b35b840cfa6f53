package io.rnn4j.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnn4j.cli.CliRunner.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --json}: one JSON object on stdout and nothing else there; progress stays on stderr. */
class JsonOutputCliTest {

    @TempDir
    Path dir;

    private static JsonObject only(Run r) {
        assertEquals(0, r.code(), r.err());
        return JsonParser.parseString(r.out()).getAsJsonObject(); // throws if stdout holds anything else
    }

    @Test
    void trainInfoAndSampleReportOneObject() throws Exception {
        Path text = dir.resolve("t.txt");
        Files.writeString(text, "the cat sat on the mat, and the dog sat on the log.\n".repeat(40));
        Path model = dir.resolve("m.rnn4j");
        Run train = CliRunner.run("train", "--data", text.toString(), "--out", model.toString(), "--layers", "1", "--hidden", "8",
                "--embed", "4", "--seq-len", "10", "--batch", "4", "--max-steps", "30", "--validate-every", "10", "--json");
        JsonObject t = only(train);
        assertEquals("done", t.get("status").getAsString());
        assertEquals(30, t.get("updates").getAsInt());
        assertTrue(t.get("best_validation_loss").getAsDouble() > 0, t.toString());
        assertEquals(model.toString(), t.get("model").getAsString());
        assertTrue(train.err().contains("done: 30 updates"), "the human summary goes to stderr: " + train.err());

        JsonObject info = only(CliRunner.run("info", "--model", model.toString(), "--json"));
        assertEquals(t.get("parameters").getAsInt(), info.get("parameters").getAsInt());
        assertEquals("char", info.get("tokens").getAsString());
        assertEquals(t.get("vocabulary").getAsInt(), info.get("vocabulary").getAsInt());
        assertEquals(30, info.getAsJsonObject("provenance").get("steps").getAsInt());
        assertTrue(info.getAsJsonObject("parameter_shapes").has("rnn.weight_hh_l0"), info.toString());

        JsonObject installation = only(CliRunner.run("info", "--json"));
        assertEquals(io.rnn4j.Version.get(), installation.get("rnn4j").getAsString());
        assertTrue(installation.get("threads").getAsInt() >= 1);

        JsonObject sample = only(CliRunner.run("sample", "--model", model.toString(), "--prime", "the", "--length", "25", "--json"));
        assertEquals(25, sample.get("tokens").getAsInt());
        assertEquals(25, sample.get("text").getAsString().length(), "a char model's tokens are characters");
        assertEquals("the", sample.get("prime").getAsString());
        Run streamed = CliRunner.run("sample", "--model", model.toString(), "--prime", "the", "--length", "25");
        assertEquals("the" + sample.get("text").getAsString() + System.lineSeparator(), streamed.out(), "the same seed gives the same text");

        JsonObject beam = only(CliRunner.run("sample", "--model", model.toString(), "--prime", "the", "--length", "10",
                "--beam", "3", "--json"));
        assertEquals(10, beam.get("tokens").getAsInt());
        assertTrue(beam.get("log_probability").getAsDouble() < 0);
    }
}
