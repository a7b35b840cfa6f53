package io.rnn4j.word2vec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The corpus file becomes ids with the out-of-vocabulary words left out; any split of the file
 * into slices reads every sentence exactly once; lines longer than 10,000 words are cut.
 */
class EncodedCorpusTest {

    @TempDir
    Path dir;

    private static List<List<Integer>> readAll(EncodedCorpus c, long... cuts) {
        List<List<Integer>> out = new ArrayList<>();
        int[] buffer = new int[c.longest()];
        for (int i = 0; i + 1 < cuts.length; i++) {
            EncodedCorpus.Slice s = c.slice(cuts[i], cuts[i + 1], EncodedCorpus.buffer());
            for (int n; (n = s.nextSentence(buffer)) >= 0; ) {
                out.add(Arrays.stream(buffer, 0, n).boxed().toList());
            }
        }
        return out;
    }

    @Test
    void everySliceOfTheFileReadsEachSentenceOnce() throws Exception {
        StringBuilder text = new StringBuilder();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        for (int s = 0; s < 500; s++) {
            int n = 1 + rng.nextInt(30);
            for (int i = 0; i < n; i++) {
                text.append(i > 0 ? " " : "").append(rng.nextInt(5) == 0 ? "rare" + rng.nextInt(1_000_000) : "w" + rng.nextInt(20));
            }
            text.append(s % 7 == 0 ? "\n\n" : "\n"); // empty lines are no sentences
        }
        Path file = dir.resolve("corpus.txt");
        Files.writeString(file, text);
        Vocabulary v = Vocabulary.count(file, 5, 0);
        assertEquals(20, v.size(), "w0..w19; the rare words fall under min count");
        try (EncodedCorpus c = EncodedCorpus.encode(s -> CorpusFile.forEachSentence(file, s), v, dir)) {
            List<List<Integer>> whole = readAll(c, 0, c.length());
            assertEquals(c.words(), whole.stream().mapToInt(List::size).sum());
            assertEquals(v.total(), c.words());
            List<List<Integer>> expected = new ArrayList<>();
            CorpusFile.forEachSentence(file, s -> {
                List<Integer> ids = s.stream().map(v::id).filter(i -> i >= 0).toList();
                if (!ids.isEmpty()) {
                    expected.add(ids);
                }
            });
            assertEquals(expected, whole);
            for (int t = 2; t <= 7; t++) {
                long[] cuts = new long[t + 1];
                for (int k = 0; k <= t; k++) {
                    cuts[k] = c.length() * k / t;
                }
                assertEquals(whole, readAll(c, cuts), t + " slices");
            }
            assertEquals(whole, readAll(c, 0, 1, 2, 3, 40, c.length() - 1, c.length()), "cuts inside sentences and at their ends");
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "the encoded file is deleted on close");
        }
    }

    @Test
    void longLinesAreCutIntoSentencesOfTenThousandWords() throws Exception {
        Path file = dir.resolve("long.txt");
        Files.writeString(file, "a ".repeat(25_000) + "\n");
        List<Integer> lengths = new ArrayList<>();
        CorpusFile.forEachSentence(file, s -> lengths.add(s.size()));
        assertEquals(List.of(10_000, 10_000, 5_000), lengths);
    }

    @Test
    void badCorporaAreRefusedInOneLine() throws Exception {
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "\n  \n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Vocabulary.count(empty, 1, 0)).getMessage()
                .endsWith("empty.txt: the corpus has no words"));
        Path rare = dir.resolve("rare.txt");
        Files.writeString(rare, "a b c a\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Vocabulary.count(rare, 5, 0)).getMessage()
                .endsWith("rare.txt: no word of its 3 distinct words is seen 5 times or more (--min-count); the vocabulary is empty"));
        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, new byte[]{'a', '\n', 'c', 'a', 'f', (byte) 0xe9, '\n'});
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Vocabulary.count(latin1, 1, 0)).getMessage()
                .endsWith("latin1.txt:2: not UTF-8 text"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Vocabulary.count(dir.resolve("none.txt"), 1, 0)).getMessage()
                .endsWith("none.txt: no such corpus file"));
    }
}
