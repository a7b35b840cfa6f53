package io.rnn4j.gradcheck;

import io.rnn4j.f64.loss.SoftmaxCrossEntropy;
import io.rnn4j.f64.loss.Targets;
import io.rnn4j.f64.nn.AttentionPooling;
import io.rnn4j.f64.nn.Dense;
import io.rnn4j.f64.nn.ForwardContext;
import io.rnn4j.f64.nn.Init;
import io.rnn4j.f64.nn.Layer;
import io.rnn4j.f64.nn.Parameter;
import io.rnn4j.f64.nn.SequenceModel;
import io.rnn4j.f64.nn.SequenceModel.LossTerm;
import io.rnn4j.f64.nn.Embedding;
import io.rnn4j.f64.nn.EmbeddingBag;
import io.rnn4j.f64.nn.conv.GlobalPool1d;
import io.rnn4j.f64.nn.conv.PoolKind;
import io.rnn4j.f64.nn.Merge;
import io.rnn4j.f64.nn.conv.CharCnn;
import io.rnn4j.f64.nn.crf.CrfLoss;
import io.rnn4j.f64.nn.crf.LinearChainCrf;
import io.rnn4j.f64.nn.recurrent.RecurrentConfig;
import io.rnn4j.f64.nn.recurrent.RecurrentLayer;
import io.rnn4j.f64.tensor.Seq;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The linear-chain CRF, attention pooling and class-weighted cross-entropy in double precision:
 * finite differences for every parameter and input, the CRF's log-partition and Viterbi path
 * against brute-force enumeration of all K^L tag sequences, and its allowed transitions.
 */
class CrfAndPoolingGradientCheckTest {

    private static final int T = 4;
    private static final int B = 3;
    private static final int K = 3;

    /** Random transitions, start and end scores (a fresh CRF's are all 0, which would hide mistakes). */
    private static void randomize(LinearChainCrf crf, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        for (Parameter p : crf.parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.set(i, rng.nextDouble() * 2 - 1);
            }
        }
    }

    @Test
    void crfOverABidirectionalLstmWithPaddedSentences() {
        LinearChainCrf crf = new LinearChainCrf(K);
        SequenceModel m = new SequenceModel(2)
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(2, 3).bidirectional(RecurrentConfig.Merge.CONCAT),
                        RecurrentLayer.Output.SEQUENCE))
                .add("emit", new Dense(6, K))
                .add("crf", crf);
        m.initialize(Init.PYTORCH, 3);
        randomize(crf, 4);
        SplittableRandom rng = new SplittableRandom(5);
        double[] x = GradientCheck.randn(rng, T * B * 2, 1);
        int[] lengths = {4, 1, 3};
        int[] gold = new int[T * B];
        for (int r = 0; r < gold.length; r++) {
            gold[r] = rng.nextInt(K);
        }
        Seq in = Seq.ofValues(x, T, B, 2, lengths);
        GradientCheck.checkModel(m, Map.of("input", in),
                List.of(new LossTerm("crf", new CrfLoss(crf), Targets.classes(gold), 1.0)), Map.of("input", x));
    }

    @Test
    void crfWithBioConstraintsGetsNoGradientOnForbiddenTransitions() {
        List<String> tags = List.of("O", "B-NP", "I-NP", "B-VP", "I-VP");
        LinearChainCrf crf = LinearChainCrf.forTags(tags);
        SequenceModel m = new SequenceModel(2).add("emit", new Dense(2, tags.size())).add("crf", crf);
        m.initialize(Init.PYTORCH, 6);
        randomize(crf, 7);
        SplittableRandom rng = new SplittableRandom(8);
        double[] x = GradientCheck.randn(rng, T * 2 * 2, 1);
        // O B-NP I-NP B-VP / B-NP I-NP O (padded)
        int[] gold = {0, 1, 1, 2, 2, 0, 3, -1};
        Seq in = Seq.ofValues(x, T, 2, 2, new int[]{4, 3});
        GradientCheck.checkModel(m, Map.of("input", in),
                List.of(new LossTerm("crf", new CrfLoss(crf), Targets.classes(gold), 1.0)), Map.of("input", x));
        Parameter transitions = crf.parameters().get(0);
        double[] g = m.parameters().grads();
        boolean[][] allowed = crf.allowed();
        for (int i = 0; i < tags.size(); i++) {
            for (int j = 0; j < tags.size(); j++) {
                if (!allowed[i][j]) {
                    assertEquals(0.0, g[transitions.offset() + i * tags.size() + j], 0.0, tags.get(i) + " -> " + tags.get(j));
                }
            }
        }
        assertTrue(!allowed[0][2] && !allowed[1][4] && allowed[1][2] && allowed[2][3], "O->I-NP and B-NP->I-VP are forbidden");
        assertTrue(!crf.allowedStart()[2] && crf.allowedStart()[1], "no sentence starts inside a chunk");
    }

    @Test
    void logPartitionAndViterbiEqualBruteForceEnumeration() {
        for (long seed = 1; seed <= 5; seed++) {
            List<String> tags = List.of("O", "B-X", "I-X");
            LinearChainCrf crf = seed % 2 == 0 ? LinearChainCrf.forTags(tags) : new LinearChainCrf(K);
            new SequenceModel(K).add("crf", crf).initialize(Init.PYTORCH, seed);
            randomize(crf, seed * 10);
            SplittableRandom rng = new SplittableRandom(seed);
            int[] lengths = {4, 1, 3};
            double[] e = GradientCheck.randn(rng, T * B * K, 2);
            Seq emissions = Seq.ofValues(e, T, B, K, lengths);
            double[] logZ = new CrfLoss(crf).logPartition(emissions);
            int[][] best = crf.decode(emissions);
            for (int b = 0; b < B; b++) {
                Brute brute = enumerate(crf, e, B, b, lengths[b]);
                assertEquals(brute.logZ, logZ[b], 1e-10, "log Z of sample " + b + ", seed " + seed);
                assertArrayEquals(brute.best, best[b], "Viterbi path of sample " + b + ", seed " + seed);
            }
        }
    }

    @Test
    void crfLossIsLogZMinusGoldScore() {
        LinearChainCrf crf = new LinearChainCrf(K);
        new SequenceModel(K).add("crf", crf).initialize(Init.PYTORCH, 1);
        randomize(crf, 2);
        double[] e = GradientCheck.randn(new SplittableRandom(3), 3 * K, 1);
        int[] gold = {2, 0, 1};
        Seq emissions = Seq.ofValues(e, 3, 1, K, null);
        double loss = new CrfLoss(crf).compute(emissions, Targets.classes(gold), new double[e.length]).loss();
        Brute brute = enumerate(crf, e, 1, 0, 3);
        assertEquals((brute.logZ - brute.score(gold)) / 3, loss, 1e-12, "per-token negative log-likelihood");
    }

    @Test
    void goldTagsThroughAForbiddenTransitionAreRefused() {
        LinearChainCrf crf = LinearChainCrf.forTags(List.of("O", "B-X", "I-X"));
        Seq emissions = Seq.ofValues(new double[2 * 3], 2, 1, 3, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CrfLoss(crf).compute(emissions, Targets.classes(new int[]{0, 2}), new double[6]));
        assertTrue(e.getMessage().contains("does not allow"), e.getMessage());
    }

    @Test
    void attentionPoolingOverPaddedSequences() {
        SequenceModel m = new SequenceModel(3)
                .add("pool", new AttentionPooling(3, 4))
                .add("head", new Dense(3, 2));
        m.initialize(Init.PYTORCH, 9);
        SplittableRandom rng = new SplittableRandom(10);
        double[] x = GradientCheck.randn(rng, T * B * 3, 1);
        Seq in = Seq.ofValues(x, T, B, 3, new int[]{4, 1, 2});
        GradientCheck.checkModel(m, Map.of("input", in),
                List.of(new LossTerm("head", new SoftmaxCrossEntropy(), Targets.classes(new int[]{1, 0, 1}), 1.0)),
                Map.of("input", x));
    }

    /** The embedding bag: gradient-checked, and equal to an embedding followed by mean pooling on the same weights. */
    @Test
    void embeddingBagIsEmbeddingThenMeanPooling() {
        int vocab = 7;
        SequenceModel bag = new SequenceModel(vocab).add("embed", new EmbeddingBag(vocab, 3)).add("head", new Dense(3, 2));
        bag.initialize(Init.PYTORCH, 19);
        SplittableRandom rng = new SplittableRandom(20);
        int[] tokens = new int[T * B];
        for (int r = 0; r < tokens.length; r++) {
            tokens[r] = rng.nextInt(vocab);
        }
        Seq in = Seq.ofTokens(tokens, T, B, new int[]{4, 1, 2});
        GradientCheck.checkModel(bag, Map.of("input", in),
                List.of(new LossTerm("head", new SoftmaxCrossEntropy(), Targets.classes(new int[]{1, 0, 1}), 1.0)), Map.of());
        SequenceModel plain = new SequenceModel(vocab).add("embed", new Embedding(vocab, 3)).add("pool", new GlobalPool1d(PoolKind.AVG))
                .add("head", new Dense(3, 2));
        System.arraycopy(bag.parameters().values(), 0, plain.parameters().values(), 0, bag.parameters().size());
        assertArrayEquals(plain.forward(in, ForwardContext.inference()).output().values,
                bag.forward(in, ForwardContext.inference()).output().values, 1e-12);
    }

    @Test
    void attentionWeightsSumToOneOverValidStepsAndAreZeroOnPadding() {
        AttentionPooling pool = new AttentionPooling(3, 4);
        new SequenceModel(3).add("pool", pool).initialize(Init.PYTORCH, 11);
        double[] x = GradientCheck.randn(new SplittableRandom(12), T * B * 3, 1);
        Layer.Pass pass = pool.forward(Seq.ofValues(x, T, B, 3, new int[]{4, 1, 2}), ForwardContext.inference());
        double[] w = AttentionPooling.weights(pass);
        int[] lengths = {4, 1, 2};
        for (int b = 0; b < B; b++) {
            double sum = 0;
            for (int t = 0; t < T; t++) {
                double a = w[t * B + b];
                if (t >= lengths[b]) {
                    assertEquals(0.0, a, 0.0, "padding gets no weight");
                }
                sum += a;
            }
            assertEquals(1.0, sum, 1e-12, "weights of sample " + b);
        }
        assertEquals(1.0, w[1], 0.0, "a one-word sentence puts all weight on its word");
    }

    @Test
    void classWeightedCrossEntropy() {
        SequenceModel m = new SequenceModel(3).add("head", new Dense(3, 3));
        m.initialize(Init.PYTORCH, 13);
        double[] x = GradientCheck.randn(new SplittableRandom(14), 4 * 3, 1);
        Seq in = Seq.ofValues(x, 1, 4, 3, null);
        int[] y = {0, 2, 2, 1};
        double[] w = {0.5, 3.0, 1.5};
        SoftmaxCrossEntropy weighted = SoftmaxCrossEntropy.weighted(w);
        GradientCheck.checkModel(m, Map.of("input", in), List.of(new LossTerm("head", weighted, Targets.classes(y), 1.0)),
                Map.of("input", x));
        // the weighted mean of the rows' plain losses, as PyTorch's cross_entropy(weight=w)
        Seq out = m.forward(in, ForwardContext.inference()).output();
        double num = 0;
        double den = 0;
        for (int r = 0; r < 4; r++) {
            Seq row = Seq.ofValues(java.util.Arrays.copyOfRange(out.values, r * 3, r * 3 + 3), 1, 1, 3, null);
            double plain = new SoftmaxCrossEntropy().compute(row, Targets.classes(new int[]{y[r]}), new double[3]).loss();
            num += w[y[r]] * plain;
            den += w[y[r]];
        }
        assertEquals(num / den, weighted.compute(out, Targets.classes(y), new double[12]).loss(), 1e-12);
    }

    /**
     * The tagger's graph in small: words and character ids → embedding ⊕ char CNN → BiLSTM →
     * emissions → CRF, with padded sentences and words of different lengths. Character ids are
     * not differentiable, so only the parameters are checked.
     */
    @Test
    void charCnnTaggerGraph() {
        int width = 4;
        LinearChainCrf crf = new LinearChainCrf(K);
        SequenceModel m = SequenceModel.graph().input("words", 6).input("chars", width)
                .add("embed", new Embedding(6, 3), "words")
                .add("char_cnn", new CharCnn(5, 2, 3, 3, width), "chars")
                .add("both", Merge.concat(), "embed", "char_cnn")
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(6, 2).bidirectional(RecurrentConfig.Merge.CONCAT),
                        RecurrentLayer.Output.SEQUENCE), "both")
                .add("emit", new Dense(4, K), "rnn")
                .add("crf", crf, "emit")
                .output("tags", "crf");
        m.initialize(Init.PYTORCH, 15);
        randomize(crf, 16);
        SplittableRandom rng = new SplittableRandom(17);
        int[] lengths = {4, 2, 3};
        int[] words = new int[T * B];
        double[] chars = new double[T * B * width];
        int[] gold = new int[T * B];
        for (int r = 0; r < T * B; r++) {
            words[r] = rng.nextInt(6);
            gold[r] = rng.nextInt(K);
            int n = 1 + rng.nextInt(width); // 1..W characters, then padding
            for (int j = 0; j < n; j++) {
                chars[r * width + j] = 1 + rng.nextInt(4);
            }
        }
        Map<String, Seq> in = Map.of("words", Seq.ofTokens(words, T, B, lengths), "chars", Seq.ofValues(chars, T, B, width, lengths));
        GradientCheck.checkModel(m, in, List.of(new LossTerm("tags", new CrfLoss(crf), Targets.classes(gold), 1.0)), Map.of());
    }

    @Test
    void charCnnRefusesIdsThatAreNotCharacters() {
        CharCnn cnn = new CharCnn(5, 2, 3, 3, 2);
        new SequenceModel(2).add("c", cnn).initialize(Init.PYTORCH, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cnn.forward(Seq.ofValues(new double[]{1, 7}, 1, 1, 2, null), ForwardContext.inference()));
        assertTrue(e.getMessage().contains("not a whole number in 0..4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> cnn.forward(Seq.ofValues(new double[]{0, 2}, 1, 1, 2, null), ForwardContext.inference()));
        assertTrue(e.getMessage().contains("after the padding"), e.getMessage());
    }

    /** All K^L paths of one sample. */
    private record Brute(double logZ, int[] best, LinearChainCrf crf, double[] e, int batch, int b) {
        double score(int[] path) {
            return pathScore(crf, e, batch, b, path);
        }
    }

    /** Sample b of emissions e (T, batch, K). */
    private static Brute enumerate(LinearChainCrf crf, double[] e, int batch, int b, int len) {
        int k = crf.tags();
        int paths = (int) Math.pow(k, len);
        double max = Double.NEGATIVE_INFINITY;
        int[] best = null;
        double[] scores = new double[paths];
        for (int code = 0; code < paths; code++) {
            int[] path = new int[len];
            for (int t = 0, c = code; t < len; t++, c /= k) {
                path[t] = c % k;
            }
            scores[code] = pathScore(crf, e, batch, b, path);
            if (scores[code] > max) {
                max = scores[code];
                best = path;
            }
        }
        double s = 0;
        for (double v : scores) {
            s += Math.exp(v - max);
        }
        return new Brute(max + Math.log(s), best, crf, e, batch, b);
    }

    /** s(y) straight from the definition, −∞ through a forbidden transition. */
    private static double pathScore(LinearChainCrf crf, double[] e, int batch, int b, int[] path) {
        int k = crf.tags();
        double[] a = crf.parameters().get(0).data();
        double[] start = crf.parameters().get(1).data();
        double[] end = crf.parameters().get(2).data();
        int ao = crf.parameters().get(0).offset();
        int so = crf.parameters().get(1).offset();
        int eo = crf.parameters().get(2).offset();
        boolean[][] allowed = crf.allowed();
        if (!crf.allowedStart()[path[0]] || !crf.allowedEnd()[path[path.length - 1]]) {
            return Double.NEGATIVE_INFINITY;
        }
        double s = start[so + path[0]] + end[eo + path[path.length - 1]];
        for (int t = 0; t < path.length; t++) {
            s += e[(t * batch + b) * k + path[t]];
            if (t > 0) {
                if (!allowed[path[t - 1]][path[t]]) {
                    return Double.NEGATIVE_INFINITY;
                }
                s += a[ao + path[t - 1] * k + path[t]];
            }
        }
        return s;
    }
}
