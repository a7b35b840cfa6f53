package io.rnn4j.cli;

import io.rnn4j.cli.CliRunner.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code rnn4j translate split}: the three parts, and one-line refusals that leave files alone. */
class TranslateSplitCliTest {

    @TempDir
    Path dir;

    @Test
    void writesTheThreePartsBySourceSentence() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int k = 0; k < 41; k++) {
            lines.add("s" + k + "\tt" + k + "\t#" + k);
        }
        lines.add("s0\tt0 again\t#x");
        Path data = dir.resolve("pairs.txt");
        Files.write(data, lines);
        Path out = dir.resolve("split");
        Run r = CliRunner.run("translate", "split", "--data", data.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("42 pairs -> train 36, dev 2, test 4 pairs"), r.out());
        assertEquals(List.of("s0\tt0\t#0", "s20\tt20\t#20", "s40\tt40\t#40", "s0\tt0 again\t#x"),
                Files.readAllLines(out.resolve("test.tsv")));
        assertEquals(List.of("s1\tt1\t#1", "s21\tt21\t#21"), Files.readAllLines(out.resolve("dev.tsv")));
        assertEquals(36, Files.readAllLines(out.resolve("train.tsv")).size());

        Run again = CliRunner.run("translate", "split", "--data", data.toString(), "--out", out.toString());
        assertEquals(ExitCodes.INPUT, again.code());
        assertTrue(again.err().contains("train.tsv exists"), again.err());
        assertEquals(List.of("s1\tt1\t#1", "s21\tt21\t#21"), Files.readAllLines(out.resolve("dev.tsv")),
                "the existing files are left as they were");
    }

    @Test
    void aLineWithoutItsSecondColumnIsRefusedByLineNumber() throws Exception {
        Path data = dir.resolve("bad.txt");
        Files.writeString(data, "Hi.\t嗨。\nRun.\n");
        Path out = dir.resolve("split");
        Run r = CliRunner.run("translate", "split", "--data", data.toString(), "--out", out.toString());
        assertEquals(ExitCodes.INPUT, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("bad.txt line 2: expected two tab-separated columns"), r.err());
        assertTrue(!Files.exists(out.resolve("train.tsv")), "nothing written");
    }
}
