package io.rnn4j.word2vec;

import io.rnn4j.text.WordVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spearman's ρ equals scipy's (ties by mean rank); analogies are answered by 3CosAdd and 3CosMul
 * on a hand-made space, the question words never answer, questions with a missing word are
 * counted out of vocabulary; case is ignored with the more frequent variant winning, as gensim does.
 */
class WordEvaluationTest {

    @TempDir
    Path dir;

    @Test
    void spearmanIsScipysWithTiesRankedByTheirMean() {
        // scipy.stats.spearmanr on the same lists (scipy 1.10)
        assertEquals(0.028988551782622423, WordPairs.spearman(new double[]{1, 2, 3, 4, 5, 6}, new double[]{5, 6, 7, 8, 7, 1}), 1e-12);
        assertEquals(0.22019275302527216, WordPairs.spearman(new double[]{3.5, 1, 1, 2, 9, 4, 4},
                new double[]{0.1, 0.3, 0.3, 0.2, 0.9, -0.5, 0.4}), 1e-12);
    }

    /**
     * Royalty, sex and fruit axes plus a shared one; "king" is a lower-case variant of "King"
     * near "queen", which 3CosAdd would answer for man : King :: woman : ? were case not ignored.
     */
    private static WordSpace space() {
        return new WordSpace(WordVectors.of(List.of("King", "queen", "man", "woman", "apple", "pear", "king"), new float[][]{
                {1, 0, 0, 1}, {1, 1, 0, 1}, {0.1f, 0, 0, 1}, {0.1f, 1, 0, 1}, {0, 0, 1, 1}, {0.1f, 0, 1, 1}, {1, 1.1f, 0, 1}}), 0);
    }

    /** The expected scores are gensim 4.2's evaluate_word_analogies / most_similar_cosmul / evaluate_word_pairs on the same vectors and files. */
    @Test
    void analogiesAndPairsAreScoredAsGensimScoresThem() throws Exception {
        WordSpace s = space();
        assertEquals(s.id("King"), s.id("king"), "case is ignored, the earlier (more frequent) variant answers");
        assertEquals("king", Analogies.answer(s, s.id("man"), s.id("King"), s.id("woman"), 1, false).get(0).word(),
                "asked directly, the nearest other word is the lower-case variant (gensim's most_similar says so too)");
        Path q = dir.resolve("q.txt");
        Files.writeString(q, ": royals\nman king woman queen\nwoman queen man king\nking queen man woman\n"
                + "man king woman unicorn\n: fruit\napple pear apple pear\nman woman king queen\n");
        Analogies.Result r = Analogies.read(q).evaluate(s);
        assertEquals(List.of(new Analogies.Section("royals", 3, 3, 3), new Analogies.Section("fruit", 2, 1, 1)), r.sections());
        assertEquals(new Analogies.Section("total", 5, 4, 4), r.total());
        assertEquals(1, r.outOfVocabulary(), "unicorn");
        Path p = dir.resolve("pairs.tsv");
        Files.writeString(p, "# comment\nking\tqueen\t8\nman\twoman\t7\napple\tpear\t9\nking\tapple\t1\nunicorn\tpear\t3\n");
        WordPairs.Result pr = WordPairs.read(p).evaluate(s);
        assertEquals(4, pr.pairs());
        assertEquals(0.2, pr.outOfVocabularyShare(), 1e-12);
        assertEquals(1.0, pr.spearman(), 1e-12);
    }

    @Test
    void badEvaluationFilesAreRefusedInOneLine() throws Exception {
        Path q = dir.resolve("bad.txt");
        Files.writeString(q, ": s\na b c\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Analogies.read(q)).getMessage()
                .endsWith("bad.txt:2: expected four words 'a b c d', got 'a b c'"));
        Path p = dir.resolve("bad.tsv");
        Files.writeString(p, "a\tb\tlots\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WordPairs.read(p)).getMessage()
                .endsWith("bad.tsv:1: expected 'word1<TAB>word2<TAB>score', got 'a\tb\tlots'"));
    }

    @Test
    void pcaPutsTwoClustersApartOnTheFirstAxis() {
        double[][] p = Pca2d.project(new float[][]{{1, 0, 0}, {1.1f, 0.1f, 0}, {0.9f, 0, 0.1f}, {-1, 0, 0}, {-1.1f, 0.1f, 0}});
        assertTrue(Math.signum(p[0][0]) == Math.signum(p[1][0]) && Math.signum(p[0][0]) == Math.signum(p[2][0]));
        assertTrue(Math.signum(p[3][0]) == Math.signum(p[4][0]) && Math.signum(p[0][0]) != Math.signum(p[3][0]));
        assertTrue(Math.abs(p[0][0] - p[3][0]) > 10 * Math.abs(p[0][1] - p[3][1]));
    }
}
