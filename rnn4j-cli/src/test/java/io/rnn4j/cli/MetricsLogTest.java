package io.rnn4j.cli;

import io.rnn4j.train.Metrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A metrics log whose file vanishes during the run (its folder deleted, say) says so when it closes. */
class MetricsLogTest {

    @TempDir
    Path dir;

    @Test
    void aLogRemovedWhileOpenIsReportedOnClose() throws Exception {
        Path file = dir.resolve("m.metrics.jsonl");
        PrintStream old = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            MetricsLog kept = new MetricsLog(file);
            kept.onMetrics(new Metrics(1, 0, 2.0, Double.NaN, 0.001, 1.0, 100, 0.1));
            kept.close();
            assertEquals(1, Files.readAllLines(file).size());
            assertEquals("", err.toString(StandardCharsets.UTF_8), "nothing to report");

            MetricsLog lost = new MetricsLog(file);
            lost.onMetrics(new Metrics(1, 0, 2.0, Double.NaN, 0.001, 1.0, 100, 0.1));
            Files.delete(file);
            lost.close();
        } finally {
            System.setErr(old);
        }
        String said = err.toString(StandardCharsets.UTF_8);
        assertTrue(said.startsWith("rnn4j: warning: " + file + " was removed while the run wrote it"), said);
        assertEquals(1, said.strip().lines().count(), said);
    }
}
