package io.rnn4j.word2vec;

import io.rnn4j.kernel.Parallel;
import io.rnn4j.text.WordVectors;
import org.junit.jupiter.api.Test;

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
        for (Word2VecConfig c : List.of(Word2VecConfig.ofSkipGram(), Word2VecConfig.ofCbow())) {
            WordVectors v = Word2Vec.train(corpus, c.withDim(20).withEpochs(3).withSample(0));
            assertEquals(22, v.size(), "a0..a9, b0..b9, the, and");
            double s = separation(v);
            assertTrue(s > 0.5, (c.skipGram() ? "skip-gram" : "CBOW") + ": within-topic minus across-topic cosine " + s);
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
        assertEquals(List.of("x", "y"), new ArrayList<>(Word2Vec.vocabulary(corpus, 2).keySet()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Word2Vec.train(corpus, Word2VecConfig.ofSkipGram().withMinCount(5)));
        assertTrue(e.getMessage().contains("the vocabulary is empty"), e.getMessage());
    }
}
