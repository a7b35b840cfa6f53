package io.rnn4j.speech;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * The plan of a synthetic spoken-sentence corpus (what {@code rnn4j speech make} speaks with
 * espeak-ng): which sentences, in which voice, at which speed and pitch, with how much noise. The
 * plan is a pure function of the source text and the seed, so the corpus is the same on every run.
 *
 * <p>Sentences are cut from the source lines (the text before a TAB, so a Tatoeba pair file gives
 * its English side) at . ! and ?, normalised ({@link Alphabet#normalize}), and kept when they
 * have 3 to 12 words of the letters a–z and the apostrophe only (a digit would be read as a word
 * the transcript lacks). Distinct sentences are shuffled by the seed; the first {@code test} are
 * test sentences, the next {@code train} training sentences. Training sentences are spoken by the
 * {@link #TRAINING_ACCENTS} (an accent with a voice variant, drawn per utterance); test sentences
 * by the one {@link #TEST_VOICE}, whose accent training never hears.
 */
public final class SpokenSentences {

    /** espeak-ng accents heard in training. */
    public static final List<String> TRAINING_ACCENTS = List.of("en-us", "en-gb", "en-gb-scotland", "en-029", "en-gb-x-rp",
            "en-us-nyc", "en-gb-x-gbcwmd");
    /** espeak-ng voice variants (pitch and timbre) heard in training. */
    public static final List<String> TRAINING_VARIANTS = List.of("m1", "m2", "m3", "m4", "m5", "m6", "f1", "f2", "f4", "f5");
    /** The held-out voice: an accent (Lancaster) and a variant training never hears. */
    public static final String TEST_VOICE = "en-gb-x-gbclan+f3";
    /** Signal-to-noise ratios in dB, drawn per utterance; infinity is no noise. */
    public static final double[] SNR_DB = {Double.POSITIVE_INFINITY, 30, 20, 10};

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");
    private static final Pattern WORDS_ONLY = Pattern.compile("[a-z']+( [a-z']+)*");

    /**
     * One utterance to make.
     *
     * @param speed espeak-ng words per minute
     * @param pitch espeak-ng pitch, 0–99
     * @param snrDb white noise at this signal-to-noise ratio (infinite: none)
     * @param seed  the noise's random seed
     */
    public record Item(String file, String text, String voice, int speed, int pitch, double snrDb, long seed, boolean test) {
    }

    private SpokenSentences() {
    }

    /** Usable distinct sentences of the source lines, in order of first appearance. */
    public static List<String> sentences(List<String> lines) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : lines) {
            int tab = line.indexOf('\t');
            String text = (tab >= 0 ? line.substring(0, tab) : line).replace("\uFEFF", "").strip();
            for (String part : SENTENCE_END.split(text)) {
                if (part.chars().anyMatch(Character::isDigit)) {
                    continue;
                }
                String s = Alphabet.normalize(part);
                int words = s.isEmpty() ? 0 : s.split(" ").length;
                if (words >= 3 && words <= 12 && WORDS_ONLY.matcher(s).matches()) {
                    out.add(s);
                }
            }
        }
        return List.copyOf(out);
    }

    /** The corpus plan: {@code test} held-out sentences in the test voice, then {@code train} in the training voices. */
    public static List<Item> plan(List<String> sentences, int train, int test, long seed) {
        if (train < 1 || test < 1) {
            throw new IllegalArgumentException("a corpus needs at least 1 training and 1 test sentence, got " + train + " and " + test);
        }
        if (sentences.size() < train + test) {
            throw new IllegalArgumentException("the text has " + sentences.size() + " usable sentences (3 to 12 words, letters only);"
                    + " " + (train + test) + " were asked for");
        }
        List<String> order = new ArrayList<>(sentences);
        Collections.shuffle(order, new Random(seed));
        SplittableRandom random = new SplittableRandom(seed);
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < train + test; i++) {
            boolean isTest = i < test;
            String voice = isTest ? TEST_VOICE : TRAINING_ACCENTS.get(random.nextInt(TRAINING_ACCENTS.size())) + "+"
                    + TRAINING_VARIANTS.get(random.nextInt(TRAINING_VARIANTS.size()));
            int speed = 130 + random.nextInt(61);
            int pitch = 30 + random.nextInt(41);
            double snr = SNR_DB[random.nextInt(SNR_DB.length)];
            items.add(new Item(String.format(Locale.ROOT, "wav/%s%05d.wav", isTest ? "test" : "train", isTest ? i : i - test),
                    order.get(i), voice, speed, pitch, snr, random.nextLong(), isTest));
        }
        return items;
    }

    /** The sentences of the source not held out for test: the text a fused language model may learn from. */
    public static List<String> languageModelText(List<String> sentences, List<Item> plan) {
        Set<String> held = new LinkedHashSet<>();
        plan.stream().filter(Item::test).forEach(i -> held.add(i.text()));
        return sentences.stream().filter(s -> !held.contains(s)).toList();
    }

    /**
     * Adds white noise at {@code snrDb} (relative to the clip's mean power) from {@code seed}, in
     * place; an infinite ratio adds nothing.
     */
    public static void addNoise(float[] samples, double snrDb, long seed) {
        if (Double.isInfinite(snrDb) || samples.length == 0) {
            return;
        }
        double power = 0;
        for (float x : samples) {
            power += x * x;
        }
        power /= samples.length;
        double sigma = Math.sqrt(power / Math.pow(10, snrDb / 10));
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < samples.length; i++) {
            samples[i] += (float) (sigma * gaussian(random));
        }
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
