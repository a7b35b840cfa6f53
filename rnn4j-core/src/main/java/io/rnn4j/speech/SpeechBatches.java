package io.rnn4j.speech;

import io.rnn4j.loss.Targets;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Batches of utterances for a recogniser: input {@code features} (T, B, F), padded to the
 * batch's longest, each sample's length its frames; targets the label sequences of the
 * transcripts ({@link Targets#sequences}) for output {@code symbols}.
 *
 * <p>Training batches hold utterances of similar length: each epoch shuffles the utterances,
 * sorts each pool of 50 batches' worth by length, cuts it into batches and shuffles the batches.
 * SpecAugment masks are drawn afresh for every epoch from the run's seed. Batches are built when
 * the trainer asks for them, so an epoch holds only the features themselves in memory.
 */
public final class SpeechBatches {

    private SpeechBatches() {
    }

    /** Utterances the recogniser can align: at least as many model frames as CTC needs for the labels. */
    public static int[] alignable(SpeechRecognizer recognizer, SpeechSet set) {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            int[] labels = recognizer.alphabet().encode(set.utterance(i).transcript(), set.utterance(i).file().toString());
            if (recognizer.config().modelFrames(set.frames(i)) >= CtcDecoding.minimumFrames(labels)) {
                keep.add(i);
            }
        }
        return keep.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Training batches of the utterances {@code chosen} of {@code set} (see the class comment). */
    public static BatchSource training(SpeechRecognizer recognizer, SpeechSet set, int[] chosen, int batchSize,
                                       SpecAugment augment) {
        int[][] labels = labels(recognizer, set);
        return (epoch, seed) -> {
            List<Integer> order = new ArrayList<>();
            for (int i : chosen) {
                order.add(i);
            }
            Random random = new Random(seed * 1_000_003L + epoch);
            Collections.shuffle(order, random);
            int pool = 50 * batchSize;
            List<int[]> groups = new ArrayList<>();
            for (int from = 0; from < order.size(); from += pool) {
                List<Integer> part = new ArrayList<>(order.subList(from, Math.min(order.size(), from + pool)));
                part.sort((a, b) -> Integer.compare(set.frames(a), set.frames(b)));
                for (int s = 0; s < part.size(); s += batchSize) {
                    groups.add(part.subList(s, Math.min(part.size(), s + batchSize)).stream().mapToInt(Integer::intValue).toArray());
                }
            }
            Collections.shuffle(groups, random);
            long epochSeed = seed * 31 + epoch;
            return new AbstractList<>() {
                @Override
                public Batch get(int index) {
                    SplittableRandom masks = new SplittableRandom(epochSeed * 1_000_033L + index);
                    return batch(set, groups.get(index), labels, augment, masks);
                }

                @Override
                public int size() {
                    return groups.size();
                }
            };
        };
    }

    /** Updates per epoch of {@link #training} over {@code utterances} utterances. */
    public static int perEpoch(int utterances, int batchSize) {
        int pool = 50 * batchSize;
        int batches = 0;
        for (int from = 0; from < utterances; from += pool) {
            int part = Math.min(pool, utterances - from);
            batches += (part + batchSize - 1) / batchSize;
        }
        return batches;
    }

    /** Evaluation batches of {@code chosen}, in length order, no masking. */
    public static List<Batch> evaluation(SpeechRecognizer recognizer, SpeechSet set, int[] chosen, int batchSize) {
        int[][] labels = labels(recognizer, set);
        Integer[] order = Arrays.stream(chosen).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> Integer.compare(set.frames(a), set.frames(b)));
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            int[] group = Arrays.stream(order, from, Math.min(order.length, from + batchSize)).mapToInt(Integer::intValue).toArray();
            out.add(batch(set, group, labels, SpecAugment.NONE, null));
        }
        return out;
    }

    private static int[][] labels(SpeechRecognizer recognizer, SpeechSet set) {
        int[][] labels = new int[set.size()][];
        for (int i = 0; i < set.size(); i++) {
            labels[i] = recognizer.alphabet().encode(set.utterance(i).transcript(), set.utterance(i).file().toString());
        }
        return labels;
    }

    static Batch batch(SpeechSet set, int[] group, int[][] labels, SpecAugment augment, SplittableRandom random) {
        int width = set.config().width();
        List<float[]> rows = new ArrayList<>(group.length);
        int[][] targets = new int[group.length][];
        for (int j = 0; j < group.length; j++) {
            float[] x = set.features(group[j]);
            if (!augment.off()) {
                x = x.clone();
                augment.apply(x, set.frames(group[j]), width, set.config().base(), random);
            }
            rows.add(x);
            targets[j] = labels[group[j]];
        }
        return Batch.named(Map.of("features", pad(rows, width)), Map.of("symbols", Targets.sequences(targets)));
    }

    /** Feature matrices (frames × width each) as one input (T, B, width), padded with zeros to the longest, lengths kept. */
    static Seq pad(List<float[]> features, int width) {
        int b = features.size();
        int steps = 0;
        int[] lengths = new int[b];
        for (int j = 0; j < b; j++) {
            lengths[j] = features.get(j).length / width;
            steps = Math.max(steps, lengths[j]);
        }
        float[] values = new float[steps * b * width];
        for (int j = 0; j < b; j++) {
            float[] x = features.get(j);
            for (int t = 0; t < lengths[j]; t++) {
                System.arraycopy(x, t * width, values, (t * b + j) * width, width);
            }
        }
        return Seq.ofValues(values, steps, b, width, lengths);
    }
}
