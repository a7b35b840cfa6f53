package io.rnn4j.examples;

import io.rnn4j.text.BrownReader;
import io.rnn4j.text.WordVectors;
import io.rnn4j.word2vec.Analogies;
import io.rnn4j.word2vec.Vocabulary;
import io.rnn4j.word2vec.Word2Vec;
import io.rnn4j.word2vec.Word2VecConfig;
import io.rnn4j.word2vec.Word2VecListener;
import io.rnn4j.word2vec.WordPairs;
import io.rnn4j.word2vec.WordSpace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's word2vec example, as written there: skip-gram vectors of the Brown corpus (three
 * epochs of 50 dimensions) put three other days of the week among the ten words nearest to
 * "monday", score WordSim-353 above chance, and survive their file and the saved state.
 */
class ReadmeWord2VecExampleTest {

    private static final Path DATA = Path.of("..", "..", "shared", "data");

    @Test
    void theWord2VecExampleTrainsSavesAndScores(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(DATA.resolve("brown")), "brown is not in ../shared/data");
        Path corpus = dir.resolve("brown.txt");                                     // one sentence per line
        Files.write(corpus, BrownReader.read(DATA.resolve("brown/brown.zip"), null).words().stream()
                .map(s -> String.join(" ", s).toLowerCase(Locale.ROOT)).toList());
        Word2VecConfig config = Word2VecConfig.ofSkipGram().withDim(50).withEpochs(3);
        Vocabulary vocabulary = Vocabulary.count(corpus, config.minCount(), config.maxVocab());
        Word2Vec w2v = Word2Vec.create(vocabulary, config);
        w2v.train(corpus, dir, Word2VecListener.SILENT);
        w2v.vectors().writeBinary(dir.resolve("brown.bin"));       // gensim's load_word2vec_format reads it
        w2v.save(dir.resolve("brown.state"));                      // everything needed to train on later

        WordSpace space = new WordSpace(WordVectors.read(dir.resolve("brown.bin")), 300_000);
        List<WordSpace.Neighbour> nearMonday = space.nearest(space.id("monday"), 10);
        WordPairs.Result wordsim = WordPairs.read(DATA.resolve("word-eval/wordsim353.tsv")).evaluate(space);
        Analogies.Result analogies = Analogies.read(DATA.resolve("word-eval/questions-words.txt")).evaluate(space);

        Set<String> days = Set.of("sunday", "tuesday", "wednesday", "thursday", "friday", "saturday");
        assertTrue(nearMonday.stream().filter(n -> days.contains(n.word())).count() >= 3, "nearest to monday: " + nearMonday);
        assertTrue(wordsim.spearman() > 0.1 && wordsim.pairs() > 150, "WordSim-353: " + wordsim);
        assertTrue(analogies.total().questions() > 100, "analogy questions in Shakespeare's vocabulary: " + analogies.total());
        Word2Vec loaded = Word2Vec.load(dir.resolve("brown.state"));
        assertEquals(config.epochs(), loaded.epochsDone());
        assertEquals(vocabulary, loaded.vocabulary());
    }
}
