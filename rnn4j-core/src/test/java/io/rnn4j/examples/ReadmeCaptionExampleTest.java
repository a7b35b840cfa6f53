package io.rnn4j.examples;

import io.rnn4j.caption.CaptionBatches;
import io.rnn4j.caption.CaptionModel;
import io.rnn4j.caption.CaptionSet;
import io.rnn4j.caption.CaptionVocabulary;
import io.rnn4j.caption.CaptionedDigits;
import io.rnn4j.caption.Captioner;
import io.rnn4j.data.image.IdxReader;
import io.rnn4j.data.image.Normalization;
import io.rnn4j.io.CaptionModelFile;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.Init;
import io.rnn4j.optim.Adam;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Objective;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.UpdateRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's captioning example, as written there on 1,500 pictures for two epochs: the
 * captioner learns to write captions (BLEU-4 on 200 test pictures rises from near 0 by more than
 * 15 points), it attends over the
 * 8×8 feature map, and it survives its model file.
 */
class ReadmeCaptionExampleTest {

    private static double bleu(Captioner captioner, CaptionSet set) {
        return Captioner.score(captioner.caption(set.images(), 1).stream().map(Captioner.Caption::text).toList(), set.captions())
                .bleu();
    }

    @Test
    void theCaptionExampleTrainsCaptionsAndSaves(@TempDir Path dir) throws Exception {
        Path mnist = Path.of("..", "..", "shared", "data", "mnist");
        CaptionSet train = CaptionedDigits.generate(IdxReader.mnistTrain(mnist), 1500, 1);
        CaptionSet test = CaptionedDigits.generate(IdxReader.mnistTest(mnist), 200, 2);

        CaptionModel model = new CaptionModel(CaptionModel.Kind.SHOW_ATTEND_TELL, train.images().shape(),
                CaptionVocabulary.of(train.captions()), Normalization.of(train.images()), 256);
        model.model().initialize(Init.PYTORCH, 1);
        double untrained = bleu(new Captioner(model), test);
        UpdateRule rule = UpdateRule.of(Adam.adam(model.model().parameters())).learningRate(1e-3).clipNorm(1).build();
        Objective objective = Objective.of(new Objective.Term("logits", new SoftmaxCrossEntropy(), 1.0));
        new Trainer(Bptt.full(model.model(), objective, rule), TrainingConfig.builder().epochs(2).build())
                .fit(CaptionBatches.training(model, train, 64), null);
        List<Captioner.Caption> captions = new Captioner(model).caption(test.images(), 1);   // 1: greedy; 3: beam of 3
        Captioner.Scores scores = Captioner.score(captions.stream().map(Captioner.Caption::text).toList(), test.captions());
        CaptionModelFile.save(dir.resolve("caption.model"), model, null);

        // 48 updates teach the form of the captions: from random words to a third of the way to
        // the 95 BLEU of a fully trained model
        assertTrue(untrained < 5 && scores.bleu() > untrained + 15, "BLEU-4 " + untrained + " untrained, " + scores.bleu() + " trained");
        assertEquals(captions.get(7).text(),
                new Captioner(CaptionModelFile.load(dir.resolve("caption.model"))).caption(test.images().slice(7, 8), 1).get(0).text());
        assertEquals(CaptionModel.FEATURES, model.featureShape().channels());
        assertEquals(8 * 8, captions.get(0).attention()[0].length);
    }
}
