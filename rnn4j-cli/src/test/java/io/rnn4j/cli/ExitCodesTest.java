package io.rnn4j.cli;

import io.rnn4j.cli.CliRunner.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of outcome gets its own exit code and one line on stderr (see {@link ExitCodes}). */
class ExitCodesTest {

    @TempDir
    Path dir;

    private Path text() throws Exception {
        Path text = dir.resolve("t.txt");
        Files.writeString(text, "the cat sat on the mat, and the dog sat on the log.\n".repeat(40));
        return text;
    }

    private static void assertExit(int code, Run r, String reason) {
        assertEquals(code, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(reason), r.err());
    }

    @Test
    void usageErrorsExit2() throws Exception {
        assertExit(ExitCodes.USAGE, CliRunner.run("train", "--no-such-option"), "Unknown option");
        assertExit(ExitCodes.USAGE, CliRunner.run("train", "--data", text().toString(), "--batch", "4", "--seq-len", "10", "--cell", "tree"), "--cell must be");
        assertExit(ExitCodes.USAGE, CliRunner.run("train", "--data", text().toString(), "--batch", "4", "--seq-len", "10", "--algorithm", "backprop"), "unknown algorithm");
        assertExit(ExitCodes.USAGE, CliRunner.run("task", "run", "no-such-task"), "no task 'no-such-task'");
        assertExit(ExitCodes.USAGE, CliRunner.run("task", "run", "adding", "--hidden", "100000"), "needs about");
        assertExit(ExitCodes.USAGE, CliRunner.run("forecast", "train"), "is required");
    }

    @Test
    void inputErrorsExit4() throws Exception {
        assertExit(ExitCodes.INPUT, CliRunner.run("train", "--data", dir.resolve("missing.txt").toString()), "no such file");
        Path notModel = dir.resolve("m.rnn4j");
        Files.writeString(notModel, "this is not a model file");
        assertExit(ExitCodes.INPUT, CliRunner.run("info", "--model", notModel.toString()), "m.rnn4j: header length");
        assertExit(ExitCodes.INPUT, CliRunner.run("sample", "--model", dir.toString()), "is a directory");
        Path binary = dir.resolve("bin.dat");
        Files.write(binary, new byte[] {'a', 'b', (byte) 0xff, 'c'});
        Run r = CliRunner.run("train", "--data", binary.toString());
        assertExit(ExitCodes.INPUT, r, "is not UTF-8 text");
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void aTaskRunThatMissesItsCriterionExits3() {
        Run r = CliRunner.run("task", "run", "long-lag", "--lag", "5", "--cell", "rnn", "--algorithm", "rtrl",
                "--max-sequences", "20", "--trials", "1", "--json");
        assertExit(ExitCodes.NOT_MET, r, "did not meet the task's criterion");
        // the result is still printed, as one JSON object
        assertEquals(0, com.google.gson.JsonParser.parseString(r.out()).getAsJsonObject().get("passed").getAsInt());
    }

    @Test
    void aBugIsOneLineWithAHintAndDebugAddsTheStackTrace() {
        Exception bug = new NullPointerException("Cannot read field \"weights\" because \"layer\" is null");
        StringWriter quiet = new StringWriter();
        assertEquals(ExitCodes.INTERNAL, Main.report(bug, new PrintWriter(quiet, true), false));
        assertEquals(1, quiet.toString().strip().lines().count(), quiet.toString());
        assertTrue(quiet.toString().startsWith("rnn4j: internal error: NullPointerException: Cannot read field"), quiet.toString());
        assertTrue(quiet.toString().contains("rerun with --debug"), quiet.toString());

        StringWriter loud = new StringWriter();
        assertEquals(ExitCodes.INTERNAL, Main.report(bug, new PrintWriter(loud, true), true));
        assertTrue(loud.toString().lines().count() > 3 && loud.toString().contains("\tat io.rnn4j.cli.ExitCodesTest"), loud.toString());

        // an IllegalArgumentException without a message comes from a bug, not from a refusal
        assertEquals(ExitCodes.INTERNAL, Main.report(new IllegalArgumentException(), new PrintWriter(new StringWriter()), false));
        // and --debug is accepted by every command
        assertEquals(0, CliRunner.run("info", "--debug").code());
    }
}
