package io.rnn4j.cli;

import io.rnn4j.io.ModelFile;
import io.rnn4j.nn.ParameterSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * {@code train} killed in a separate JVM (SIGKILL, or Ctrl-C's SIGINT) and continued with
 * {@code --resume} ends with the same weights, bit for bit, as the same run never interrupted.
 */
class ResumeCliTest {

    @TempDir
    Path dir;
    private Path text;

    @BeforeEach
    void writeText() throws IOException {
        SplittableRandom r = new SplittableRandom(1);
        StringBuilder sb = new StringBuilder();
        String[] words = {"the ", "cell ", "state ", "gate ", "forgets ", "remembers ", "and ", "a ", "step ", ".\n"};
        while (sb.length() < 60_000) {
            sb.append(words[r.nextInt(words.length)]);
        }
        text = dir.resolve("text.txt");
        Files.writeString(text, sb);
    }

    private List<String> options(String out) {
        return List.of("--data", text.toString(), "--layers", "2", "--hidden", "48", "--embed", "8", "--seq-len", "24",
                "--batch", "8", "--dropout", "0.2", "--max-steps", "500", "--validate-every", "50", "--schedule", "cosine",
                "--threads", "2", "--checkpoint-every", "20", "--out", out);
    }

    private static String[] train(List<String> options) {
        List<String> args = new ArrayList<>();
        args.add("train");
        args.addAll(options);
        return args.toArray(String[]::new);
    }

    /** Starts {@code rnn4j train} in a new JVM on the test class path and waits for its first checkpoint. */
    private Process startAndAwaitCheckpoint(Path model, Path log) throws Exception {
        List<String> cmd = CliRunner.childJvm();
        cmd.addAll(List.of(train(options(model.toString()))));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process p = pb.start();
        Path checkpoint = Path.of(model + ".ckpt");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(checkpoint) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(p.isAlive(), "the run must still be training when it is stopped:\n" + Files.readString(log));
        assertTrue(Files.exists(checkpoint), "no checkpoint within 60 s:\n" + Files.readString(log));
        return p;
    }

    /** Whether this process ignores SIGINT, from the SigIgn mask in /proc/self/status (false where there is none). */
    private static boolean ignoresSigint() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (2 - 1))) != 0; // SIGINT is 2
            }
        }
        return false;
    }

    private static float[] weights(Path model) {
        ParameterSet ps = ModelFile.load(model).model().parameters();
        return ps.values().clone();
    }

    private static int runInProcess(String... args) {
        PrintStream old = System.out;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            return Main.run(args);
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void aRunKilledWithSigkillAndResumedEndsWithTheSameWeights() throws Exception {
        Path reference = dir.resolve("reference.rnn4j");
        assertEquals(0, runInProcess(train(options(reference.toString()))));
        assertFalse(Files.exists(Path.of(reference + ".ckpt")), "a finished run removes its checkpoint");

        Path killed = dir.resolve("killed.rnn4j");
        Process p = startAndAwaitCheckpoint(killed, dir.resolve("killed.log"));
        p.destroyForcibly(); // SIGKILL: no handler runs
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertNotEquals(0, p.exitValue());
        assertFalse(Files.exists(killed), "a killed run has not written its model");

        Path checkpoint = Path.of(killed + ".ckpt");
        assertEquals(0, runInProcess("train", "--resume", checkpoint.toString()));
        assertArrayEquals(weights(reference), weights(killed));
        assertFalse(Files.exists(checkpoint));
        long lines = Files.readAllLines(Path.of(killed + ".metrics.jsonl")).stream().filter(l -> !l.contains("validation")).count();
        assertEquals(500, lines, "one metrics line per update, none twice after the resume");
    }

    /** CI's version: three kills at random moments. */
    @Test
    void aRunKilledThreeTimesAtRandomMomentsEndsWithTheSameWeights() throws Exception {
        killedAtRandomMoments(3, 11);
    }

    /** The version (slow profile): twenty kills. */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void aRunKilledTwentyTimesAtRandomMomentsEndsWithTheSameWeights() throws Exception {
        killedAtRandomMoments(20, 12);
    }

    /**
     * Runs {@code train} in a child JVM and SIGKILLs it after a random delay, {@code kills} times:
     * each time the run goes on from its checkpoint (or starts again when it died before the
     * first one), then it is left to finish. Kills land anywhere: while the JVM starts, while it
     * trains, while it writes a checkpoint. The weights must equal the uninterrupted run's.
     */
    private void killedAtRandomMoments(int kills, long seed) throws Exception {
        Path reference = dir.resolve("reference.rnn4j");
        List<String> options = new ArrayList<>(options(reference.toString()));
        options.set(options.indexOf("--checkpoint-every") + 1, "7");
        assertEquals(0, runInProcess(train(options)));

        Path killed = dir.resolve("killed.rnn4j");
        options.set(options.indexOf("--out") + 1, killed.toString());
        Path checkpoint = Path.of(killed + ".ckpt");
        SplittableRandom random = new SplittableRandom(seed);
        int done = 0;
        int resumes = 0;
        while (true) {
            List<String> cmd = CliRunner.childJvm();
            if (Files.exists(checkpoint)) {
                cmd.addAll(List.of("train", "--resume", checkpoint.toString()));
                resumes++;
            } else {
                cmd.addAll(List.of(train(options)));
            }
            Path log = dir.resolve("run-" + (done + 1) + ".log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("OPENBLAS_NUM_THREADS", "1");
            Process p = pb.start();
            if (done == kills) {
                assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the last run must finish");
                assertEquals(0, p.exitValue(), Files.readString(log));
                break;
            }
            Thread.sleep(300 + random.nextInt(2_500));
            assertTrue(p.isAlive(), "the run ended before kill " + (done + 1) + " of " + kills + ":\n" + Files.readString(log));
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            done++;
        }
        assertTrue(Files.exists(killed), "the run finished");
        assertArrayEquals(weights(reference), weights(killed), kills + " kills, " + resumes + " resumes");
        assertFalse(Files.exists(checkpoint));
    }

    @Test
    void ctrlCWritesACheckpointAndTheModelAndExitsCleanly() throws Exception {
        // A process started in the background by a non-interactive shell ignores SIGINT, and its
        // children inherit that: then Ctrl-C could never reach the training run started here.
        assumeFalse(ignoresSigint(), "this test process ignores SIGINT (started in the background by a script),"
                + " so its child would too; run the tests in the foreground");
        Path reference = dir.resolve("reference.rnn4j");
        assertEquals(0, runInProcess(train(options(reference.toString()))));

        Path stopped = dir.resolve("stopped.rnn4j");
        Path log = dir.resolve("stopped.log");
        Process p = startAndAwaitCheckpoint(stopped, log);
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
        assertEquals(0, kill.waitFor());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String output = Files.readString(log);
        assertTrue(output.contains("stopped at update"), output);
        assertTrue(output.contains("--resume"), output);
        assertTrue(Files.exists(stopped), "the model so far is saved:\n" + output);
        Path checkpoint = Path.of(stopped + ".ckpt");
        assertTrue(Files.exists(checkpoint));

        assertEquals(0, runInProcess("train", "--resume", checkpoint.toString()));
        assertArrayEquals(weights(reference), weights(stopped));
    }

    @Test
    void resumeRefusesAChangedModelOrChangedData() throws Exception {
        Path model = dir.resolve("m.rnn4j");
        Process p = startAndAwaitCheckpoint(model, dir.resolve("m.log"));
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
        Path checkpoint = Path.of(model + ".ckpt");

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldErr = System.err;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            assertEquals(ExitCodes.USAGE, runInProcess("train", "--resume", checkpoint.toString(), "--hidden", "64"));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("--hidden was 48"), err.toString(StandardCharsets.UTF_8));
            err.reset();
            Path other = dir.resolve("other.txt");
            Files.writeString(other, Files.readString(text) + "!");
            assertEquals(ExitCodes.INPUT, runInProcess("train", "--resume", checkpoint.toString(), "--data", other.toString()));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("is not the text"), err.toString(StandardCharsets.UTF_8));
            err.reset();
            assertEquals(ExitCodes.INPUT, runInProcess(train(options(model.toString()))));
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("holds a checkpoint of an earlier run"),
                    err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
        }
    }
}
