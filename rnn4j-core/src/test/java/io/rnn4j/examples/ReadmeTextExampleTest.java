package io.rnn4j.examples;

import io.rnn4j.eval.ChunkF1;
import io.rnn4j.io.TaggerFile;
import io.rnn4j.io.TextClassifierFile;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.optim.Adam;
import io.rnn4j.text.ClassifiedTextReader;
import io.rnn4j.text.ClassifierConfig;
import io.rnn4j.text.ClassifierEvaluation;
import io.rnn4j.text.ConllReader;
import io.rnn4j.text.Folds;
import io.rnn4j.text.LabelledTexts;
import io.rnn4j.text.TaggedSentences;
import io.rnn4j.text.Tagger;
import io.rnn4j.text.TaggerBatches;
import io.rnn4j.text.TaggerConfig;
import io.rnn4j.text.TextBatches;
import io.rnn4j.text.TextClassifier;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Objective;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.UpdateRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's text examples, as written there: a bag of words and word pairs learns
 * sentence-polarity in three epochs at Adam 5e-3 (over 70 % of a held-out tenth right), and a BiLSTM-CRF
 * chunker learns from the first 2,000 conll2000 training sentences in two epochs at 3e-3 (span F1 over
 * 80 on the first 500 test sentences); both survive their model files.
 */
class ReadmeTextExampleTest {

    private static final Path DATA = Path.of("..", "..", "shared", "data");

    @Test
    void theClassifierExampleTrainsPredictsAndSaves(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(DATA.resolve("sentence-polarity")), "sentence-polarity is not in ../shared/data");
        LabelledTexts all = ClassifiedTextReader.read(DATA.resolve("sentence-polarity"));
        Folds split = Folds.holdOut(all.labels(), all.classes().size(), 0.1, 1);
        LabelledTexts data = all.subset(split.train(0));
        LabelledTexts test = all.subset(split.test(0));

        ClassifierConfig config = ClassifierConfig.defaults().withEncoder("bag").withPooling("mean").withNgrams(2);
        TextClassifier classifier = TextClassifier.create(config, data.texts(), data.classes(), 1, 50_000);
        SequenceModel model = classifier.model().initialize(Init.PYTORCH, 1);
        UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters())).learningRate(5e-3).clipNorm(1).build();
        new Trainer(Bptt.full(model, new SoftmaxCrossEntropy(), rule), TrainingConfig.builder().epochs(3).build())
                .fit(TextBatches.training(classifier.encodeAll(data.texts()), data.labels(), 50), null);
        float[][] p = classifier.probabilities(List.of("a gorgeous , witty , moving film", "a dull , lifeless mess"));
        TextClassifierFile.save(dir.resolve("mr.model"), classifier, null);

        assertTrue(p[0][1] > 0.5 && p[1][0] > 0.5, "pos, then neg");
        double accuracy = ClassifierEvaluation.of(classifier, test, 1).confusion().accuracy();
        assertTrue(accuracy > 0.70, "held-out accuracy " + accuracy);
        assertEquals(p[1][0], TextClassifierFile.load(dir.resolve("mr.model")).probabilities(List.of("a dull , lifeless mess"))[0][0],
                1e-6f);
    }

    @Test
    void theTaggerExampleTrainsTagsAndSaves(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(DATA.resolve("conll2000")), "conll2000 is not in ../shared/data");
        TaggedSentences train = ConllReader.read(DATA.resolve("conll2000/train.txt")).subset(range(2000));
        TaggedSentences test = ConllReader.read(DATA.resolve("conll2000/test.txt")).subset(range(500));

        Tagger tagger = Tagger.create(TaggerConfig.defaults(), train, 1, 50_000);    // word + char CNN + POS column, BiLSTM, CRF
        SequenceModel model = tagger.model().initialize(Init.PYTORCH, 1);
        UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters())).learningRate(3e-3).clipNorm(1).build();
        Objective objective = Objective.of(new Objective.Term("tags", tagger.loss(), 1.0));
        new Trainer(Bptt.full(model, objective, rule), TrainingConfig.builder().epochs(2).build())
                .fit(TaggerBatches.training(tagger, train, 32), null);
        ChunkF1.Result r = tagger.evaluate(test);                                  // conlleval's span F1
        TaggerFile.save(dir.resolve("chunker.model"), tagger, null);

        assertTrue(r.f1() > 0.8, "span F1 " + r.f1());
        assertEquals(tagger.tag(test.words(), test.features()),
                TaggerFile.load(dir.resolve("chunker.model")).tag(test.words(), test.features()));
    }

    private static int[] range(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }
}
