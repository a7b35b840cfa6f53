package io.rnn4j.data;

import io.rnn4j.kernel.Activations;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.StreamingModel;
import io.rnn4j.tensor.Seq;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Beam search over a language model: keeps the W continuations of the prime with the highest
 * total log-probability {@code Σ log softmax(logits)[token]}, extending each by every token at
 * each step and keeping the W best of the W·V candidates. W streams of the {@link StreamingModel}
 * hold the W hypotheses; after each step they are reordered to follow the survivors.
 *
 * <p>With W = 1 it is greedy decoding. Every hypothesis has the same length, so no length
 * normalisation is needed. Tokens are streamed once all W hypotheses agree on them.
 */
public final class BeamSearch {

    /** The best continuation and its total log-probability (natural log). */
    public record Result(int[] tokens, String text, double logProbability) {
    }

    private final SequenceModel model;
    private final Tokenizer tokenizer;

    public BeamSearch(SequenceModel model, Tokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /**
     * @param prime   text to condition on (at least one token)
     * @param length  tokens to generate
     * @param width   beam width W ≥ 1
     * @param onToken receives each token's text (with its separator) once every hypothesis agrees
     *                on it, and the rest of the best hypothesis at the end; or null
     */
    public Result search(String prime, int length, int width, Consumer<String> onToken) {
        if (width < 1) {
            throw new IllegalArgumentException("beam width must be >= 1, got " + width);
        }
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        int[] primeIds = tokenizer.encode(prime);
        if (primeIds.length == 0) {
            throw new IllegalArgumentException("the prime text must contain at least one token");
        }
        int v = tokenizer.size();
        StreamingModel stream = new StreamingModel(model, width);
        int[] primeBatch = new int[primeIds.length * width];
        for (int t = 0; t < primeIds.length; t++) {
            Arrays.fill(primeBatch, t * width, (t + 1) * width, primeIds[t]);
        }
        float[] logits = stream.step(Seq.ofTokens(primeBatch, primeIds.length, width, null));
        float[] last = Arrays.copyOfRange(logits, (primeIds.length - 1) * width * v, primeIds.length * width * v);
        int[][] history = new int[width][length];
        double[] score = new double[width];
        int live = 1; // the W streams start identical: only one hypothesis until the first step
        int emitted = 0;
        int previous = primeIds[primeIds.length - 1];
        for (int step = 0; step < length; step++) {
            int candidates = live * v;
            double[] candScore = new double[candidates];
            for (int b = 0; b < live; b++) {
                double[] logp = Activations.logSoftmax(last, b * v, v, 1.0);
                for (int k = 0; k < v; k++) {
                    candScore[b * v + k] = score[b] + logp[k];
                }
            }
            int keep = Math.min(width, candidates);
            int[] best = topIndices(candScore, keep);
            int[][] nextHistory = new int[width][];
            double[] nextScore = new double[width];
            int[] from = new int[width];
            int[] next = new int[width];
            for (int j = 0; j < width; j++) {
                int c = best[Math.min(j, keep - 1)];
                int parent = c / v;
                from[j] = parent;
                next[j] = c % v;
                nextHistory[j] = history[parent].clone();
                nextHistory[j][step] = next[j];
                nextScore[j] = candScore[c];
            }
            history = nextHistory;
            score = nextScore;
            live = keep;
            stream.gather(from);
            last = stream.step(Seq.ofTokens(next, 1, width, null));
            while (onToken != null && emitted <= step && agreed(history, live, emitted)) {
                onToken.accept(tokenizer.piece(previous, history[0][emitted]));
                previous = history[0][emitted];
                emitted++;
            }
        }
        for (; onToken != null && emitted < length; emitted++) {
            onToken.accept(tokenizer.piece(previous, history[0][emitted]));
            previous = history[0][emitted];
        }
        return new Result(history[0], tokenizer.join(history[0]), score[0]);
    }

    private static boolean agreed(int[][] history, int live, int position) {
        for (int b = 1; b < live; b++) {
            if (history[b][position] != history[0][position]) {
                return false;
            }
        }
        return true;
    }

    /** log softmax of logits[off, off + n) in double. */
    /** Indices of the k largest values, best first (ties: lower index first). */
    private static int[] topIndices(double[] values, int k) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> values[a] != values[b] ? Double.compare(values[b], values[a]) : Integer.compare(a, b));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = order[i];
        }
        return out;
    }
}
