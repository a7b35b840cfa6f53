package io.rnn4j.cli;

import io.rnn4j.cli.CliRunner.Run;
import io.rnn4j.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The folder holding the data and the output deleted while {@code train} runs (a cleanup script,
 * a user in another terminal): the run goes on, makes the folder again to save, says so, and the
 * saved model loads.
 */
class RemovedFolderCliTest {

    @TempDir
    Path dir;

    @Test
    void aRunWhoseFolderIsRemovedSavesItsModelAndSaysSo() throws Exception {
        Path folder = dir.resolve("runs");
        Files.createDirectories(folder);
        Path text = folder.resolve("t.txt"); // the data goes too: it was read when the run began
        Files.writeString(text, "the cat sat on the mat, and the dog sat on the log.\n".repeat(40));
        Path model = folder.resolve("m.rnn4j");
        Path checkpoint = Path.of(model + ".ckpt");
        AtomicBoolean removed = new AtomicBoolean();
        Thread remover = new Thread(() -> {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!removed.get() && System.nanoTime() < deadline) {
                if (Files.exists(checkpoint)) {
                    removed.set(removeTree(folder)); // may race a checkpoint being written: try again
                }
                Thread.onSpinWait();
            }
        });
        remover.start();
        Run r = CliRunner.run("train", "--data", text.toString(), "--out", model.toString(), "--layers", "1", "--hidden", "8",
                "--embed", "4", "--seq-len", "10", "--batch", "4", "--max-steps", "400", "--validate-every", "50",
                "--checkpoint-every", "5");
        remover.join();
        assertTrue(removed.get(), "the folder was removed during the run: " + r.err());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("rnn4j: warning: the folder " + folder.toAbsolutePath() + " was removed during the run;"
                + " making it again to save"), r.err());
        assertEquals(400, ModelFile.load(model).manifest().getAsJsonObject("provenance").get("steps").getAsInt());
    }

    /** Deletes a folder and everything in it; false when a file appeared meanwhile. */
    private static boolean removeTree(Path folder) {
        try (Stream<Path> all = Files.walk(folder)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            return true;
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }
}
