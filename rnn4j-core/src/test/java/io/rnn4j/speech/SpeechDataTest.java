package io.rnn4j.speech;

import io.rnn4j.loss.Loss;
import io.rnn4j.loss.Targets;
import io.rnn4j.tensor.Seq;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pieces around the recogniser: transcripts normalised and encoded, both folder layouts and
 * their splits, SpecAugment's masks, and CTC as a trainer loss equal to {@link CtcLoss#meanOfBatch}.
 */
class SpeechDataTest {

    @TempDir
    Path dir;

    @Test
    void transcriptsAreNormalisedAndCharactersOutsideTheAlphabetNamed() {
        assertEquals("don't stop tom", Alphabet.normalize("  Don’t stop, Tom!\t"));
        assertEquals("well known 42", Alphabet.normalize("Well-known: 42."));
        Alphabet a = Alphabet.of(List.of("Abc", "cab!"));
        assertEquals("abc", a.toString());
        assertEquals(4, a.outputs());
        assertArrayEquals(new int[] {3, 1, 2}, a.encode("cab", "x"));
        assertEquals("cab", a.decode(new int[] {3, 1, 2}));
        String m = assertThrows(IllegalArgumentException.class, () -> a.encode("abd", "f.wav")).getMessage();
        assertEquals("f.wav: the transcript has 'd' (U+0064), which is not in the model's alphabet \"abc\"", m);
        assertEquals("abc", Alphabet.fromJson(a.toJson()).toString());
        assertFalse(a.covers("bad"));
    }

    @Test
    void fsddNamesGiveDigitWordsSpeakersAndTheCanonicalSplit() throws Exception {
        Path rec = Files.createDirectories(dir.resolve("fsdd/recordings"));
        SplittableRandom random = new SplittableRandom(1);
        for (String name : List.of("7_theo_0.wav", "7_theo_5.wav", "3_lucas_4.wav", "3_lucas_12.wav")) {
            Tones.write(rec.resolve(name), Tones.say("ab", random));
        }
        SpeechCorpus c = SpeechCorpus.read(dir.resolve("fsdd"));
        assertEquals("fsdd", c.layout());
        assertEquals(List.of("three", "three", "seven", "seven"), c.utterances().stream().map(Utterance::transcript).toList());
        List<List<Utterance>> canonical = c.split(null);
        assertEquals(List.of("3_lucas_12.wav", "7_theo_5.wav"), names(canonical.get(0)));
        assertEquals(List.of("3_lucas_4.wav", "7_theo_0.wav"), names(canonical.get(1)));
        List<List<Utterance>> loso = c.split("theo");
        assertEquals(List.of("3_lucas_12.wav", "3_lucas_4.wav"), names(loso.get(0)));
        assertEquals(List.of("7_theo_0.wav", "7_theo_5.wav"), names(loso.get(1)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> c.split("ann")).getMessage()
                .endsWith("no speaker 'ann'; the speakers are [lucas, theo]"));
    }

    private static List<String> names(List<Utterance> us) {
        return us.stream().map(u -> u.file().getFileName().toString()).toList();
    }

    @Test
    void aTranscriptTableListsFilesTextsSpeakersAndSplits() throws Exception {
        Files.writeString(dir.resolve("transcripts.tsv"), "# file, text, voice, split\nclips/1.wav\tHello, World!\tm1\ttrain\n"
                + "clips/2.wav\tGood night.\tf2\ttest\n3.wav\tno speaker\n");
        SpeechCorpus c = SpeechCorpus.read(dir);
        assertEquals("transcripts.tsv", c.layout());
        assertEquals(List.of("hello world", "good night", "no speaker"), c.utterances().stream().map(Utterance::transcript).toList());
        assertEquals(dir.resolve("clips/2.wav"), c.split(null).get(1).get(0).file());
        assertEquals(List.of("m1", "f2", ""), List.copyOf(c.speakers()));
        Files.writeString(dir.resolve("transcripts.tsv"), "../secret.wav\tx\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpeechCorpus.read(dir)).getMessage()
                .endsWith("transcripts.tsv line 1: the file ../secret.wav lies outside the folder"));
        Files.writeString(dir.resolve("transcripts.tsv"), "a.wav\t?!\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpeechCorpus.read(dir)).getMessage()
                .endsWith("transcripts.tsv line 1: the transcript is empty"));
        Files.writeString(dir.resolve("transcripts.tsv"), "a.wav\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SpeechCorpus.read(dir)).getMessage()
                .contains("expected file TAB transcript"));
    }

    @Test
    void specAugmentMasksBandsWithTheirDeltasAndSpansOfFrames() {
        int frames = 50;
        int base = 10;
        int width = 30;
        float[] x = new float[frames * width];
        java.util.Arrays.fill(x, 1f);
        new SpecAugment(1, 4, 1, 10, 0.2).apply(x, frames, width, base, new SplittableRandom(3));
        int maskedColumns = 0;
        for (int c = 0; c < base; c++) {
            boolean column = true;
            for (int t = 0; t < frames; t++) {
                column &= x[t * width + c] == 0;
            }
            if (column) {
                maskedColumns++;
                for (int t = 0; t < frames; t++) {
                    assertEquals(0f, x[t * width + c + base], "delta of a masked band");
                    assertEquals(0f, x[t * width + c + 2 * base], "delta-delta of a masked band");
                }
            }
        }
        int maskedFrames = 0;
        for (int t = 0; t < frames; t++) {
            boolean row = true;
            for (int c = 0; c < width; c++) {
                row &= x[t * width + c] == 0;
            }
            maskedFrames += row ? 1 : 0;
        }
        assertTrue(maskedColumns <= 4, "band of " + maskedColumns);
        assertTrue(maskedFrames <= 10, "span of " + maskedFrames);
        float[] again = new float[frames * width];
        java.util.Arrays.fill(again, 1f);
        new SpecAugment(1, 4, 1, 10, 0.2).apply(again, frames, width, base, new SplittableRandom(3));
        assertArrayEquals(x, again, "the same stream draws the same masks");
    }

    @Test
    void theCtcObjectiveIsTheBatchMeanAndSkipsAnInfeasibleSample() {
        SplittableRandom r = new SplittableRandom(11);
        int steps = 6;
        int batch = 3;
        int c = 4;
        float[] values = new float[steps * batch * c];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) r.nextGaussian();
        }
        int[] lengths = {6, 4, 5};
        int[][] labels = {{1, 2, 2}, {3}, {1, 3, 1, 2}};
        float[] dOut = new float[values.length];
        Loss.Result got = new CtcObjective(0).compute(Seq.ofValues(values, steps, batch, c, lengths), Targets.sequences(labels), dOut);
        double[][] logits = new double[batch][];
        for (int b = 0; b < batch; b++) {
            logits[b] = new double[lengths[b] * c];
            for (int t = 0; t < lengths[b]; t++) {
                for (int k = 0; k < c; k++) {
                    logits[b][t * c + k] = values[(t * batch + b) * c + k];
                }
            }
        }
        CtcLoss.Result want = CtcLoss.meanOfBatch(logits, lengths, c, labels, 0);
        assertEquals(want.loss(), got.loss(), 1e-6);
        assertEquals(batch, got.count());
        int w = steps * c;
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < steps; t++) {
                for (int k = 0; k < c; k++) {
                    double expected = t < lengths[b] ? want.gradient()[b * w + t * c + k] : 0;
                    assertEquals(expected, dOut[(t * batch + b) * c + k], 1e-6, "sample " + b + ", frame " + t + ", class " + k);
                }
            }
        }
        // three labels with a repeat need four frames; two are too few: that sample adds nothing
        CtcObjective objective = new CtcObjective(0);
        Loss.Result partial = objective.compute(Seq.ofValues(values, steps, batch, c, new int[] {2, 4, 5}),
                Targets.sequences(labels), dOut);
        assertEquals(1, objective.infeasible());
        assertTrue(Double.isFinite(partial.loss()));
        for (int t = 0; t < steps; t++) {
            for (int k = 0; k < c; k++) {
                assertEquals(0f, dOut[t * batch * c + k]);
            }
        }
    }
}
