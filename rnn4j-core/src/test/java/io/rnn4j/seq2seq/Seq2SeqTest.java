package io.rnn4j.seq2seq;

import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.attention.Attention;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The encoder–decoder: padding in source and target changes no loss or gradient, decoding step by
 * step computes what the teacher-forced training pass computes, and beam search is exact.
 */
class Seq2SeqTest {

    static Seq2Seq model(Attention.Score score, RecurrentConfig.CellType cell, long seed) {
        // the decoder is as wide as the memory (2·4) for dot attention, else bridged from it
        Seq2SeqConfig c = new Seq2SeqConfig(9, 7, cell, 5, 4, 2, true, score == Attention.Score.DOT ? 8 : 6, 2, score, 5,
                score != Attention.Score.ADDITIVE, 0f);
        return new Seq2Seq(c).initialize(Init.PYTORCH, seed);
    }

    static final List<int[]> SOURCES = List.of(new int[] {3, 1, 4, 1, 5}, new int[] {2, 6}, new int[] {5, 3, 5});
    static final List<int[]> TARGETS = List.of(new int[] {2, 3}, new int[] {4, 5, 6, 2}, new int[] {3});

    /** Loss sum (not mean) and gradient of one batch. */
    private static double[] lossAndGradient(Seq2Seq m, Batch batch, float[] grads) {
        SequenceModel model = m.model();
        model.parameters().zeroGrad();
        SequenceModel.Gradient g = model.gradient(batch.namedInputs(),
                List.of(new SequenceModel.LossTerm("logits", new SoftmaxCrossEntropy(), batch.targetsFor("logits"), 1.0)),
                new ForwardContext(false, null, Map.of()));
        float[] gr = model.parameters().grads();
        for (int i = 0; i < gr.length; i++) {
            grads[i] += gr[i] * g.count(); // the gradient of the summed loss
        }
        return new double[] {g.loss() * g.count(), g.count()};
    }

    @ParameterizedTest
    @EnumSource(Attention.Score.class)
    void paddingChangesNoLossOrGradient(Attention.Score score) {
        for (RecurrentConfig.CellType cell : List.of(RecurrentConfig.CellType.LSTM, RecurrentConfig.CellType.GRU)) {
            Seq2Seq m = model(score, cell, 3);
            int n = m.model().parameters().grads().length;
            float[] batched = new float[n];
            double[] all = lossAndGradient(m, m.batch(SOURCES, TARGETS), batched);
            float[] alone = new float[n];
            double loss = 0;
            double count = 0;
            for (int i = 0; i < SOURCES.size(); i++) {
                double[] one = lossAndGradient(m, m.batch(List.of(SOURCES.get(i)), List.of(TARGETS.get(i))), alone);
                loss += one[0];
                count += one[1];
            }
            assertEquals(count, all[1], 0.0);
            assertEquals(loss, all[0], 1e-4, score + " " + cell + " loss");
            for (int i = 0; i < n; i++) {
                assertEquals(alone[i], batched[i], 1e-4, score + " " + cell + " gradient " + i);
            }
        }
    }

    /** Garbage in the padded source and target positions changes nothing. */
    @Test
    void paddedTokenValuesAreNeverRead() {
        Seq2Seq m = model(Attention.Score.GENERAL, RecurrentConfig.CellType.LSTM, 4);
        Batch clean = m.batch(SOURCES, TARGETS);
        Seq src = clean.namedInputs().get("source");
        Seq tgt = clean.namedInputs().get("target");
        int[] srcTokens = src.tokens.clone();
        int[] tgtTokens = tgt.tokens.clone();
        for (int r = 0; r < srcTokens.length; r++) {
            if (!src.valid(r / src.batch, r % src.batch)) {
                srcTokens[r] = 8;
            }
        }
        for (int r = 0; r < tgtTokens.length; r++) {
            if (!tgt.valid(r / tgt.batch, r % tgt.batch)) {
                tgtTokens[r] = 6;
            }
        }
        Batch dirty = Batch.named(Map.of("source", Seq.ofTokens(srcTokens, src.steps, src.batch, src.lengths),
                "target", Seq.ofTokens(tgtTokens, tgt.steps, tgt.batch, tgt.lengths)), clean.namedTargets());
        int n = m.model().parameters().grads().length;
        float[] a = new float[n];
        float[] b = new float[n];
        assertEquals(lossAndGradient(m, clean, a)[0], lossAndGradient(m, dirty, b)[0], 0.0);
        assertArrayEquals(a, b);
    }

    /** The logits of each greedy step equal those of a teacher-forced pass over the written tokens. */
    @ParameterizedTest
    @EnumSource(Attention.Score.class)
    void decodingStepsMatchTheTrainingPass(Attention.Score score) {
        Seq2Seq m = model(score, RecurrentConfig.CellType.LSTM, 5);
        int v = 7;
        List<int[]> src = List.of(SOURCES.get(0));
        List<Decoding.Hypothesis> greedy = Decoding.greedy(m, src, 6, null);
        int[] written = greedy.get(0).tokens();
        // replay: the decoder reads START and the written tokens; its logits pick the same tokens
        Batch replay = m.batch(src, List.of(written));
        SequenceModel.Pass p = m.model().forward(replay.namedInputs(), ForwardContext.inference());
        float[] logits = p.output("logits").values;
        double logP = 0;
        for (int t = 0; t <= written.length && t < 6; t++) {
            double[] lp = io.rnn4j.kernel.Activations.logSoftmax(logits, t * v, v, 1.0);
            int expected = t < written.length ? written[t] : Seq2Seq.END;
            int best = Seq2Seq.END;
            for (int j = 0; j < v; j++) {
                if (j != Seq2Seq.START && lp[j] > lp[best]) {
                    best = j;
                }
            }
            assertEquals(expected, best, "step " + t);
            logP += lp[expected];
        }
        assertEquals(logP, greedy.get(0).logProbability(), 1e-4);
        int s = SOURCES.get(0).length;
        for (float[] row : greedy.get(0).attention()) {
            assertEquals(s, row.length);
            double sum = 0;
            for (float w : row) {
                sum += w;
            }
            assertEquals(1.0, sum, 1e-5, "attention weights sum to 1 over the source");
        }
    }

    /**
     * On a tiny model every sentence of up to L tokens can be enumerated; a beam wider than their
     * number finds the best length-normalised score exactly, and width 1 is greedy decoding.
     */
    @Test
    void beamSearchIsExactOnATinyModel() {
        Seq2SeqConfig c = new Seq2SeqConfig(5, 4, RecurrentConfig.CellType.GRU, 3, 3, 1, false, 3, 1,
                Attention.Score.DOT, 0, false, 0f);
        for (long seed = 1; seed <= 5; seed++) {
            Seq2Seq m = new Seq2Seq(c).initialize(Init.PYTORCH, seed);
            // sharpen the head so that sentences differ in probability
            float[] values = m.model().parameters().values();
            for (int i = 0; i < values.length; i++) {
                values[i] *= 3f;
            }
            int maxLength = 4;
            List<int[]> src = List.of(new int[] {1, 2, 3}, new int[] {4, 0});
            for (double alpha : new double[] {0.0, 1.0}) {
                List<Decoding.Hypothesis> beam = Decoding.beam(m, src, 200, maxLength, alpha);
                for (int b = 0; b < src.size(); b++) {
                    double[] best = bruteForce(m, src.get(b), maxLength, alpha);
                    assertEquals(best[0], beam.get(b).normalizedScore(alpha), 1e-5, "seed " + seed + " alpha " + alpha);
                }
            }
            List<Decoding.Hypothesis> greedy = Decoding.greedy(m, src, maxLength, null);
            List<Decoding.Hypothesis> one = Decoding.beam(m, src, 1, maxLength, 0.0);
            for (int b = 0; b < src.size(); b++) {
                assertArrayEquals(greedy.get(b).tokens(), one.get(b).tokens(), "beam 1 is greedy");
                assertEquals(greedy.get(b).logProbability(), one.get(b).logProbability(), 1e-6);
            }
        }
    }

    /** The best normalised score over every sentence (tokens 2..V−1, then END, or cut at maxLength). */
    private static double[] bruteForce(Seq2Seq m, int[] source, int maxLength, double alpha) {
        double best = Double.NEGATIVE_INFINITY;
        List<int[]> prefixes = new ArrayList<>(List.of(new int[0]));
        for (int len = 0; len <= maxLength; len++) {
            List<int[]> longer = new ArrayList<>();
            for (int[] prefix : prefixes) {
                double[] lp = sentenceLogProbs(m, source, prefix);
                double base = lp[0];
                if (len < maxLength) {
                    Decoding.Hypothesis ended = new Decoding.Hypothesis(prefix, base + lp[1 + Seq2Seq.END], null, true);
                    best = Math.max(best, ended.normalizedScore(alpha));
                    for (int tok = 2; tok < 4; tok++) {
                        int[] next = Arrays.copyOf(prefix, prefix.length + 1);
                        next[prefix.length] = tok;
                        longer.add(next);
                    }
                } else {
                    best = Math.max(best, new Decoding.Hypothesis(prefix, base, null, false).normalizedScore(alpha));
                }
            }
            prefixes = longer;
        }
        return new double[] {best};
    }

    /** {log P(prefix), log P(next token | prefix) for each token}, from a teacher-forced pass. */
    private static double[] sentenceLogProbs(Seq2Seq m, int[] source, int[] prefix) {
        int v = 4;
        Batch b = m.batch(List.of(source), List.of(prefix));
        float[] logits = m.model().forward(b.namedInputs(), ForwardContext.inference()).output("logits").values;
        double logP = 0;
        for (int t = 0; t < prefix.length; t++) {
            logP += io.rnn4j.kernel.Activations.logSoftmax(logits, t * v, v, 1.0)[prefix[t]];
        }
        double[] last = io.rnn4j.kernel.Activations.logSoftmax(logits, prefix.length * v, v, 1.0);
        double[] out = new double[1 + v];
        out[0] = logP;
        System.arraycopy(last, 0, out, 1, v);
        return out;
    }

    @Test
    void badInputIsRefusedWithItsReason() {
        Seq2Seq m = model(Attention.Score.DOT, RecurrentConfig.CellType.LSTM, 1);
        var empty = assertThrows(IllegalArgumentException.class, () -> m.batch(List.of(new int[0]), List.of(new int[] {2})));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
        var start = assertThrows(IllegalArgumentException.class, () -> m.batch(List.of(new int[] {1}), List.of(new int[] {1})));
        assertTrue(start.getMessage().contains("start token"), start.getMessage());
        var outside = assertThrows(IllegalArgumentException.class, () -> m.batch(List.of(new int[] {9}), List.of(new int[] {2})));
        assertTrue(outside.getMessage().contains("outside 0..8"), outside.getMessage());
        var feeding = assertThrows(IllegalArgumentException.class, () -> new Seq2Seq(new Seq2SeqConfig(9, 7,
                RecurrentConfig.CellType.LSTM, 5, 4, 1, true, 6, 1, Attention.Score.ADDITIVE, 5, true, 0f)));
        assertTrue(feeding.getMessage().contains("input feeding"), feeding.getMessage());
        var dot = assertThrows(IllegalArgumentException.class, () -> new Seq2Seq(new Seq2SeqConfig(9, 7,
                RecurrentConfig.CellType.LSTM, 5, 4, 1, true, 5, 1, Attention.Score.DOT, 0, false, 0f)));
        assertTrue(dot.getMessage().contains("dot attention"), dot.getMessage());
    }

    @Test
    void sampledSentencesAreReproducibleForASeed() {
        Seq2Seq m = model(Attention.Score.CONCAT, RecurrentConfig.CellType.GRU, 6);
        List<Decoding.Hypothesis> a = Decoding.sample(m, SOURCES, 8, 1.0, new SplittableRandom(9), null);
        List<Decoding.Hypothesis> b = Decoding.sample(m, SOURCES, 8, 1.0, new SplittableRandom(9), null);
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).tokens(), b.get(i).tokens());
        }
    }
}
