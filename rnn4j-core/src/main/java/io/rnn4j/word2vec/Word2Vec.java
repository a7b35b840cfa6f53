package io.rnn4j.word2vec;

import io.rnn4j.kernel.Parallel;
import io.rnn4j.kernel.Runs;
import io.rnn4j.text.WordVectors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A word2vec model, skip-gram or CBOW, trained by negative sampling and/or hierarchical softmax
 * (Mikolov, Chen, Corrado &amp; Dean 2013; Mikolov, Sutskever, Chen, Corrado &amp; Dean 2013),
 * following the original C tool and gensim:
 *
 * <pre>
 *   for each kept word w_t of a sentence (frequent words dropped at random: {@link Word2VecConfig#sample}),
 *   with a window of r ~ U{1..window} words on each side:
 *     skip-gram: for each context word c:  h = v_c,                  then v_c += e
 *     CBOW:      once:                      h = mean (or sum) of v_c, then every v_c += e
 *   predicting w_t from h, with e = 0 beforehand:
 *     negative sampling: for the target (label 1) and k noise words n ~ U(w)^0.75 (label 0):
 *       g = α (label − σ(h·u_n)),  e += g·u_n,  u_n += g·h
 *     hierarchical softmax: for each inner node p_j on w_t's Huffman path with branch b_j:
 *       g = α (1 − b_j − σ(h·t_{p_j})),  e += g·t_{p_j},  t_{p_j} += g·h
 *   α falls linearly from alpha to minAlpha over all words of all epochs.
 * </pre>
 *
 * σ is read from the original's table of 1,000 values over (−6, 6); where h·u falls outside it
 * the word or node is left alone, as gensim leaves it (the C tool takes σ as 0 or 1 for negative
 * sampling). CBOW with the sum of the context divides e by the context's size, as gensim does.
 * Input vectors v start
 * U(−0.5/D, 0.5/D), output vectors u and tree vectors t at 0.
 *
 * <p>Rows are stored {@link #stride()} floats apart (D rounded up to 16, the padding always 0), so
 * every dot product and update runs on whole 512-bit vectors. The corpus is split over rnn4j's
 * threads, each with a random stream of its own (the peers' linear congruential generator),
 * updating the shared tables without locks (Hogwild) as the original does.
 */
public final class Word2Vec {

    private static final int EXP_TABLE_SIZE = 1000;
    private static final float MAX_EXP = 6f;
    /** One entry more than the original's size, as the original allocates: f just under 6 rounds to the last index. */
    private static final float[] SIGMOID = new float[EXP_TABLE_SIZE + 1];
    private static final long LCG_MULTIPLIER = 25_214_903_917L;

    static {
        for (int i = 0; i <= EXP_TABLE_SIZE; i++) {
            double e = Math.exp((i / (double) EXP_TABLE_SIZE * 2 - 1) * MAX_EXP);
            SIGMOID[i] = (float) (e / (e + 1));
        }
    }

    private final Word2VecConfig config;
    private final Vocabulary vocabulary;
    private final int stride;
    final float[] input;
    final float[] output;
    final float[] tree;
    private final NoiseDistribution noise;
    private final float[] keep;
    private final HuffmanTree huffman;
    private int epochsDone;

    Word2Vec(Word2VecConfig config, Vocabulary vocabulary, float[] input, float[] output, float[] tree, int epochsDone) {
        this.config = config;
        this.vocabulary = vocabulary;
        this.stride = stride(config.dim());
        this.input = input;
        this.output = output;
        this.tree = tree;
        this.epochsDone = epochsDone;
        long[] counts = vocabulary.counts();
        this.noise = config.negative() > 0 ? new NoiseDistribution(counts) : null;
        this.huffman = config.hierarchical() ? new HuffmanTree(counts) : null;
        this.keep = keepProbabilities(counts, vocabulary.total(), config.sample());
    }

    /** A model over {@code vocabulary} before training: input vectors drawn from the seed, the rest 0. */
    public static Word2Vec create(Vocabulary vocabulary, Word2VecConfig config) {
        int v = vocabulary.size();
        int d = config.dim();
        int stride = stride(d);
        float[] input = new float[Math.multiplyExact(v, stride)];
        SplittableRandom rng = new SplittableRandom(config.seed());
        for (int w = 0; w < v; w++) {
            for (int j = 0; j < d; j++) {
                input[w * stride + j] = (float) ((rng.nextDouble() - 0.5) / d);
            }
        }
        float[] output = config.negative() > 0 ? new float[input.length] : null;
        float[] tree = config.hierarchical() ? new float[Math.max(0, v - 1) * stride] : null;
        return new Word2Vec(config, vocabulary, input, output, tree, 0);
    }

    /** Trains on in-memory sentences (lists of tokens) and returns the input vectors; the ids go through a temporary file. */
    public static WordVectors train(List<List<String>> sentences, Word2VecConfig config) {
        Vocabulary v = Vocabulary.count(sentences, config.minCount(), config.maxVocab());
        Word2Vec model = create(v, config);
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        try (EncodedCorpus corpus = EncodedCorpus.encode(sentences::forEach, v, dir)) {
            model.train(corpus, Word2VecListener.SILENT);
        }
        return model.vectors();
    }

    /**
     * Trains the epochs not yet done on the corpus file {@code corpus} (one sentence per line),
     * encoding it first into a temporary file in {@code tempDir}; {@code listener} hears progress
     * about once a second and the end of each epoch (where a checkpoint can be written).
     */
    public void train(Path corpus, Path tempDir, Word2VecListener listener) {
        try (EncodedCorpus encoded = EncodedCorpus.encode(s -> CorpusFile.forEachSentence(corpus, s), vocabulary, tempDir)) {
            if (encoded.words() == 0) {
                throw new IllegalArgumentException(corpus + ": no word of the corpus is in the vocabulary");
            }
            train(encoded, listener);
        }
    }

    static int stride(int dim) {
        return (dim + 15) / 16 * 16;
    }

    /** The probability that sub-sampling keeps each word: (√(c/t) + 1)·t/c with t = sample·total, at most 1. */
    private static float[] keepProbabilities(long[] counts, long total, double sample) {
        float[] keep = new float[counts.length];
        double threshold = sample * total;
        for (int w = 0; w < counts.length; w++) {
            keep[w] = sample == 0 ? 1f : (float) Math.min(1, (Math.sqrt(counts[w] / threshold) + 1) * threshold / counts[w]);
        }
        return keep;
    }

    void train(EncodedCorpus corpus, Word2VecListener listener) {
        int threads = Parallel.threads();
        long perEpoch = corpus.words();
        long all = (long) config.epochs() * perEpoch;
        AtomicLong done = new AtomicLong((long) epochsDone * perEpoch);
        AtomicLong lastReport = new AtomicLong(System.nanoTime());
        long start = System.nanoTime();
        long startWords = done.get();
        // Pieces of about 100,000 words, claimed in file order by the threads as they come free, so
        // that no thread waits at the end of an epoch for a slower part of the corpus; each piece
        // has its own random stream, so one thread gives the same vectors on every run. File order
        // matters: the learning rate falls over the run, and handing out far-apart pieces at once
        // (tried) cost CBOW 0.02 of SimLex-999's rho against gensim, which also reads in file order.
        int pieces = (int) Math.max(threads, Math.min(4096, corpus.length() / 100_000));
        for (int epoch = epochsDone; epoch < config.epochs(); epoch++) {
            int e = epoch;
            AtomicInteger nextPiece = new AtomicInteger();
            Parallel.forRange(threads, 1, (from, to) -> {
                Worker worker = new Worker(corpus.longest());
                for (int piece; (piece = nextPiece.getAndIncrement()) < pieces; ) {
                    worker.random = config.seed() * 1_000_003L + e * 7_919L + piece * 104_729L + 1;
                    EncodedCorpus.Slice slice = corpus.slice(corpus.length() * piece / pieces, corpus.length() * (piece + 1) / pieces,
                            worker.buffer);
                    worker.run(slice, done, all, () -> report(listener, e, done.get(), all, startWords, start, lastReport));
                }
            });
            epochsDone = epoch + 1;
            listener.epochEnd(epochsDone, this);
        }
    }

    private void report(Word2VecListener listener, int epoch, long done, long all, long startWords, long start, AtomicLong lastReport) {
        long now = System.nanoTime();
        long last = lastReport.get();
        if (now - last < 1_000_000_000L || !lastReport.compareAndSet(last, now)) {
            return;
        }
        double seconds = (now - start) / 1e9;
        double rate = (done - startWords) / Math.max(seconds, 1e-9);
        listener.progress(new Word2VecListener.Progress(epoch + 1, config.epochs(), done, all, rate, alpha(done, all),
                rate > 0 ? (all - done) / rate : Double.NaN));
    }

    private float alpha(long done, long all) {
        double progress = (double) done / all;
        return (float) Math.max(config.minAlpha(), config.alpha() - (config.alpha() - config.minAlpha()) * progress);
    }

    /** One thread's training state: its random stream and scratch rows. */
    private final class Worker {
        private final int[] sentence;
        private final int[] kept;
        private final float[] hidden = new float[stride];
        private final float[] error = new float[stride];
        private final float[] logits = new float[config.negative() + 1];
        /** Row offsets of the target and the noise words of one prediction. */
        private final int[] targets = new int[config.negative() + 1];
        private final float[] gradients = new float[config.negative() + 1];
        final java.nio.ByteBuffer buffer = EncodedCorpus.buffer();
        long random;

        Worker(int longest) {
            this.sentence = new int[longest];
            this.kept = new int[longest];
        }

        /** A uniform draw in [0, n) from one step of the generator, by multiplying rather than dividing. */
        private int nextBelow(int n) {
            return (int) (((long) nextRandom() * n) >>> 31);
        }

        private int nextRandom() {
            random = random * LCG_MULTIPLIER + 11;
            return (int) (random >>> 16) & 0x7fff_ffff;
        }

        void run(EncodedCorpus.Slice slice, AtomicLong done, long all, Runnable report) {
            float alpha = alpha(done.get(), all);
            long local = 0;
            for (int n; (n = slice.nextSentence(sentence)) >= 0; ) {
                int m = 0;
                for (int i = 0; i < n; i++) {
                    int w = sentence[i];
                    if (keep[w] >= 1f || keep[w] * 0x1p31f > nextRandom()) {
                        kept[m++] = w;
                    }
                }
                if (config.skipGram()) {
                    skipGram(kept, m, alpha);
                } else {
                    cbow(kept, m, alpha);
                }
                local += n;
                if (local >= 10_000) {
                    alpha = alpha(done.addAndGet(local), all);
                    local = 0;
                    report.run();
                }
            }
            done.addAndGet(local);
        }

        private void skipGram(int[] s, int n, float alpha) {
            int window = config.window();
            for (int t = 0; t < n; t++) {
                int reach = window - nextBelow(window);
                int target = s[t];
                for (int c = Math.max(0, t - reach), hi = Math.min(n - 1, t + reach); c <= hi; c++) {
                    if (c == t) {
                        continue;
                    }
                    int row = s[c] * stride;
                    Arrays.fill(error, 0f);
                    predict(input, row, target, alpha);
                    Runs.addInto(error, 0, input, row, stride);
                }
            }
        }

        private void cbow(int[] s, int n, float alpha) {
            int window = config.window();
            for (int t = 0; t < n; t++) {
                int reach = window - nextBelow(window);
                int lo = Math.max(0, t - reach);
                int hi = Math.min(n - 1, t + reach);
                Arrays.fill(hidden, 0f);
                int count = 0;
                for (int c = lo; c <= hi; c++) {
                    if (c != t) {
                        Runs.addInto(input, s[c] * stride, hidden, 0, stride);
                        count++;
                    }
                }
                if (count == 0) {
                    continue;
                }
                if (config.cbowMean()) {
                    scale(hidden, 1f / count);
                }
                Arrays.fill(error, 0f);
                predict(hidden, 0, s[t], alpha);
                if (!config.cbowMean()) {
                    scale(error, 1f / count); // gensim spreads the error of a summed context over its words
                }
                for (int c = lo; c <= hi; c++) {
                    if (c != t) {
                        Runs.addInto(error, 0, input, s[c] * stride, stride);
                    }
                }
            }
        }

        private void scale(float[] x, float by) {
            for (int i = 0; i < x.length; i++) {
                x[i] *= by;
            }
        }

        /** Predicts {@code target} from h = {@code h[hOff..]}: updates the output side, adds h's error into {@link #error}. */
        private void predict(float[] h, int hOff, int target, float alpha) {
            if (huffman != null) {
                byte[] codes = huffman.codes(target);
                int[] points = huffman.points(target);
                for (int j = 0; j < codes.length; j++) {
                    int row = points[j] * stride;
                    float f = Runs.dot(h, hOff, tree, row, stride);
                    if (f <= -MAX_EXP || f >= MAX_EXP) {
                        continue;
                    }
                    float g = (1 - codes[j] - sigmoid(f)) * alpha;
                    Runs.crossUpdate(g, h, hOff, tree, row, error, 0, stride);
                }
            }
            int negative = config.negative();
            if (negative == 0) {
                return;
            }
            // The k + 1 dot products first, then the updates: the dot products do not wait on
            // each other, so their cache misses and latencies overlap. A noise word drawn twice
            // sees its row as it was before this prediction (a staleness of the kind Hogwild
            // has anyway); the original tool updates each row before the next dot product.
            targets[0] = target * stride;
            int count = 1;
            for (int k = 1; k <= negative; k++) {
                int word = noise.draw(nextRandom(), nextRandom());
                if (word != target) {
                    targets[count++] = word * stride;
                }
            }
            Runs.dots(h, hOff, output, targets, count, logits, stride);
            for (int k = 0; k < count; k++) {
                float f = logits[k];
                // beyond ±6 the word is left alone, as gensim leaves it (the C tool takes σ as 0 or 1)
                gradients[k] = f <= -MAX_EXP || f >= MAX_EXP ? 0f : ((k == 0 ? 1f : 0f) - sigmoid(f)) * alpha;
            }
            Runs.crossUpdates(gradients, h, hOff, output, targets, count, error, stride);
        }
    }

    /** σ(f) from the table, for −6 &lt; f &lt; 6. */
    static float sigmoid(float f) {
        return SIGMOID[(int) ((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2))];
    }

    public Word2VecConfig config() {
        return config;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    /** Epochs trained so far. */
    public int epochsDone() {
        return epochsDone;
    }

    /** The distance between rows in the weight tables: D rounded up to 16. */
    int stride() {
        return stride;
    }

    /** The input vectors, one per vocabulary word: the word vectors word2vec's tools write. */
    public WordVectors vectors() {
        int d = config.dim();
        float[][] rows = new float[vocabulary.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = Arrays.copyOfRange(input, i * stride, i * stride + d);
        }
        return WordVectors.of(vocabulary.words(), rows);
    }

    /** Writes the model's whole state (see {@link Word2VecFile}) to {@code file}, replacing it in one step. */
    public void save(Path file) throws IOException {
        Word2VecFile.write(this, file);
    }

    /** A model saved by {@link #save(Path)}, ready to train its remaining epochs. */
    public static Word2Vec load(Path file) {
        return Word2VecFile.read(file);
    }
}
