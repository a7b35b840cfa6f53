package io.rnn4j.speech;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The spoken-corpus plan: which sentences are usable, the same plan for the same seed, test
 * sentences and the test voice kept out of training and out of the language-model text, and noise
 * at the asked ratio.
 */
class SpokenSentencesTest {

    @Test
    void sentencesAreCutNormalisedAndFiltered() {
        List<String> got = SpokenSentences.sentences(List.of(
                "\uFEFFTom is here. He's tired!\t汤姆在这里。",
                "Go.",                                        // too short
                "In 1790 we met.",                            // a digit would be read as a word
                "Where is the café?",                         // a letter outside a–z
                "Tom is here.",                               // again
                "One two three four five six seven eight nine ten eleven twelve thirteen."));   // too long
        assertEquals(List.of("tom is here"), got, "\"he's tired\" has two words: too short");
    }

    /** n distinct sentences: "sentence ba here", "sentence bb here", ... (the number in letters). */
    private static List<String> sentences(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("sentence b" + (char) ('a' + i / 26) + (char) ('a' + i % 26) + " here");
        }
        return out;
    }

    @Test
    void thePlanIsASeedsAndKeepsTheTestApart() {
        List<String> all = sentences(200);
        List<SpokenSentences.Item> plan = SpokenSentences.plan(all, 100, 20, 7);
        assertEquals(plan, SpokenSentences.plan(all, 100, 20, 7), "the same seed, the same plan");
        assertNotEquals(plan, SpokenSentences.plan(all, 100, 20, 8));
        List<SpokenSentences.Item> test = plan.stream().filter(SpokenSentences.Item::test).toList();
        List<SpokenSentences.Item> train = plan.stream().filter(i -> !i.test()).toList();
        assertEquals(20, test.size());
        assertEquals(100, train.size());
        Set<String> testTexts = test.stream().map(SpokenSentences.Item::text).collect(Collectors.toSet());
        assertTrue(train.stream().noneMatch(i -> testTexts.contains(i.text())), "no test sentence is trained on");
        assertTrue(test.stream().allMatch(i -> i.voice().equals(SpokenSentences.TEST_VOICE)));
        String heldAccent = SpokenSentences.TEST_VOICE.substring(0, SpokenSentences.TEST_VOICE.indexOf('+'));
        assertTrue(train.stream().noneMatch(i -> i.voice().startsWith(heldAccent + "+")), "the test accent is never heard");
        assertTrue(train.stream().map(SpokenSentences.Item::voice).distinct().count() > 20, "many training voices");
        assertTrue(plan.stream().allMatch(i -> i.speed() >= 130 && i.speed() <= 190 && i.pitch() >= 30 && i.pitch() <= 70));
        List<String> lm = SpokenSentences.languageModelText(all, plan);
        assertEquals(180, lm.size());
        assertFalse(lm.stream().anyMatch(testTexts::contains), "no test sentence in the language model's text");
    }

    @Test
    void noiseComesAtTheAskedRatio() {
        float[] clean = AudioFeaturesTest.clip(16000, 1.0);
        float[] noisy = clean.clone();
        SpokenSentences.addNoise(noisy, 10, 3);
        double signal = 0;
        double noise = 0;
        for (int i = 0; i < clean.length; i++) {
            signal += clean[i] * clean[i];
            noise += (noisy[i] - clean[i]) * (noisy[i] - clean[i]);
        }
        assertEquals(10, 10 * Math.log10(signal / noise), 0.1);
        float[] untouched = clean.clone();
        SpokenSentences.addNoise(untouched, Double.POSITIVE_INFINITY, 3);
        assertEquals(java.util.Arrays.toString(clean), java.util.Arrays.toString(untouched));
    }
}
