package io.rnn4j.word2vec;

import io.rnn4j.kernel.Parallel;
import io.rnn4j.kernel.Runs;
import io.rnn4j.text.WordVectors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Trains word vectors by skip-gram or CBOW with negative sampling (Mikolov, Sutskever, Chen,
 * Corrado &amp; Dean 2013), following the original C tool:
 *
 * <pre>
 *   for each kept word w_t of a sentence (frequent words dropped at random: {@link Word2VecConfig#sample}),
 *   with a window of b ~ U{1..window} words on each side:
 *     skip-gram: for each context word c:  h = v_c,                 target w_t
 *     CBOW:      once:                      h = mean (or sum) of v_c, target w_t
 *     for the target (label 1) and k noise words n ~ U(w)^0.75 (label 0):
 *       g = α (label − σ(h·u_n)),  e += g·u_n,  u_n += g·h
 *     then every input vector of h gets v += e
 *   α falls linearly from alpha to alpha·1e-4 over all words of all epochs.
 * </pre>
 *
 * Input vectors v start U(−0.5/D, 0.5/D), output vectors u at 0. The sentences (already tokens)
 * are split over rnn4j's threads, each with a random stream of its own, updating v and u
 * without locks as the original does.
 */
public final class Word2Vec {

    private final Word2VecConfig config;
    private final List<String> words;
    private final long[] counts;
    private final float[] input;
    private final float[] output;
    private final int[] noiseTable;

    private Word2Vec(Word2VecConfig config, List<String> words, long[] counts) {
        this.config = config;
        this.words = words;
        this.counts = counts;
        int d = config.dim();
        this.input = new float[Math.multiplyExact(words.size(), d)];
        this.output = new float[words.size() * d];
        SplittableRandom rng = new SplittableRandom(config.seed());
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) ((rng.nextDouble() - 0.5) / d);
        }
        this.noiseTable = noiseTable(counts);
    }

    /** The vocabulary of {@code sentences}: words seen at least minCount times, most frequent first (ties by first appearance). */
    static Map<String, Long> vocabulary(List<List<String>> sentences, int minCount) {
        Map<String, Long> all = new LinkedHashMap<>();
        for (List<String> s : sentences) {
            for (String w : s) {
                all.merge(w, 1L, Long::sum);
            }
        }
        List<Map.Entry<String, Long>> ranked = new ArrayList<>(all.entrySet());
        ranked.removeIf(e -> e.getValue() < minCount);
        ranked.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        Map<String, Long> kept = new LinkedHashMap<>();
        ranked.forEach(e -> kept.put(e.getKey(), e.getValue()));
        return kept;
    }

    /** Trains on {@code sentences} (lists of tokens) and returns the input vectors. */
    public static WordVectors train(List<List<String>> sentences, Word2VecConfig config) {
        Map<String, Long> vocab = vocabulary(sentences, config.minCount());
        if (vocab.isEmpty()) {
            throw new IllegalArgumentException("no word of the corpus is seen " + config.minCount() + " times or more (--min-count);"
                    + " the vocabulary is empty");
        }
        List<String> words = new ArrayList<>(vocab.keySet());
        long[] counts = vocab.values().stream().mapToLong(Long::longValue).toArray();
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < words.size(); i++) {
            ids.put(words.get(i), i);
        }
        List<int[]> encoded = new ArrayList<>(sentences.size());
        long total = 0;
        for (List<String> s : sentences) {
            int[] e = s.stream().map(ids::get).filter(java.util.Objects::nonNull).mapToInt(Integer::intValue).toArray();
            encoded.add(e);
            total += e.length;
        }
        Word2Vec w2v = new Word2Vec(config, words, counts);
        w2v.run(encoded, total);
        return w2v.vectors();
    }

    /** The unigram distribution to the 3/4 power as a table to draw from (the original's 1e8 entries, fewer for small vocabularies). */
    private static int[] noiseTable(long[] counts) {
        int size = (int) Math.min(100_000_000L, Math.max(1_000_000L, 100L * counts.length));
        double norm = 0;
        for (long c : counts) {
            norm += Math.pow(c, 0.75);
        }
        int[] table = new int[size];
        int w = 0;
        double cumulative = Math.pow(counts[0], 0.75) / norm;
        for (int i = 0; i < size; i++) {
            table[i] = w;
            if ((double) (i + 1) / size > cumulative && w < counts.length - 1) {
                w++;
                cumulative += Math.pow(counts[w], 0.75) / norm;
            }
        }
        return table;
    }

    private void run(List<int[]> sentences, long totalWords) {
        long all = (long) config.epochs() * totalWords;
        int longest = sentences.stream().mapToInt(x -> x.length).max().orElse(0);
        AtomicLong done = new AtomicLong();
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            int e = epoch;
            Parallel.forRange(sentences.size(), 1, (from, to) -> {
                SplittableRandom rng = new SplittableRandom(config.seed() * 1_000_003L + e * 7919L + from);
                float[] hidden = new float[config.dim()];
                float[] error = new float[config.dim()];
                int[] kept = new int[longest];
                long local = 0;
                for (int s = from; s < to; s++) {
                    int[] sentence = sentences.get(s);
                    double progress = (double) (done.get() + local) / (all + 1);
                    float alpha = (float) (config.alpha() * Math.max(1 - progress, 1e-4));
                    int n = keep(sentence, totalWords, rng, kept);
                    trainSentence(kept, n, alpha, rng, hidden, error);
                    local += sentence.length;
                    if (local > 10_000) {
                        done.addAndGet(local);
                        local = 0;
                    }
                }
                done.addAndGet(local);
            });
        }
    }

    /** Writes the words of a sentence that sub-sampling keeps into {@code kept}; returns how many. */
    private int keep(int[] sentence, long totalWords, SplittableRandom rng, int[] kept) {
        double threshold = config.sample() * totalWords;
        int n = 0;
        for (int w : sentence) {
            if (config.sample() == 0) {
                kept[n++] = w;
                continue;
            }
            double keep = (Math.sqrt(counts[w] / threshold) + 1) * threshold / counts[w];
            if (keep >= 1 || rng.nextDouble() < keep) {
                kept[n++] = w;
            }
        }
        return n;
    }

    /** Trains on the first {@code length} words of {@code s}. */
    private void trainSentence(int[] s, int length, float alpha, SplittableRandom rng, float[] hidden, float[] error) {
        int d = config.dim();
        for (int t = 0; t < length; t++) {
            int b = 1 + rng.nextInt(config.window());
            int lo = Math.max(0, t - b);
            int hi = Math.min(length - 1, t + b);
            if (config.skipGram()) {
                for (int c = lo; c <= hi; c++) {
                    if (c != t) {
                        System.arraycopy(input, s[c] * d, hidden, 0, d);
                        java.util.Arrays.fill(error, 0f);
                        negativeSampling(hidden, s[t], alpha, rng, error);
                        Runs.addInto(error, 0, input, s[c] * d, d);
                    }
                }
            } else {
                java.util.Arrays.fill(hidden, 0f);
                int n = 0;
                for (int c = lo; c <= hi; c++) {
                    if (c != t) {
                        Runs.addInto(input, s[c] * d, hidden, 0, d);
                        n++;
                    }
                }
                if (n == 0) {
                    continue;
                }
                if (config.cbowMean()) {
                    for (int j = 0; j < d; j++) {
                        hidden[j] /= n;
                    }
                }
                java.util.Arrays.fill(error, 0f);
                negativeSampling(hidden, s[t], alpha, rng, error);
                for (int c = lo; c <= hi; c++) {
                    if (c != t) {
                        Runs.addInto(error, 0, input, s[c] * d, d);
                    }
                }
            }
        }
    }

    /** One prediction of {@code target} from {@code hidden}: updates the output vectors, adds the input's error into {@code error}. */
    private void negativeSampling(float[] hidden, int target, float alpha, SplittableRandom rng, float[] error) {
        int d = config.dim();
        for (int k = 0; k <= config.negative(); k++) {
            int word;
            float label;
            if (k == 0) {
                word = target;
                label = 1f;
            } else {
                word = noiseTable[rng.nextInt(noiseTable.length)];
                if (word == target) {
                    continue;
                }
                label = 0f;
            }
            int o = word * d;
            float g = (label - sigmoid(Runs.dot(hidden, 0, output, o, d))) * alpha;
            Runs.axpy(g, output, o, error, 0, d);
            Runs.axpy(g, hidden, 0, output, o, d);
        }
    }

    /** σ(x), saturated beyond ±6 as the original's table is. */
    private static float sigmoid(float x) {
        if (x > 6f) {
            return 1f;
        }
        if (x < -6f) {
            return 0f;
        }
        return (float) (1 / (1 + Math.exp(-x)));
    }

    private WordVectors vectors() {
        int d = config.dim();
        float[][] rows = new float[words.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = java.util.Arrays.copyOfRange(input, i * d, (i + 1) * d);
        }
        return WordVectors.of(words, rows);
    }
}
