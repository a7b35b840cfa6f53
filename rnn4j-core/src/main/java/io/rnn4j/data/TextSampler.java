package io.rnn4j.data;

import io.rnn4j.kernel.Activations;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.StreamingModel;
import io.rnn4j.tensor.Seq;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Generates text from a language model one token at a time with the streaming API: primes the
 * state with a text, then samples from {@code softmax(logits / temperature)}, optionally kept to
 * the k most likely tokens (top-k) and to the smallest set whose probability reaches p (top-p,
 * nucleus sampling; Holtzman et al. 2020).
 *
 * <p>Each {@link #sample} call streams through a state of its own, so any number of threads may
 * sample from one sampler (and one model) at once; a call's text depends only on its arguments.
 */
public final class TextSampler {

    private final SequenceModel model;
    private final Tokenizer tokenizer;

    public TextSampler(SequenceModel model, Tokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /**
     * @param prime       text to condition on (at least one token)
     * @param length      tokens to generate
     * @param temperature &gt; 0; lower is more conservative
     * @param topK        keep the k most likely tokens (0 = all)
     * @param topP        keep the most likely tokens up to this total probability, in (0, 1]
     * @param onToken     receives each generated token's text, with its separator after the prime or
     *                    the previous token, as it is produced; or null
     * @return the generated text (without the prime), joined by the tokenizer's convention
     */
    public String sample(String prime, int length, double temperature, int topK, double topP, long seed,
                         Consumer<String> onToken) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("top-k must be >= 0, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top-p must be in (0, 1], got " + topP);
        }
        int[] primeIds = tokenizer.encode(prime);
        if (primeIds.length == 0) {
            throw new IllegalArgumentException("the prime text must contain at least one token");
        }
        StreamingModel stream = new StreamingModel(model, 1);
        SplittableRandom rng = new SplittableRandom(seed);
        float[] logits = stream.step(Seq.ofTokens(primeIds, primeIds.length, 1, null));
        int v = tokenizer.size();
        float[] last = Arrays.copyOfRange(logits, (primeIds.length - 1) * v, primeIds.length * v);
        int[] out = new int[length];
        for (int i = 0; i < length; i++) {
            int tok = draw(last, temperature, topK, topP, rng);
            out[i] = tok;
            if (onToken != null) {
                onToken.accept(tokenizer.piece(i == 0 ? primeIds[primeIds.length - 1] : out[i - 1], tok));
            }
            last = stream.step(Seq.ofTokens(new int[] {tok}, 1, 1, null));
        }
        return tokenizer.join(out);
    }

    /**
     * Token ids from the most to the least likely, equal probabilities in id order (a stable
     * merge sort on primitive ids: sampling a token must not cost a boxed sort, since a server
     * draws one per session and step).
     */
    public static int[] byDescendingProbability(double[] p) {
        int n = p.length;
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        int[] b = new int[n];
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                for (int k = lo; k < hi; k++) {
                    // take from the right run only when strictly more likely: equal ones keep id order
                    b[k] = j < hi && (i >= mid || Double.compare(p[a[j]], p[a[i]]) > 0) ? a[j++] : a[i++];
                }
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }

    /**
     * One draw from the tempered, truncated distribution of the logits (V): softmax(logits / T),
     * kept to the top k and then to the top-p mass, renormalised. Arguments as in {@link #sample}.
     */
    public static int draw(float[] logits, double temperature, int topK, double topP, SplittableRandom rng) {
        int v = logits.length;
        double[] p = new double[v];
        for (int i = 0; i < v; i++) {
            p[i] = logits[i];
        }
        Activations.softmax(p, v, temperature, p);
        int[] order = byDescendingProbability(p);
        int keep = topK > 0 ? Math.min(topK, v) : v;
        double mass = 0;
        for (int r = 0; r < keep; r++) {
            mass += p[order[r]];
            if (mass >= topP) {
                keep = r + 1;
                break;
            }
        }
        double kept = 0;
        for (int r = 0; r < keep; r++) {
            kept += p[order[r]];
        }
        double u = rng.nextDouble() * kept;
        for (int r = 0; r < keep; r++) {
            u -= p[order[r]];
            if (u <= 0) {
                return order[r];
            }
        }
        return order[keep - 1];
    }
}
