package io.rnn4j.word2vec;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnn4j.text.WordVectors;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * On vectors gensim trained and wrote (the fixture {@code gensim-eval-vectors.bin}: 16-wide CBOW
 * vectors of the benchmark corpus, cut down to the words of the evaluation sets), rnn4j's scores
 * are gensim 4.2's: the right answers of every analogy section by 3CosAdd
 * ({@code evaluate_word_analogies}) and 3CosMul ({@code most_similar_cosmul}, as the peer script
 * asks it), and Spearman's ρ and the out-of-vocabulary share of WordSim-353 and SimLex-999
 * ({@code evaluate_word_pairs}). The fixture and its scores come from
 * {@code rnn4j-bench/peers/gensim_eval_fixture.py}.
 */
class Word2VecGensimParityTest {

    private static final Path EVAL = Path.of("..", "..", "shared", "data", "word-eval");

    private static Path fixture(String name) throws Exception {
        return Path.of(Word2VecGensimParityTest.class.getResource(name).toURI());
    }

    @Test
    void gensimsVectorsScoreAsGensimScoredThem() throws Exception {
        assumeTrue(Files.isDirectory(EVAL), "word-eval is not in ../shared/data");
        JsonObject expected = JsonParser.parseString(Files.readString(fixture("gensim-eval-scores.json"))).getAsJsonObject();
        WordSpace space = new WordSpace(WordVectors.read(fixture("gensim-eval-vectors.bin")), 300_000);
        assertEquals(expected.get("words").getAsInt(), space.size());

        Analogies.Result r = Analogies.read(EVAL.resolve("questions-words.txt")).evaluate(space);
        Map<String, Analogies.Section> ours = new HashMap<>();
        r.sections().forEach(s -> ours.put(s.name(), s));
        ours.put("Total accuracy", r.total());
        int checked = 0;
        for (JsonElement e : expected.getAsJsonArray("sections")) {
            JsonObject g = e.getAsJsonObject();
            String name = g.get("section").getAsString();
            Analogies.Section s = ours.get(name);
            assertEquals(g.get("correct").getAsInt() + g.get("incorrect").getAsInt(), s.questions(), name + ": questions");
            assertEquals(g.get("correct").getAsInt(), s.correctAdd(), name + ": right by 3CosAdd");
            if (!g.get("correct_cosmul").isJsonNull()) {
                assertEquals(g.get("correct_cosmul").getAsInt(), s.correctMul(), name + ": right by 3CosMul");
            }
            checked++;
        }
        assertEquals(r.sections().size() + 1, checked, "every section and the total");
        assertEquals(expected.get("analogy_accuracy").getAsDouble(), r.total().accuracyAdd(), 1e-12);

        for (String set : new String[]{"wordsim353", "simlex999"}) {
            WordPairs.Result p = WordPairs.read(EVAL.resolve(set.equals("wordsim353") ? "wordsim353.tsv" : "simlex999.txt")).evaluate(space);
            assertEquals(expected.get(set + "_oov_percent").getAsDouble(), 100 * p.outOfVocabularyShare(), 1e-9, set);
            // rnn4j takes the pairs' cosines in double precision, gensim in float32: on SimLex-999 two
            // pairs then rank the other way round and ρ moves by 4e-7 (scipy on float64 cosines of
            // the same vectors gives rnn4j's 0.1069786842, on gensim's float32 ones 0.1069790980).
            assertEquals(expected.get(set + "_spearman").getAsDouble(), p.spearman(), 1e-6, set + ": Spearman");
        }
    }
}
