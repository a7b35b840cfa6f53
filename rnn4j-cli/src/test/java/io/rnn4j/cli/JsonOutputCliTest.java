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

        // eval scores every token: 299 predictions on 300 characters, chunks of 256 and 43
        Path short300 = dir.resolve("e.txt");
        Files.writeString(short300, Files.readString(text).substring(0, 300));
        JsonObject eval = only(CliRunner.run("eval", "--model", model.toString(), "--data", short300.toString(), "--json"));
        assertEquals(299, eval.get("tokens").getAsLong());
        io.rnn4j.io.LanguageModelFile lm = io.rnn4j.io.LanguageModelFile.load(model);
        int[] ids = lm.tokenizer().encode(Files.readString(short300));
        double onePass = io.rnn4j.train.Trainer.evaluate(lm.model(), new io.rnn4j.loss.SoftmaxCrossEntropy(),
                io.rnn4j.train.BatchSource.fixed(io.rnn4j.data.LanguageModelBatches.of(ids, 299, 1)), true, 0);
        assertEquals(onePass, eval.get("cross_entropy_nats").getAsDouble(), 1e-5, "all 299 predictions in one pass");

        JsonObject beam = only(CliRunner.run("sample", "--model", model.toString(), "--prime", "the", "--length", "10",
                "--beam", "3", "--json"));
        assertEquals(10, beam.get("tokens").getAsInt());
        assertTrue(beam.get("log_probability").getAsDouble() < 0);
    }
}
