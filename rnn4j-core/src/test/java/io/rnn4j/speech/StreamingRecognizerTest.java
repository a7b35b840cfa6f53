package io.rnn4j.speech;

import io.rnn4j.nn.Init;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Audio fed in pieces of any size gives bit for bit the frames of the whole clip, and a streaming
 * recogniser's final transcript is the whole clip's, its partial transcripts growing towards it.
 */
class StreamingRecognizerTest {

    @TempDir
    Path dir;

    private static List<float[]> inPieces(StreamingFeatures s, float[] x, SplittableRandom random) {
        List<float[]> frames = new ArrayList<>();
        for (int from = 0; from < x.length; ) {
            int n = Math.min(x.length - from, 1 + random.nextInt(700));
            frames.addAll(s.accept(Arrays.copyOfRange(x, from, from + n)));
            from += n;
        }
        frames.addAll(s.finish());
        return frames;
    }

    @Test
    void piecesGiveTheWholeClipsFrames() {
        float[] x = AudioFeaturesTest.clip(8000, 0.9);
        float[][] train = {AudioFeaturesTest.clip(8000, 0.5), AudioFeaturesTest.clip(8000, 0.7)};
        for (FeatureConfig raw : List.of(FeatureConfig.mfcc(8000, 13).withNormalize("none"),
                FeatureConfig.logMel(8000, 20).withNormalize("none"))) {
            AudioFeatures plain = new AudioFeatures(raw);
            FeatureStatistics stats = FeatureStatistics.fit(List.of(plain.compute(train[0], 8000), plain.compute(train[1], 8000)),
                    raw.width());
            FeatureConfig global = raw.withNormalize("global");
            float[] whole = new AudioFeatures(global, stats).compute(x, 8000);
            for (long seed = 1; seed <= 3; seed++) {
                List<float[]> frames = inPieces(new StreamingFeatures(global, stats), x, new SplittableRandom(seed));
                assertEquals(whole.length / global.width(), frames.size(), global + ": frames");
                for (int t = 0; t < frames.size(); t++) {
                    assertArrayEquals(Arrays.copyOfRange(whole, t * global.width(), (t + 1) * global.width()), frames.get(t),
                            global + ", frame " + t + ", pieces from seed " + seed);
                }
            }
        }
    }

    @Test
    void theStreamsTranscriptIsTheWholeClipsAndGrowsTowardsIt() throws Exception {
        FeatureConfig raw = FeatureConfig.logMel(8000, 20).withNormalize("none");
        SplittableRandom random = new SplittableRandom(4);
        List<float[]> clips = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            clips.add(Tones.say(Tones.word(random), random));
        }
        AudioFeatures plain = new AudioFeatures(raw);
        List<float[]> rawFeatures = new ArrayList<>();
        for (float[] c : clips) {
            rawFeatures.add(plain.compute(c, 8000));
        }
        FeatureStatistics stats = FeatureStatistics.fit(rawFeatures, raw.width());
        SpeechRecognizer r = SpeechRecognizer.create(new SpeechConfig("lstm", 16, 2, false, 0, 1, 0f), raw.withNormalize("global"),
                stats, new Alphabet(new int[] {'a', 'b', 'c'}));
        r.model().initialize(Init.PYTORCH, 9);
        List<float[]> inputs = new ArrayList<>();
        for (float[] c : clips) {
            inputs.add(r.featuresOf(new WavReader.Audio(c, 8000), "clip"));
        }
        List<String> whole = r.transcribe(inputs);
        int nonEmpty = 0;
        for (int i = 0; i < clips.size(); i++) {
            StreamingRecognizer s = new StreamingRecognizer(r);
            float[] x = clips.get(i);
            String previous = "";
            for (int from = 0; from < x.length; from += 800) {
                String soFar = s.accept(Arrays.copyOfRange(x, from, Math.min(x.length, from + 800)));
                assertTrue(soFar.startsWith(previous), "a transcript only grows: " + previous + " → " + soFar);
                previous = soFar;
            }
            assertEquals(whole.get(i), s.finish(), "clip " + i);
            assertEquals(inputs.get(i).length / raw.width(), s.frames());
            nonEmpty += whole.get(i).isEmpty() ? 0 : 1;
        }
        assertTrue(nonEmpty > 0, "an untrained model still writes something: " + whole);
    }

    @Test
    void aModelThatReadsTheWholeUtteranceIsRefused() {
        SpeechRecognizer bi = SpeechRecognizer.create(new SpeechConfig("gru", 8, 1, true, 0, 1, 0f), FeatureConfig.logMel(8000, 20),
                new Alphabet(new int[] {'a'}));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StreamingRecognizer(bi)).getMessage()
                .contains("needs one trained with --streaming"));
        SpeechRecognizer perUtterance = SpeechRecognizer.create(new SpeechConfig("gru", 8, 1, false, 0, 1, 0f),
                FeatureConfig.logMel(8000, 20), new Alphabet(new int[] {'a'}));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new StreamingRecognizer(perUtterance)).getMessage()
                .startsWith("per-utterance normalisation needs the whole utterance"));
    }
}
