package io.rnn4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelCorpusTest {

    @Test
    void pairsAreReadWithTheirAttributionAndTheByteOrderMarkAndEmptyLinesAreSkipped(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("cmn.txt");
        Files.writeString(f, "\uFEFFHi.\t嗨。\tCC-BY 2.0 (France) #1\nRun.\t你用跑的。\t#2\r\n\nWait!\t等等！\n");
        List<ParallelCorpus.Pair> pairs = ParallelCorpus.read(f);
        assertEquals(List.of(new ParallelCorpus.Pair("Hi.", "嗨。", "CC-BY 2.0 (France) #1"),
                new ParallelCorpus.Pair("Run.", "你用跑的。", "#2"),
                new ParallelCorpus.Pair("Wait!", "等等！", "")), pairs);
    }

    @Test
    void theSplitGoesBySourceSentenceInOrderOfFirstAppearance() {
        List<ParallelCorpus.Pair> pairs = new ArrayList<>();
        for (int k = 0; k < 45; k++) {
            pairs.add(new ParallelCorpus.Pair("s" + k, "t" + k + "a", ""));
        }
        // later translations of sentences 0, 1 and 5 follow their part
        pairs.add(new ParallelCorpus.Pair("s0", "t0b", ""));
        pairs.add(new ParallelCorpus.Pair("s1", "t1b", ""));
        pairs.add(new ParallelCorpus.Pair("s5", "t5b", ""));
        ParallelCorpus.Split split = ParallelCorpus.split(pairs);
        assertEquals(List.of("t0a", "t20a", "t40a", "t0b"), split.test().stream().map(ParallelCorpus.Pair::second).toList());
        assertEquals(List.of("t1a", "t21a", "t41a", "t1b"), split.dev().stream().map(ParallelCorpus.Pair::second).toList());
        assertEquals(45 + 3 - 8, split.train().size());
        assertTrue(split.train().contains(new ParallelCorpus.Pair("s5", "t5b", "")));
    }

    @Test
    void badLinesAreRefusedWithTheirLineNumber() {
        var oneColumn = assertThrows(IllegalArgumentException.class, () -> ParallelCorpus.parse("Hi.\t嗨。\nRun.\n", "cmn.txt"));
        assertEquals("cmn.txt line 2: expected two tab-separated columns (and an optional attribution), found one",
                oneColumn.getMessage());
        var emptyTarget = assertThrows(IllegalArgumentException.class, () -> ParallelCorpus.parse("Hi.\t \tx\n", "p.tsv"));
        assertEquals("p.tsv line 1: the second column (target sentence) is empty", emptyTarget.getMessage());
        var emptySource = assertThrows(IllegalArgumentException.class, () -> ParallelCorpus.parse("\t嗨。\n", "p.tsv"));
        assertEquals("p.tsv line 1: the first column (source sentence) is empty", emptySource.getMessage());
    }

    @Test
    void notUtf8IsRefused(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("latin1.txt");
        Files.write(f, new byte[] {'H', 'i', '\t', (byte) 0xe9, '\n'});
        var e = assertThrows(IllegalArgumentException.class, () -> ParallelCorpus.read(f));
        assertTrue(e.getMessage().endsWith("is not UTF-8 text"), e.getMessage());
    }

    /** The shared Tatoeba file, as the translation results use it. */
    @Test
    void theTatoebaFileSplitsIntoDisjointParts() throws IOException {
        Path file = Path.of("..", "..", "shared", "data", "tatoeba-cmn-eng", "cmn.txt");
        List<ParallelCorpus.Pair> pairs = ParallelCorpus.read(file);
        assertEquals(29_155, pairs.size());
        ParallelCorpus.Split split = ParallelCorpus.split(pairs);
        assertEquals(pairs.size(), split.train().size() + split.dev().size() + split.test().size());
        Set<String> test = new HashSet<>();
        split.test().forEach(p -> test.add(p.first()));
        Set<String> dev = new HashSet<>();
        split.dev().forEach(p -> dev.add(p.first()));
        for (ParallelCorpus.Pair p : split.train()) {
            assertTrue(!test.contains(p.first()) && !dev.contains(p.first()), p.first());
        }
        dev.forEach(s -> assertTrue(!test.contains(s), s));
        Set<String> distinct = new HashSet<>();
        pairs.forEach(p -> distinct.add(p.first()));
        assertEquals((distinct.size() + 19) / 20, test.size());
        System.out.printf("tatoeba cmn-eng: %d pairs, %d distinct English sentences; train %d, dev %d, test %d pairs%n",
                pairs.size(), distinct.size(), split.train().size(), split.dev().size(), split.test().size());
    }
}
