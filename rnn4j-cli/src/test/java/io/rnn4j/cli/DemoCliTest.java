package io.rnn4j.cli;

import io.rnn4j.cli.CliRunner.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rnn4j demo}: the embedded corpus, the validation curve printed as it goes, and a sample. */
class DemoCliTest {

    @TempDir
    Path dir;

    @Test
    void aShortRunOnTheEmbeddedCorpusPrintsTheCurveAndASample() {
        Run r = CliRunner.run("demo", "--seconds", "3", "--hidden", "16", "--validate-every", "5", "--length", "80");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("on Tiny Shakespeare (embedded) (1,115,394 characters, vocabulary 65)"), r.out());
        assertTrue(r.out().contains("validation on 16,384 held-out characters every 5 updates"), r.out());
        Matcher curve = Pattern.compile("(?m)^val  step +(\\d+) +(\\d+\\.\\d+) nats/char +=+").matcher(r.out());
        int points = 0;
        double first = Double.NaN;
        double last = Double.NaN;
        long previous = 0;
        boolean offTheGrid = false;
        while (curve.find()) {
            long step = Long.parseLong(curve.group(1));
            // one point every 5 updates, in order, and the run's last update validated at the end
            assertTrue(!offTheGrid && (step == previous + 5 || step > previous), "point at update " + step + " after " + previous);
            offTheGrid = step != previous + 5;
            previous = step;
            last = Double.parseDouble(curve.group(2));
            first = points == 0 ? last : first;
            points++;
        }
        assertTrue(points >= 2, "the curve has points: " + r.out());
        assertTrue(last < first, "the loss falls from " + first + " to " + last + " on Shakespeare");
        String header = "sample (temperature 0.6):" + System.lineSeparator();
        String sample = r.out().substring(r.out().indexOf(header) + header.length(), r.out().length() - System.lineSeparator().length());
        assertTrue(sample.startsWith("Fir") && sample.codePointCount(0, sample.length()) == 3 + 80, sample);
    }

    @Test
    void jsonPrintsTheResultAsOneObjectAndTheProgressOnStderr() {
        Run r = CliRunner.run("demo", "--seconds", "2", "--hidden", "16", "--validate-every", "5", "--length", "40", "--json");
        assertEquals(0, r.code(), r.err());
        var o = com.google.gson.JsonParser.parseString(r.out()).getAsJsonObject();
        var curve = o.getAsJsonArray("validation_curve");
        assertTrue(curve.size() >= 2, o.toString());
        double best = Double.POSITIVE_INFINITY;
        for (var point : curve) {
            best = Math.min(best, point.getAsJsonObject().get("validation_loss").getAsDouble());
        }
        assertEquals(best, o.get("best_validation_loss").getAsDouble(), 0.0, "the best point of the curve is the kept one");
        String sample = o.get("sample").getAsString();
        assertTrue(sample.startsWith("Fir") && sample.codePointCount(0, sample.length()) == 3 + 40, sample);
        assertTrue(r.err().contains("val  step "), "the curve is still drawn, on stderr: " + r.err());
    }

    @Test
    void aTextTooShortForOneBatchIsRefusedInOneLine() throws Exception {
        Path tiny = dir.resolve("tiny.txt");
        Files.writeString(tiny, "to be or not to be");
        Run r = CliRunner.run("demo", "--data", tiny.toString());
        assertEquals(ExitCodes.INPUT, r.code(), r.err());
        assertTrue(r.err().contains("the demo trains on the first 90 %"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
