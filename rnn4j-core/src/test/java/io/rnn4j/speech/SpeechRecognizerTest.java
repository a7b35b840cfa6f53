package io.rnn4j.speech;

import io.rnn4j.nn.Init;
import io.rnn4j.optim.Adam;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Objective;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.UpdateRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole recogniser on {@link Tones}: features, length-bucketed batches with SpecAugment, the
 * CTC objective through the one trainer, and greedy decoding; a small bi-LSTM learns to read
 * tone words it never heard.
 */
class SpeechRecognizerTest {

    @TempDir
    Path dir;

    private List<Utterance> corpus(int n, long seed, boolean test) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        List<Utterance> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String word = Tones.word(random);
            Path file = dir.resolve((test ? "test" : "train") + i + ".wav");
            Tones.write(file, Tones.say(word, random));
            out.add(new Utterance(file, word, "", test));
        }
        return out;
    }

    @Test
    void aSmallBiLstmLearnsToReadToneWords() throws Exception {
        List<Utterance> train = corpus(240, 1, false);
        List<Utterance> test = corpus(40, 2, true);
        FeatureConfig features = new FeatureConfig("logmel", 8000, 200, 80, 256, 20, 0, 0, "utterance");
        Alphabet alphabet = Alphabet.of(train.stream().map(Utterance::transcript).toList());
        assertEquals("abc", alphabet.toString());
        SpeechRecognizer r = SpeechRecognizer.create(new SpeechConfig("lstm", 32, 1, true, 16, 2, 0f), features, alphabet);
        r.model().initialize(Init.PYTORCH, 7);
        SpeechSet trainSet = SpeechSet.compute(train, features);
        SpeechSet testSet = SpeechSet.compute(test, features);
        int[] all = SpeechBatches.alignable(r, trainSet);
        assertEquals(train.size(), all.length, "every tone word has enough frames");
        Objective objective = Objective.of(new Objective.Term("symbols", new CtcObjective(Alphabet.BLANK), 1.0));
        UpdateRule rule = UpdateRule.of(Adam.adam(r.model().parameters())).learningRate(0.01).clipNorm(1).build();
        double before = r.evaluate(testSet).cer();
        new Trainer(Bptt.full(r.model(), objective, rule), TrainingConfig.builder().epochs(12).seed(3).build())
                .fit(SpeechBatches.training(r, trainSet, all, 16, SpecAugment.of(2, 3)), (io.rnn4j.train.Validation) null, null);
        SpeechRecognizer.Evaluation after = r.evaluate(testSet);
        assertTrue(before > 0.5, "untrained CER " + before);
        assertTrue(after.cer() < 0.1, "trained CER " + after.cer() + ", hypotheses " + after.hypotheses());
        assertEquals(40, after.utterances());
    }

    @Test
    void evaluationBatchesSortByLengthPadToTheLongestAndCarryTheTranscripts() throws Exception {
        List<Utterance> train = corpus(10, 5, false);
        FeatureConfig features = new FeatureConfig("logmel", 8000, 200, 80, 256, 20, 0, 0, "utterance");
        SpeechRecognizer r = SpeechRecognizer.create(new SpeechConfig("gru", 8, 1, false, 0, 1, 0f), features,
                Alphabet.of(List.of("abc")));
        SpeechSet set = SpeechSet.compute(train, features);
        List<io.rnn4j.train.Batch> batches = SpeechBatches.evaluation(r, set, new int[] {0, 1, 2, 3, 4}, 4);
        assertEquals(2, batches.size());
        List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4));
        order.sort((a, b) -> Integer.compare(set.frames(a), set.frames(b)));
        for (int k = 0; k < 2; k++) {
            io.rnn4j.tensor.Seq input = batches.get(k).namedInputs().get("features");
            int[][] labels = batches.get(k).namedTargets().get("symbols").sequences;
            List<Integer> group = order.subList(4 * k, Math.min(5, 4 * k + 4));
            assertEquals(group.size(), input.batch);
            assertEquals(set.frames(group.get(group.size() - 1)), input.steps, "padded to the longest");
            for (int j = 0; j < group.size(); j++) {
                int u = group.get(j);
                assertEquals(set.frames(u), input.lengths[j]);
                assertEquals(set.utterance(u).transcript(), r.alphabet().decode(labels[j]));
                // the first frame is the utterance's own
                assertEquals(set.features(u)[0], input.values[j * features.width()]);
            }
        }
    }
}
