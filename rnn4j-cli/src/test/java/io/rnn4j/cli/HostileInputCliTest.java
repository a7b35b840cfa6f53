package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.cli.CliRunner.Run;
import io.rnn4j.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command-line defects of the issue "Hostile input and data safety", one test each: runs that
 * destroyed a user's file, ran on garbage or crashed now refuse with one line (exit 2), and a run
 * that trained nothing now fails (exit 3).
 */
class HostileInputCliTest {

    @TempDir
    Path dir;

    private Path text() throws Exception {
        Path text = dir.resolve("text.txt");
        Files.writeString(text, "the cat sat on the mat, and the dog sat on the log.\n".repeat(40));
        return text;
    }

    /** A small, fast training run's options. */
    private static String[] small(String... more) {
        String[] base = {"--layers", "1", "--hidden", "8", "--embed", "4", "--seq-len", "10", "--batch", "4", "--max-steps", "3"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(more, 0, all, 0, more.length);
        System.arraycopy(base, 0, all, more.length, base.length);
        return all;
    }

    private static void assertOneLineError(Run r, String expected) {
        assertTrue(r.code() == ExitCodes.USAGE || r.code() == ExitCodes.INPUT, "exit " + r.code() + ": " + r.err());
        assertTrue(r.err().startsWith("rnn4j: error: "), r.err());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
        assertTrue(r.err().strip().lines().count() <= 2, "one line (and a --help hint), no usage text: " + r.err());
    }

    @Test
    void theModelAndTheCheckpointCannotBeTheSameFile() throws Exception {
        Path same = dir.resolve("x.rnn4j");
        Run r = CliRunner.run(small("train", "--data", text().toString(), "--out", same.toString(), "--checkpoint", same.toString()));
        assertOneLineError(r, "--checkpoint " + same + " is the same file as --out " + same);
    }

    @Test
    void noOutputMayOverwriteTheTrainingTextByNameOrHardLink() throws Exception {
        Path text = text();
        byte[] before = Files.readAllBytes(text);
        assertOneLineError(CliRunner.run(small("train", "--data", text.toString(), "--out", text.toString())),
                "--out " + text + " is the same file as --data");
        Path link = dir.resolve("link.txt");
        Files.createLink(link, text);
        assertOneLineError(CliRunner.run(small("train", "--data", text.toString(), "--out", link.toString())),
                "is the same file as --data");
        Path other = dir.resolve("sub/../text.txt");
        assertOneLineError(CliRunner.run(small("train", "--data", text.toString(), "--checkpoint", other.toString())),
                "is the same file as --data");
        assertArrayEquals(before, Files.readAllBytes(text), "the training text is untouched");
    }

    @Test
    void aRunThatDivergesExitsThree() throws Exception {
        Path model = dir.resolve("m.rnn4j");
        Run r = CliRunner.run("train", "--data", text().toString(), "--layers", "1", "--hidden", "8", "--embed", "4",
                "--seq-len", "10", "--batch", "4", "--epochs", "1", "--lr", "3e38", "--clip", "0", "--optimizer", "sgd",
                "--out", model.toString());
        // The first updates overflow the weights; from then on every gradient is NaN and skipped.
        assertEquals(RunFailedException.EXIT_CODE, r.code(), r.out() + r.err());
        assertTrue(r.err().startsWith("rnn4j: failed: the training loss ended NaN after "), r.err());
        assertTrue(r.err().contains("skipped for non-finite gradients"), r.err());
    }

    @Test
    void temporariesOfKilledWritesAreRemovedAtTheNextStart() throws Exception {
        Path model = dir.resolve("m.rnn4j");
        // pid_max on Linux is at most 2^22, so no process has this id; our own pid is alive.
        Path dead = dir.resolve(".m.rnn4j.999999999.12345.tmp");
        Path deadCheckpoint = dir.resolve(".m.rnn4j.ckpt.999999999.777.tmp");
        Path live = dir.resolve(".m.rnn4j." + ProcessHandle.current().pid() + ".1.tmp");
        Path unrelated = dir.resolve(".m.rnn4j.notes.tmp");
        for (Path p : new Path[] {dead, deadCheckpoint, live, unrelated}) {
            Files.write(p, new byte[1000]);
        }
        Run r = CliRunner.run(small("train", "--data", text().toString(), "--out", model.toString()));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("removed 1 temporary file(s) left beside " + model), r.err());
        assertFalse(Files.exists(dead));
        assertFalse(Files.exists(deadCheckpoint));
        assertTrue(Files.exists(live), "a running process's temporary is left alone");
        assertTrue(Files.exists(unrelated), "a file that is not one of ours is left alone");
    }

    @Test
    void hugeSizesAreRefusedWithAnEstimate() throws Exception {
        assertOneLineError(CliRunner.run("train", "--data", text().toString(), "--hidden", "100000", "--batch", "4",
                "--seq-len", "10"), "needs about");
        assertOneLineError(CliRunner.run("task", "run", "adding", "--hidden", "100000"), "needs about");
        assertOneLineError(CliRunner.run("task", "run", "adding", "--length", "100000000"), "needs about");
        Run overflow = CliRunner.run("train", "--data", text().toString(), "--batch", "2000000000");
        assertOneLineError(overflow, "needs at least 200000000001");
    }

    @Test
    void trainingAndEvaluationRefuseTextThatIsNotUtf8AtTheSameOffset() throws Exception {
        Path binary = dir.resolve("bin.dat");
        byte[] bytes = "hello, world. ".repeat(100).getBytes();
        bytes[1000] = (byte) 0xff;
        Files.write(binary, bytes);
        assertOneLineError(CliRunner.run(small("train", "--data", binary.toString())),
                "is not UTF-8 text: invalid byte 0xff at byte offset 1,000");
        Path model = dir.resolve("m.rnn4j");
        assertEquals(0, CliRunner.run(small("train", "--data", text().toString(), "--out", model.toString())).code());
        assertOneLineError(CliRunner.run("eval", "--model", model.toString(), "--data", binary.toString()),
                "is not UTF-8 text: invalid byte 0xff at byte offset 1,000");
    }

    @Test
    void messagesSayWhatIsWrongWithAPath() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("folder"));
        assertOneLineError(CliRunner.run("train", "--data", folder.toString()), "--data " + folder + " is a directory");
        Path fifo = dir.resolve("fifo");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
            assertOneLineError(CliRunner.run("train", "--data", fifo.toString()), "is not a regular file");
        }
        assertOneLineError(CliRunner.run(small("train", "--data", text().toString(), "--checkpoint", folder.toString())),
                "--checkpoint " + folder + " is a directory");
        assertOneLineError(CliRunner.run("sample", "--model", folder.toString()), folder + " is a directory, not an rnn4j model file");
        if (Files.exists(fifo)) {
            assertOneLineError(CliRunner.run("eval", "--model", fifo.toString(), "--data", text().toString()), "is not a regular file");
        }
        // Root reads any file, so an unreadable one cannot be made here; the message for one is checked directly.
        assertEquals("permission denied", CliFiles.describe(new AccessDeniedException("/some/file")));
    }

    @Test
    void infoDescribesOrRefusesAModelWhoseManifestHasWrongTypes() throws Exception {
        Path model = dir.resolve("m.rnn4j");
        assertEquals(0, CliRunner.run(small("train", "--data", text().toString(), "--out", model.toString())).code());
        var loaded = ModelFile.load(model);
        JsonObject extra = loaded.manifest().deepCopy();
        extra.remove("architecture");
        extra.add("rnn4j_version", new JsonObject());
        ModelFile.save(model, loaded.model(), extra, null);
        Run info = CliRunner.run("info", "--model", model.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("written by rnn4j ?"), info.out());
        extra.addProperty("tokenizer", "x");
        ModelFile.save(model, loaded.model(), extra, null);
        assertOneLineError(CliRunner.run("info", "--model", model.toString()), "the tokenizer must be a JSON object, got a string");
        assertOneLineError(CliRunner.run("eval", "--model", model.toString(), "--data", text().toString()),
                "the tokenizer must be a JSON object, got a string");
    }

    @Test
    void theBeamIsCappedAtTheVocabulary() throws Exception {
        Path model = dir.resolve("m.rnn4j");
        assertEquals(0, CliRunner.run(small("train", "--data", text().toString(), "--out", model.toString())).code());
        Run r = CliRunner.run("sample", "--model", model.toString(), "--beam", "100000", "--length", "5");
        assertOneLineError(r, "--beam 100000 is wider than this model allows: at most ");
    }
}
