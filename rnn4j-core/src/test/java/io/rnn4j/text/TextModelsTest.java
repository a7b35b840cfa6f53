package io.rnn4j.text;

import io.rnn4j.eval.ChunkF1;
import io.rnn4j.io.ModelFormatException;
import io.rnn4j.io.TaggerFile;
import io.rnn4j.io.TextClassifierFile;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.Init;
import io.rnn4j.optim.Adam;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Objective;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.UpdateRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The text classifier and the tagger learn small synthetic tasks that need what they are built
 * for (a sentiment word anywhere in a sentence; a tag that depends on the word before and on the
 * spelling of words never seen), and come back from their model files giving the same answers.
 */
class TextModelsTest {

    private static final String[] FILLER = {"the", "film", "was", "a", "story", "of", "it", "and", "plot", "cast"};

    /** Sentences of 3–8 filler words with "great"/"awful" somewhere: the class is which one. */
    private static LabelledTexts sentiment(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> texts = new ArrayList<>();
        int[] labels = new int[n];
        List<String> origins = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = 3 + rng.nextInt(6);
            int at = rng.nextInt(len);
            labels[i] = rng.nextInt(2);
            StringBuilder s = new StringBuilder();
            for (int t = 0; t < len; t++) {
                s.append(t == 0 ? "" : " ").append(t == at ? (labels[i] == 1 ? "great" : "awful") : FILLER[rng.nextInt(FILLER.length)]);
            }
            texts.add(s.toString());
            origins.add("synthetic:" + (i + 1));
        }
        return new LabelledTexts(texts, labels, List.of("neg", "pos"), origins);
    }

    private static void train(io.rnn4j.nn.SequenceModel model, io.rnn4j.loss.Loss loss, String output, BatchSource batches,
                              int epochs) {
        Objective objective = output == null ? Objective.of(loss) : Objective.of(new Objective.Term(output, loss, 1.0));
        UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters())).learningRate(0.01).clipNorm(1).build();
        new Trainer(Bptt.full(model, objective, rule), TrainingConfig.builder().epochs(epochs).seed(3).build())
                .fit(batches, (io.rnn4j.train.Validation) null, null);
    }

    @Test
    void everyEncoderLearnsWhereverTheSentimentWordIs(@TempDir Path dir) throws IOException {
        LabelledTexts train = sentiment(400, 1);
        LabelledTexts test = sentiment(200, 2);
        ClassifierConfig base = ClassifierConfig.defaults().withEmbedding(16).withHidden(16).withDropout(0f);
        for (ClassifierConfig c : List.of(base, base.withPooling("attention"), base.withPooling("last"), base.withEncoder("gru")
                .withPooling("mean"), base.withEncoder("cnn").withFilters(8, List.of(2, 3)), base.withEncoder("bag")
                .withPooling("max"))) {
            TextClassifier classifier = TextClassifier.create(c, train.texts(), train.classes(), 1, 1000);
            classifier.model().initialize(Init.PYTORCH, 5);
            train(classifier.model(), new SoftmaxCrossEntropy(), null,
                    TextBatches.training(classifier.encodeAll(train.texts()), train.labels(), 32), 8);
            ClassifierEvaluation e = ClassifierEvaluation.of(classifier, test, 1);
            assertTrue(e.confusion().accuracy() >= 0.95, c.encoder() + "/" + c.pooling() + ": accuracy " + e.confusion().accuracy());
            assertTrue(e.rocAuc() >= 0.98, c.encoder() + "/" + c.pooling() + ": ROC AUC " + e.rocAuc());
            Path file = dir.resolve(c.encoder() + "-" + c.pooling() + ".model");
            TextClassifierFile.save(file, classifier, null);
            TextClassifier back = TextClassifierFile.load(file);
            assertEquals(c, back.config());
            assertArrayEquals(e.probabilities()[7], back.probabilities(List.of(test.texts().get(7)))[0], 1e-6f);
        }
    }

    /** Sentiment words only the test set has ("greatly", "awfully") count through their character pieces. */
    @Test
    void characterPiecesCarryWordsNeverSeen() {
        LabelledTexts train = sentiment(400, 1);
        List<String> texts = new ArrayList<>();
        for (String t : sentiment(200, 2).texts()) {
            texts.add(t.replace("great", "greatly").replace("awful", "awfully"));
        }
        LabelledTexts test = new LabelledTexts(texts, sentiment(200, 2).labels(), train.classes(), sentiment(200, 2).origins());
        for (int pieces : new int[]{0, 3}) {
            ClassifierConfig c = ClassifierConfig.defaults().withEncoder("bag").withPooling("mean").withEmbedding(16)
                    .withDropout(0f).withCharNgrams(pieces);
            TextClassifier classifier = TextClassifier.create(c, train.texts(), train.classes(), 1, 1000);
            assertEquals("<unk>", classifier.words("greatly").get(0), "never seen as a word");
            classifier.model().initialize(Init.PYTORCH, 5);
            train(classifier.model(), new SoftmaxCrossEntropy(), null,
                    TextBatches.training(classifier.encodeAll(train.texts()), train.labels(), 32), 10);
            double accuracy = ClassifierEvaluation.of(classifier, test, 1).confusion().accuracy();
            if (pieces == 0) {
                assertTrue(accuracy < 0.7, "words alone cannot read 'greatly': " + accuracy);
            } else {
                assertTrue(accuracy >= 0.95, "3-character pieces: " + accuracy);
                assertTrue(classifier.words("greatly").contains("#eat"), classifier.words("greatly").toString());
            }
        }
    }

    @Test
    void attentionPoolingPointsAtTheSentimentWord() {
        LabelledTexts train = sentiment(400, 1);
        ClassifierConfig c = ClassifierConfig.defaults().withEmbedding(16).withHidden(16).withDropout(0f).withPooling("attention");
        TextClassifier classifier = TextClassifier.create(c, train.texts(), train.classes(), 1, 1000);
        classifier.model().initialize(Init.PYTORCH, 5);
        train(classifier.model(), new SoftmaxCrossEntropy(), null,
                TextBatches.training(classifier.encodeAll(train.texts()), train.labels(), 32), 8);
        float[] w = classifier.attention("the plot was great and the cast");
        assertNotNull(w);
        assertEquals(7, w.length);
        int best = 0;
        for (int i = 1; i < w.length; i++) {
            if (w[i] > w[best]) {
                best = i;
            }
        }
        assertEquals(3, best, "the weight goes to 'great'");
        assertNull(TextClassifier.create(c.withPooling("max"), train.texts(), train.classes(), 1, 1000).attention("great"));
    }

    /**
     * Tags: "name" words (a capital and 2–5 letters, random, so the test set's are nearly all new)
     * are B-PER, a second name right after one is I-PER, everything else O; a filler word follows
     * every name. To the word table a new
     * name is {@code <unk>}; only the character CNN sees its capital letter.
     */
    private static TaggedSentences names(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<List<String>> words = new ArrayList<>();
        List<List<String>> tags = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<String> w = new ArrayList<>();
            List<String> t = new ArrayList<>();
            int len = 3 + rng.nextInt(6);
            boolean afterName = false;
            for (int k = 0; k < len; k++) {
                // a filler word after every name, so two names in a row are always one chunk
                if (!afterName && rng.nextInt(4) == 0) {
                    afterName = true;
                    w.add(name(rng));
                    t.add("B-PER");
                    if (rng.nextBoolean() && k + 1 < len) {
                        w.add(name(rng));
                        t.add("I-PER");
                        k++;
                    }
                } else {
                    afterName = false;
                    w.add(FILLER[rng.nextInt(FILLER.length)]);
                    t.add("O");
                }
            }
            words.add(w);
            tags.add(t);
            origins.add("synthetic:" + (i + 1));
        }
        return new TaggedSentences(words, tags, origins);
    }

    private static String name(SplittableRandom rng) {
        String letters = "bcdfghjklmnpqrstvwxz";
        StringBuilder s = new StringBuilder().append(Character.toUpperCase(letters.charAt(rng.nextInt(20))));
        for (int i = 0; i < 2 + rng.nextInt(4); i++) {
            s.append(letters.charAt(rng.nextInt(20)));
        }
        return s.toString();
    }

    @Test
    void bilstmCrfTaggerWithCharactersTagsNamesItNeverSaw(@TempDir Path dir) throws IOException {
        TaggedSentences train = names(300, 1);
        TaggedSentences test = names(100, 2);
        TaggerConfig config = new TaggerConfig("lstm", 16, 16, 1, true, 8, 16, 3, 12, true, 0f, false, 4);
        Tagger tagger = Tagger.create(config, train, 1, 1000);
        long names = 0;
        long unseen = 0;
        for (int s = 0; s < test.size(); s++) {
            for (int i = 0; i < test.words().get(s).size(); i++) {
                if (!test.tags().get(s).get(i).equals("O")) {
                    names++;
                    unseen += tagger.words().id(test.words().get(s).get(i)) == 0 ? 1 : 0;
                }
            }
        }
        assertTrue(unseen >= 0.95 * names, unseen + " of " + names + " test names are unknown words");
        tagger.model().initialize(Init.PYTORCH, 4);
        train(tagger.model(), tagger.loss(), "tags", TaggerBatches.training(tagger, train, 16), 60);
        ChunkF1.Result r = tagger.evaluate(test);
        assertTrue(r.tokenAccuracy() >= 0.97, "token accuracy " + r.tokenAccuracy());
        assertTrue(r.f1() >= 0.9, "span F1 on unseen names " + r.f1());
        for (List<String> tags : tagger.tag(test.words())) {
            for (int i = 0; i < tags.size(); i++) {
                boolean inside = tags.get(i).equals("I-PER");
                assertTrue(!inside || (i > 0 && !tags.get(i - 1).equals("O")), "the CRF never opens a chunk with I-: " + tags);
            }
        }
        Path file = dir.resolve("tagger.model");
        TaggerFile.save(file, tagger, null);
        Tagger back = TaggerFile.load(file);
        assertEquals(tagger.tag(test.words()), back.tag(test.words()));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TextClassifierFile.load(file));
        assertTrue(e.getMessage().contains("is not a text classifier"), e.getMessage());
    }

    @Test
    void softmaxTaggerWithoutCharactersTagsTheWordsAroundNames() {
        TaggedSentences train = names(300, 1);
        TaggedSentences test = names(100, 2);
        TaggerConfig config = new TaggerConfig("gru", 16, 16, 1, false, 8, 16, 3, 12, false, 0f, false, 4);
        Tagger tagger = Tagger.create(config, train, 1, 1000);
        tagger.model().initialize(Init.PYTORCH, 4);
        train(tagger.model(), tagger.loss(), "tags", TaggerBatches.training(tagger, train, 16), 30);
        ChunkF1.Result r = tagger.evaluate(test);
        // the filler words are all known and tagged O; a name is <unk>, which training never showed
        assertTrue(r.tokenAccuracy() >= 0.6, "token accuracy " + r.tokenAccuracy());
        assertEquals(ChunkF1.of(test.tags(), tagger.tag(test.words())).f1(), r.f1(), 0.0);
    }

    /**
     * A CoNLL-style feature column decides the tag (noun features start a chunk, the rest are O)
     * while the words are random: only a tagger that reads the column can learn it.
     */
    @Test
    void featureColumnsAreReadBesideTheWords(@TempDir Path dir) throws IOException {
        SplittableRandom rng = new SplittableRandom(9);
        StringBuilder file = new StringBuilder();
        for (int s = 0; s < 300; s++) {
            for (int i = 0; i < 3 + rng.nextInt(5); i++) {
                boolean noun = rng.nextBoolean();
                file.append("w").append(rng.nextInt(50)).append(' ').append(noun ? "NN" : "VB").append(' ')
                        .append(noun ? "B-NP" : "O").append('\n');
            }
            file.append('\n');
        }
        Path f = dir.resolve("features.txt");
        java.nio.file.Files.writeString(f, file);
        TaggedSentences data = ConllReader.read(f);
        assertEquals(1, data.featureCount());
        TaggedSentences[] parts = data.everyNth(4);
        TaggerConfig config = new TaggerConfig("lstm", 8, 8, 1, false, 4, 4, 3, 8, false, 0f, true, 4);
        Tagger tagger = Tagger.create(config, parts[0], 1, 1000);
        assertEquals(1, tagger.features().size());
        tagger.model().initialize(Init.PYTORCH, 2);
        train(tagger.model(), tagger.loss(), "tags", TaggerBatches.training(tagger, parts[0], 16), 15);
        assertEquals(1.0, tagger.evaluate(parts[1]).tokenAccuracy(), 0.0);
        Path model = dir.resolve("f.model");
        TaggerFile.save(model, tagger, null);
        Tagger back = TaggerFile.load(model);
        assertEquals(tagger.tag(parts[1].words(), parts[1].features()), back.tag(parts[1].words(), parts[1].features()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> back.tag(parts[1].words()));
        assertTrue(e.getMessage().contains("reads 1 feature column(s)"), e.getMessage());
    }
}
