package io.rnn4j.examples;

import io.rnn4j.io.SpeechModelFile;
import io.rnn4j.nn.Init;
import io.rnn4j.optim.Adam;
import io.rnn4j.speech.Alphabet;
import io.rnn4j.speech.CtcObjective;
import io.rnn4j.speech.FeatureConfig;
import io.rnn4j.speech.SpecAugment;
import io.rnn4j.speech.SpeechBatches;
import io.rnn4j.speech.SpeechConfig;
import io.rnn4j.speech.SpeechCorpus;
import io.rnn4j.speech.SpeechRecognizer;
import io.rnn4j.speech.SpeechSet;
import io.rnn4j.speech.Utterance;
import io.rnn4j.speech.WavReader;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Objective;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.UpdateRule;
import io.rnn4j.train.Validation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's speech example, as written there: three epochs of a bi-LSTM with CTC on FSDD's
 * training recordings already bring the test CER under 45 % and pick the right one of the ten
 * digit words for more than 60 % of the test recordings (the 10-minute run of the README does far better), and
 * the model file transcribes as the model did.
 */
class ReadmeSpeechExampleTest {

    private static final Path DATA = Path.of("..", "..", "shared", "data");

    @Test
    void theSpeechExampleTrainsScoresTranscribesAndSaves(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isDirectory(DATA.resolve("fsdd")), "fsdd is not in ../shared/data");
        SpeechCorpus corpus = SpeechCorpus.read(DATA.resolve("fsdd"));
        List<List<Utterance>> parts = corpus.split(null);                 // FSDD's own split: recordings 0–4 are test
        FeatureConfig features = FeatureConfig.mfcc(8000, 13);            // 13 MFCCs + Δ + ΔΔ, 25 ms frames every 10 ms
        Alphabet letters = Alphabet.of(parts.get(0).stream().map(Utterance::transcript).toList());
        SpeechRecognizer r = SpeechRecognizer.create(new SpeechConfig("lstm", 128, 2, true, 64, 2, 0.1f), features, letters);
        r.model().initialize(Init.PYTORCH, 1);
        SpeechSet train = SpeechSet.compute(parts.get(0), features);
        Objective ctc = Objective.of(new Objective.Term("symbols", new CtcObjective(Alphabet.BLANK), 1.0));
        UpdateRule adam = UpdateRule.of(Adam.adam(r.model().parameters())).learningRate(0.002).clipNorm(1).build();
        new Trainer(Bptt.full(r.model(), ctc, adam), TrainingConfig.builder().epochs(3).seed(1).build())
                .fit(SpeechBatches.training(r, train, SpeechBatches.alignable(r, train), 32, SpecAugment.of(3, 5)),
                        (Validation) null, null);
        SpeechSet testSet = SpeechSet.compute(parts.get(1), features);
        SpeechRecognizer.Evaluation test = r.evaluate(testSet);                        // cer(), wer(), accuracy()
        double digits = r.evaluateChoosing(testSet, SpeechCorpus.digitWords()).accuracy();   // the likeliest of the ten words
        Path clip = DATA.resolve("fsdd/recordings/7_theo_0.wav");
        List<String> heard = r.transcribe(List.of(r.featuresOf(WavReader.read(clip), clip.toString())));
        SpeechModelFile.save(dir.resolve("digits.model"), r, null);

        assertEquals(300, test.utterances());
        // measured: CER 0.35, digit accuracy 0.73 (an untrained model: CER about 1, digits 0.1)
        assertTrue(test.cer() < 0.45, "three epochs: CER " + test.cer());
        assertTrue(digits > 0.6, "three epochs: digit accuracy " + digits);
        SpeechRecognizer loaded = SpeechModelFile.load(dir.resolve("digits.model"));
        assertEquals(heard, loaded.transcribe(List.of(loaded.featuresOf(WavReader.read(clip), clip.toString()))));
    }
}
