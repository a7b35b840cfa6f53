package io.rnn4j.seq2seq;

import io.rnn4j.kernel.Activations;
import io.rnn4j.nn.attention.AttentionDecoder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writing target sentences with a trained {@link StepDecoder} ({@link Seq2Seq}, or the image
 * captioner), for a batch of inputs at once: greedy, sampling and beam search. Each encodes the
 * inputs once and steps the decoder until every output has written {@link Seq2Seq#END} or
 * {@code maxLength} tokens.
 */
public final class Decoding {

    private Decoding() {
    }

    /**
     * A written sentence: its tokens (without END), the total log-probability of what was written
     * (END included when it was), and the attention weights of each step over the source.
     *
     * @param finished whether it ended with END (false when cut at the maximum length)
     */
    public record Hypothesis(int[] tokens, double logProbability, float[][] attention, boolean finished) {

        /** The score beam search ranks by: {@code log P / length^α}, length counting END when written. */
        public double normalizedScore(double alpha) {
            int length = tokens.length + (finished ? 1 : 0);
            return alpha == 0 || length == 0 ? logProbability : logProbability / Math.pow(length, alpha);
        }
    }

    /** Receives each token as it is written: sentence index and target id (END when it ends). */
    @FunctionalInterface
    public interface TokenListener {
        void token(int sentence, int token);
    }

    /** The most probable token at each step. */
    public static List<Hypothesis> greedy(Seq2Seq model, List<int[]> sources, int maxLength, TokenListener listener) {
        return walk(model, model.encode(model.sourceSeq(sources)), maxLength, listener, null, 1.0);
    }

    /** The most probable token at each step, for inputs already encoded (one output per row). */
    public static List<Hypothesis> greedy(StepDecoder model, Seq2Seq.Encoded encoded, int maxLength, TokenListener listener) {
        return walk(model, encoded, maxLength, listener, null, 1.0);
    }

    /** Each token drawn from {@code softmax(logits / temperature)}. */
    public static List<Hypothesis> sample(Seq2Seq model, List<int[]> sources, int maxLength, double temperature,
                                          SplittableRandom rng, TokenListener listener) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        return walk(model, model.encode(model.sourceSeq(sources)), maxLength, listener, rng, temperature);
    }

    private static List<Hypothesis> walk(StepDecoder model, Seq2Seq.Encoded encoded, int maxLength, TokenListener listener,
                                         SplittableRandom rng, double temperature) {
        checkLength(maxLength);
        int n = encoded.memory().batch;
        AttentionDecoder.State state = model.start(encoded);
        int v = model.targetVocab();
        int[] previous = new int[n];
        Arrays.fill(previous, Seq2Seq.START);
        List<List<Integer>> written = new ArrayList<>();
        List<List<float[]>> attention = new ArrayList<>();
        double[] logP = new double[n];
        boolean[] done = new boolean[n];
        for (int b = 0; b < n; b++) {
            written.add(new ArrayList<>());
            attention.add(new ArrayList<>());
        }
        int live = n;
        for (int step = 0; step < maxLength && live > 0; step++) {
            float[] logits = model.step(state, previous);
            float[] weights = state.weights();
            int s = state.sourceSteps();
            for (int b = 0; b < n; b++) {
                if (done[b]) {
                    continue;
                }
                double[] lp = Activations.logSoftmax(logits, b * v, v, temperature);
                int token = rng == null ? mostProbable(logits, b * v, v) : draw(lp, rng);
                logP[b] += rng == null ? lp[token] : Activations.logSoftmax(logits, b * v, v, 1.0)[token];
                attention.get(b).add(weights == null ? new float[0] : Arrays.copyOfRange(weights, b * s, (b + 1) * s));
                if (listener != null) {
                    listener.token(b, token);
                }
                if (token == Seq2Seq.END) {
                    done[b] = true;
                    live--;
                } else {
                    written.get(b).add(token);
                }
                previous[b] = token;
            }
        }
        List<Hypothesis> out = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            out.add(new Hypothesis(written.get(b).stream().mapToInt(Integer::intValue).toArray(), logP[b],
                    attention.get(b).toArray(new float[0][]), done[b]));
        }
        return out;
    }

    /** A live beam entry: its tokens so far, log-probability and attention rows. */
    private record Partial(int[] tokens, double logP, float[][] attention) {
    }

    /**
     * Beam search: for each sentence, keeps the {@code width} most probable unfinished
     * hypotheses, extending each by every token at each step. A hypothesis that writes END is
     * finished and ranked by {@link Hypothesis#normalizedScore} with {@code alpha}; a sentence
     * stops once it has {@code width} finished hypotheses, and at {@code maxLength} its live ones
     * are finished as they are. Returns the best of each sentence.
     *
     * @param alpha length normalisation: 0 ranks by total log-probability, 1 by the mean per token
     */
    public static List<Hypothesis> beam(Seq2Seq model, List<int[]> sources, int width, int maxLength, double alpha) {
        return beam(model, model.encode(model.sourceSeq(sources)), width, maxLength, alpha);
    }

    /** {@link #beam(Seq2Seq, List, int, int, double)} for inputs already encoded (one output per row). */
    public static List<Hypothesis> beam(StepDecoder model, Seq2Seq.Encoded encoded, int width, int maxLength, double alpha) {
        if (width < 1) {
            throw new IllegalArgumentException("beam width must be >= 1, got " + width);
        }
        checkLength(maxLength);
        if (!(alpha >= 0)) {
            throw new IllegalArgumentException("length normalisation alpha must be >= 0, got " + alpha);
        }
        int n = encoded.memory().batch;
        int v = model.targetVocab();
        AttentionDecoder.State state = model.start(encoded.repeat(width));
        int rows = n * width;
        // beams[b] holds sentence b's live hypotheses, row b·W + k of the decoder state for entry k
        List<List<Partial>> beams = new ArrayList<>();
        List<List<Hypothesis>> finished = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            beams.add(new ArrayList<>(List.of(new Partial(new int[0], 0.0, new float[0][]))));
            finished.add(new ArrayList<>());
        }
        int[] previous = new int[rows];
        Arrays.fill(previous, Seq2Seq.START);
        for (int step = 0; step < maxLength; step++) {
            float[] logits = model.step(state, previous);
            float[] weights = state.weights();
            int s = state.sourceSteps();
            int[] from = new int[rows];
            boolean anyLive = false;
            for (int b = 0; b < n; b++) {
                List<Partial> live = beams.get(b);
                List<double[]> candidates = new ArrayList<>(); // {score, beam, token}
                for (int k = 0; k < live.size(); k++) {
                    double[] lp = Activations.logSoftmax(logits, (b * width + k) * v, v, 1.0);
                    for (int tok = 0; tok < v; tok++) {
                        if (tok != Seq2Seq.START) {
                            candidates.add(new double[] {live.get(k).logP + lp[tok], k, tok});
                        }
                    }
                }
                candidates.sort(Comparator.comparingDouble((double[] c) -> -c[0]));
                List<Partial> next = new ArrayList<>();
                for (double[] c : candidates) {
                    if (next.size() == width || finished.get(b).size() >= width) {
                        break;
                    }
                    int k = (int) c[1];
                    int tok = (int) c[2];
                    Partial p = live.get(k);
                    float[][] att = Arrays.copyOf(p.attention, p.attention.length + 1);
                    int row = b * width + k;
                    att[p.attention.length] = weights == null ? new float[0] : Arrays.copyOfRange(weights, row * s, (row + 1) * s);
                    if (tok == Seq2Seq.END) {
                        finished.get(b).add(new Hypothesis(p.tokens, c[0], att, true));
                    } else {
                        int[] tokens = Arrays.copyOf(p.tokens, p.tokens.length + 1);
                        tokens[p.tokens.length] = tok;
                        from[b * width + next.size()] = row;
                        previous[b * width + next.size()] = tok;
                        next.add(new Partial(tokens, c[0], att));
                    }
                }
                if (finished.get(b).size() >= width) {
                    next.clear();
                }
                for (int k = next.size(); k < width; k++) {
                    from[b * width + k] = b * width; // idle rows follow any row of the sentence
                    previous[b * width + k] = Seq2Seq.END;
                }
                beams.set(b, next);
                anyLive |= !next.isEmpty();
            }
            state.reorder(from);
            if (!anyLive) {
                break;
            }
        }
        List<Hypothesis> best = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            List<Hypothesis> all = new ArrayList<>(finished.get(b));
            for (Partial p : beams.get(b)) {
                all.add(new Hypothesis(p.tokens, p.logP, p.attention, false));
            }
            all.sort(Comparator.comparingDouble((Hypothesis h) -> -h.normalizedScore(alpha)));
            best.add(all.get(0));
        }
        return best;
    }

    private static void checkLength(int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("the maximum length must be >= 1, got " + maxLength);
        }
    }

    /** The most probable token other than START (which the decoder only ever reads first) of logits[off..off+v). */
    static int mostProbable(float[] logits, int off, int v) {
        int best = Seq2Seq.END;
        for (int j = 0; j < v; j++) {
            if (j != Seq2Seq.START && logits[off + j] > logits[off + best]) {
                best = j;
            }
        }
        return best;
    }

    /** A token drawn from exp(lp), START excluded. */
    private static int draw(double[] lp, SplittableRandom rng) {
        double total = 0;
        for (int j = 0; j < lp.length; j++) {
            total += j == Seq2Seq.START ? 0 : Math.exp(lp[j]);
        }
        double u = rng.nextDouble() * total;
        int last = Seq2Seq.END;
        for (int j = 0; j < lp.length; j++) {
            if (j == Seq2Seq.START) {
                continue;
            }
            last = j;
            u -= Math.exp(lp[j]);
            if (u < 0) {
                return j;
            }
        }
        return last;
    }
}
