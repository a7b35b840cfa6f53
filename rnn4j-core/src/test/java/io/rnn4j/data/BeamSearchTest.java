package io.rnn4j.data;

import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.StreamingModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.tensor.Seq;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Beam search against exhaustive search and greedy decoding on a small random language model. */
class BeamSearchTest {

    private final Tokenizer tok = CharVocabulary.of("abc");

    private SequenceModel model(long seed) {
        // Scaled-up weights give, step-dependent distributions, where greedy and exact differ.
        SequenceModel m = new SequenceModel(3)
                .add("embed", new Embedding(3, 4))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(4, 8).layers(2), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(8, 3))
                .initialize(Init.PYTORCH, seed);
        float[] w = m.parameters().values();
        for (int i = 0; i < w.length; i++) {
            w[i] *= 3;
        }
        return m;
    }

    /** log p(continuation | prime), token by token through the streaming API. */
    private double logProbability(SequenceModel m, int[] prime, int[] continuation) {
        StreamingModel s = new StreamingModel(m, 1);
        float[] logits = s.step(Seq.ofTokens(prime, prime.length, 1, null));
        float[] last = java.util.Arrays.copyOfRange(logits, (prime.length - 1) * 3, prime.length * 3);
        double total = 0;
        for (int t : continuation) {
            total += io.rnn4j.kernel.Activations.logSoftmax(last, 0, 3, 1.0)[t];
            last = s.step(Seq.ofTokens(new int[] {t}, 1, 1, null));
        }
        return total;
    }

    @Test
    void aWideEnoughBeamFindsTheExactBestSequence() {
        int length = 4;
        int differences = 0;
        for (long seed = 1; seed <= 30; seed++) {
            SequenceModel m = model(seed);
            int[] prime = tok.encode("ab");
            double bestScore = Double.NEGATIVE_INFINITY;
            int[] best = null;
            for (int code = 0; code < 81; code++) {
                int[] seq = {code % 3, code / 3 % 3, code / 9 % 3, code / 27};
                double lp = logProbability(m, prime, seq);
                if (lp > bestScore) {
                    bestScore = lp;
                    best = seq;
                }
            }
            BeamSearch.Result exact = new BeamSearch(m, tok).search("ab", length, 27, null);
            assertArrayEquals(best, exact.tokens(), "seed " + seed);
            assertEquals(bestScore, exact.logProbability(), 1e-5);
            assertEquals(logProbability(m, prime, exact.tokens()), exact.logProbability(), 1e-5);

            BeamSearch.Result greedy = new BeamSearch(m, tok).search("ab", length, 1, null);
            String sampled = new TextSampler(m, tok).sample("ab", length, 1.0, 1, 1.0, 7, null);
            assertEquals(sampled, greedy.text(), "width 1 is greedy decoding (top-k 1 sampling)");
            assertTrue(greedy.logProbability() <= exact.logProbability() + 1e-5); // batch 1 and 27 round differently
            if (greedy.logProbability() < exact.logProbability() - 1e-3) {
                differences++;
            }
        }
        assertTrue(differences > 0, "on some model greedy decoding must miss the best sequence, or the test proves little");
    }

    @Test
    void streamedPiecesSpellTheResult() {
        SequenceModel m = model(3);
        List<String> pieces = new ArrayList<>();
        BeamSearch.Result r = new BeamSearch(m, tok).search("a", 30, 4, pieces::add);
        assertEquals(30, pieces.size());
        assertEquals(r.text(), String.join("", pieces));
    }
}
