package io.rnn4j.word2vec;

import io.rnn4j.kernel.Parallel;
import io.rnn4j.text.WordVectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Skip-gram and CBOW learn a corpus of two topics (sentences of words a0..a9, or of b0..b9, with a
 * few shared function words): words of one topic end up closer to each other than to the other
 * topic's; one thread gives the same vectors on every run; the vocabulary follows min count.
 */
class Word2VecTest {

    private static List<List<String>> corpus(int sentences, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<List<String>> out = new ArrayList<>();
        for (int s = 0; s < sentences; s++) {
            String topic = rng.nextBoolean() ? "a" : "b";
            List<String> words = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                words.add(rng.nextInt(4) == 0 ? (rng.nextBoolean() ? "the" : "and") : topic + rng.nextInt(10));
            }
            out.add(words);
        }
        return out;
    }

    private static double cosine(float[] x, float[] y) {
        double xy = 0;
        double xx = 0;
        double yy = 0;
        for (int i = 0; i < x.length; i++) {
            xy += x[i] * y[i];
            xx += x[i] * x[i];
            yy += y[i] * y[i];
        }
        return xy / Math.sqrt(xx * yy);
    }

    /** Mean cosine within a topic minus mean cosine across topics. */
    private static double separation(WordVectors v) {
        double within = 0;
        double across = 0;
        int nw = 0;
        int na = 0;
        for (int i = 0; i < v.size(); i++) {
            for (int j = i + 1; j < v.size(); j++) {
                String a = v.words().get(i);
                String b = v.words().get(j);
                if (a.length() != 2 || b.length() != 2) {
                    continue; // the function words
                }
                double c = cosine(v.vector(i), v.vector(j));
                if (a.charAt(0) == b.charAt(0)) {
                    within += c;
                    nw++;
                } else {
                    across += c;
                    na++;
                }
            }
        }
        return within / nw - across / na;
    }

    @Test
    void skipGramAndCbowSeparateTheTopics() {
        List<List<String>> corpus = corpus(3000, 1);
        Word2VecConfig sg = Word2VecConfig.ofSkipGram();
        Word2VecConfig cbow = Word2VecConfig.ofCbow();
        for (Word2VecConfig c : List.of(sg, cbow, sg.withHierarchical(true).withNegative(0),
                cbow.withHierarchical(true).withNegative(0), sg.withHierarchical(true))) {
            WordVectors v = Word2Vec.train(corpus, c.withDim(20).withEpochs(3).withSample(0));
            assertEquals(22, v.size(), "a0..a9, b0..b9, the, and");
            double s = separation(v);
            assertTrue(s > 0.5, c + ": within-topic minus across-topic cosine " + s);
        }
    }

    @Test
    void oneThreadGivesTheSameVectorsEveryRun() {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            List<List<String>> corpus = corpus(500, 2);
            Word2VecConfig c = Word2VecConfig.ofSkipGram().withDim(8).withEpochs(2);
            WordVectors first = Word2Vec.train(corpus, c);
            WordVectors second = Word2Vec.train(corpus, c);
            for (int i = 0; i < first.size(); i++) {
                assertArrayEquals(first.vector(i), second.vector(i), 0f);
            }
            WordVectors other = Word2Vec.train(corpus, c.withSeed(3));
            assertTrue(cosine(first.vector(0), other.vector(0)) < 0.999999, "another seed, other vectors");
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void theVocabularyFollowsMinCount() {
        List<List<String>> corpus = List.of(List.of("x", "y", "x", "z", "x", "y"));
        List<List<String>> ties = List.of(List.of("x", "z", "y", "x", "y", "z", "x", "w"));
        assertEquals(List.of("x", "y"), Vocabulary.count(corpus, 2, 0).words());
        assertEquals(List.of("x", "z", "y"), Vocabulary.count(ties, 2, 0).words(), "ties keep the order of first appearance");
        assertEquals(List.of("x", "z"), Vocabulary.count(ties, 1, 2).words(), "max vocab keeps the most frequent");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Word2Vec.train(corpus, Word2VecConfig.ofSkipGram().withMinCount(5)));
        assertTrue(e.getMessage().contains("the vocabulary is empty"), e.getMessage());
    }

    @Test
    void aRunResumedFromItsSavedStateEndsWithTheSameVectors(@TempDir Path dir) throws Exception {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Path corpus = dir.resolve("corpus.txt");
            StringBuilder text = new StringBuilder();
            for (List<String> s : corpus(800, 4)) {
                text.append(String.join(" ", s)).append('\n');
            }
            Files.writeString(corpus, text);
            for (Word2VecConfig c : List.of(Word2VecConfig.ofSkipGram(), Word2VecConfig.ofCbow().withHierarchical(true))) {
                Word2VecConfig config = c.withDim(12).withEpochs(3).withMinCount(1);
                Vocabulary v = Vocabulary.count(corpus, 1, 0);
                Word2Vec whole = Word2Vec.create(v, config);
                whole.train(corpus, dir, Word2VecListener.SILENT);

                Path state = dir.resolve("state");
                Word2Vec first = Word2Vec.create(v, config);
                RuntimeException stop = new RuntimeException("stopped after epoch 1");
                RuntimeException thrown = assertThrows(RuntimeException.class, () -> first.train(corpus, dir, new Word2VecListener() {
                    @Override
                    public void epochEnd(int epochsDone, Word2Vec model) {
                        try {
                            model.save(state);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        throw stop; // as a crash right after the checkpoint
                    }
                }));
                assertEquals(stop, thrown);
                Word2Vec resumed = Word2Vec.load(state);
                assertEquals(1, resumed.epochsDone());
                assertEquals(config, resumed.config());
                assertEquals(v, resumed.vocabulary());
                resumed.train(corpus, dir, Word2VecListener.SILENT);
                assertEquals(3, resumed.epochsDone());
                WordVectors a = whole.vectors();
                WordVectors b = resumed.vectors();
                for (int i = 0; i < a.size(); i++) {
                    assertArrayEquals(a.vector(i), b.vector(i), 0f, config + ": word " + a.words().get(i));
                }
            }
            try (var files = Files.list(dir)) {
                assertEquals(List.of(), files.filter(f -> f.getFileName().toString().endsWith(".ids")).toList(),
                        "the encoded corpus is deleted even when a run stops with an exception");
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void aBadStateFileIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path vectors = dir.resolve("v.txt");
        Files.writeString(vectors, "2 2\na 1 2\nb 3 4\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Word2Vec.load(vectors)).getMessage()
                .endsWith("v.txt: not an rnn4j word2vec model (word vectors in word2vec's formats are read as --vectors, not resumed)"));
        Word2Vec m = Word2Vec.create(Vocabulary.of(List.of("a", "b"), new long[]{3, 2}), Word2VecConfig.ofSkipGram().withDim(4));
        Path state = dir.resolve("m.state");
        m.save(state);
        byte[] whole = Files.readAllBytes(state);
        Files.write(state, java.util.Arrays.copyOf(whole, whole.length - 5));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Word2Vec.load(state)).getMessage()
                .endsWith("m.state: the word2vec model ends early (cut off while written?)"));
    }

    @Test
    void theSigmoidTableCoversItsWholeRange() {
        // (f + 6)·1000/12 rounds to 1000 for f just under 6: the table needs 1,001 entries, as the original allocates
        assertEquals(1 / (1 + Math.exp(-6)), Word2Vec.sigmoid(Math.nextDown(6f)), 1e-6);
        assertEquals(1 / (1 + Math.exp(6)), Word2Vec.sigmoid(Math.nextUp(-6f)), 1e-6);
        assertEquals(0.5, Word2Vec.sigmoid(0f), 0.01);
    }

    /**
     * CBOW with the sum of the context: with one context word the sum is the mean and the vectors
     * are the mean's bit for bit; with more, the error is divided over the context as gensim
     * divides it, and the vectors differ. (On the two-topic corpus the sum separates the topics
     * only by 0.026, as gensim 4.2's cbow_mean=0 does, 0.024; the mean separates them by 1.05.)
     */
    @Test
    void cbowWithTheSumOfTheContextIsTheMeanForOneContextWord() {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            List<List<String>> pairs = new ArrayList<>();
            List<List<String>> longer = new ArrayList<>();
            for (List<String> s : corpus(400, 9)) {
                pairs.add(s.subList(0, 2));
                longer.add(s);
            }
            Word2VecConfig mean = Word2VecConfig.ofCbow().withDim(8).withWindow(1).withMinCount(1).withEpochs(2);
            WordVectors a = Word2Vec.train(pairs, mean);
            WordVectors b = Word2Vec.train(pairs, mean.withCbowMean(false));
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.vector(i), b.vector(i), 0f);
            }
            WordVectors c = Word2Vec.train(longer, mean);
            WordVectors d = Word2Vec.train(longer, mean.withCbowMean(false));
            assertTrue(cosine(c.vector(0), d.vector(0)) < 0.9999, "with two context words the sum and the mean differ");
        } finally {
            Parallel.setThreads(before);
        }
    }
}
