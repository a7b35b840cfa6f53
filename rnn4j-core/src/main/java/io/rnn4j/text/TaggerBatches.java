package io.rnn4j.text;

import io.rnn4j.loss.Targets;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Batches of tagged sentences for a {@link Tagger}: inputs "words" (T, B) and, when the tagger
 * reads characters, "chars" (T, B, W), each sentence with its length; targets for output "tags",
 * the gold tag id of every word (−1 on padding). Training batches are bucketed by length
 * ({@link LengthBuckets}) from the seed and the epoch.
 */
public final class TaggerBatches {

    private TaggerBatches() {
    }

    /** The tagger's inputs for these sentences (no feature columns: for a tagger that reads none). */
    public static Map<String, Seq> inputs(Tagger tagger, List<List<String>> sentences) {
        return inputs(tagger, sentences, null);
    }

    /**
     * The tagger's inputs for these sentences, with each word's feature values ({@code features}
     * per sentence, per word; null when the tagger reads none).
     */
    public static Map<String, Seq> inputs(Tagger tagger, List<List<String>> sentences, List<List<List<String>>> features) {
        int batch = sentences.size();
        int steps = 1;
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            lengths[b] = sentences.get(b).size();
            steps = Math.max(steps, lengths[b]);
        }
        int[] tokens = new int[steps * batch];
        int w = tagger.config().charWidth();
        float[] chars = tagger.config().chars() ? new float[steps * batch * w] : null;
        for (int b = 0; b < batch; b++) {
            List<String> s = sentences.get(b);
            for (int t = 0; t < s.size(); t++) {
                tokens[t * batch + b] = tagger.words().id(s.get(t));
                if (chars != null) {
                    tagger.chars().encode(s.get(t), chars, (t * batch + b) * w, w);
                }
            }
        }
        Map<String, Seq> in = new java.util.LinkedHashMap<>();
        in.put("words", Seq.ofTokens(tokens, steps, batch, lengths));
        if (chars != null) {
            in.put("chars", Seq.ofValues(chars, steps, batch, w, lengths));
        }
        List<WordIds> tables = tagger.features();
        if (!tables.isEmpty() && features == null) {
            throw new IllegalArgumentException("this tagger reads " + tables.size() + " feature column(s) besides the words;"
                    + " give each word its features");
        }
        for (int j = 0; j < tables.size(); j++) {
            int[] ids = new int[steps * batch];
            for (int b = 0; b < batch; b++) {
                List<List<String>> f = features.get(b);
                for (int t = 0; t < f.size(); t++) {
                    ids[t * batch + b] = tables.get(j).id(f.get(t).get(j));
                }
            }
            in.put("feature" + (j + 1), Seq.ofTokens(ids, steps, batch, lengths));
        }
        return in;
    }

    /** Gold tag ids, (T, B), −1 past each sentence's end. */
    static Targets targets(Tagger tagger, List<List<String>> tags, int steps) {
        int batch = tags.size();
        int[] y = new int[steps * batch];
        java.util.Arrays.fill(y, -1);
        for (int b = 0; b < batch; b++) {
            List<String> s = tags.get(b);
            for (int t = 0; t < s.size(); t++) {
                y[t * batch + b] = tagger.tagId(s.get(t));
            }
        }
        return Targets.classes(y);
    }

    /** Shuffled, length-bucketed training batches ({@link LengthBuckets}). */
    public static BatchSource training(Tagger tagger, TaggedSentences data, int batchSize) {
        check(data, batchSize);
        int[] lengths = data.words().stream().mapToInt(List::size).toArray();
        return (epoch, seed) -> lazy(tagger, data, LengthBuckets.epoch(lengths, batchSize, new Random(seed * 1_000_003L + epoch)));
    }

    /** Every sentence once, shortest first. */
    public static List<Batch> evaluation(Tagger tagger, TaggedSentences data, int batchSize) {
        check(data, batchSize);
        return lazy(tagger, data, LengthBuckets.sorted(data.words().stream().mapToInt(List::size).toArray(), batchSize));
    }

    private static List<Batch> lazy(Tagger tagger, TaggedSentences data, List<int[]> groups) {
        return new java.util.AbstractList<>() {
            @Override
            public Batch get(int i) {
                int[] idx = groups.get(i);
                List<List<String>> words = new ArrayList<>();
                List<List<String>> tags = new ArrayList<>();
                List<List<List<String>>> features = new ArrayList<>();
                for (int s : idx) {
                    words.add(data.words().get(s));
                    tags.add(data.tags().get(s));
                    features.add(data.features().get(s));
                }
                Map<String, Seq> in = inputs(tagger, words, features);
                return Batch.named(in, Map.of("tags", targets(tagger, tags, in.get("words").steps)));
            }

            @Override
            public int size() {
                return groups.size();
            }
        };
    }

    private static void check(TaggedSentences data, int batchSize) {
        if (data.size() == 0) {
            throw new IllegalArgumentException("no sentences to make batches of");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
    }
}
