package io.rnn4j.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs a command line in this JVM and captures its exit code, standard output and standard error. */
final class CliRunner {

    record Run(int code, String out, String err) {
    }

    private CliRunner() {
    }

    static synchronized Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /**
     * The command that starts rnn4j's main class in a child JVM on the test class path, as the
     * launcher does (with the Vector API module, so the child computes with the same kernels as
     * the tests' own JVM); append the rnn4j arguments.
     */
    static List<String> childJvm() {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    }

    /**
     * Starts {@code rnn4j OPTIONS} in a child JVM and kills it (SIGKILL) as soon as
     * {@code checkpoint} exists, failing with the child's output if it ends or takes 60 s first.
     * Leaves the checkpoint for a resume.
     */
    static void killAfterFirstCheckpoint(List<String> options, Path checkpoint, Path log) throws Exception {
        List<String> cmd = childJvm();
        cmd.addAll(options);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(checkpoint) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(p.isAlive() && Files.exists(checkpoint), "the run must be killed after its first checkpoint:\n"
                + Files.readString(log));
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }

    /**
     * The command is refused as a usage error (exit 2) or an input error (exit 4) with one line on
     * stderr that contains {@code reason}. Which of the two each kind of refusal gets is pinned
     * by {@code ExitCodesTest}.
     */
    static void assertRefused(java.util.List<String> args, String reason) {
        Run r = run(args.toArray(String[]::new));
        org.junit.jupiter.api.Assertions.assertTrue(r.code() == ExitCodes.USAGE || r.code() == ExitCodes.INPUT,
                "exit " + r.code() + ": " + r.out() + r.err());
        org.junit.jupiter.api.Assertions.assertEquals(1, r.err().strip().lines().count(), r.err());
        org.junit.jupiter.api.Assertions.assertTrue(r.err().contains(reason), r.err());
    }
}
