package io.rnn4j.data;

import io.rnn4j.kernel.Activations;
import io.rnn4j.nn.Seq;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.StreamingModel;

import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Generates text from a character language model one token at a time with the streaming API:
 * primes the state with a text, then samples from {@code softmax(logits / temperature)}.
 */
public final class TextSampler {

    private final SequenceModel model;
    private final CharVocabulary vocab;

    public TextSampler(SequenceModel model, CharVocabulary vocab) {
        this.model = model;
        this.vocab = vocab;
    }

    /**
     * @param prime       text to condition on (non-empty, all in the vocabulary)
     * @param length      characters to generate
     * @param temperature &gt; 0; lower is more conservative
     * @param onToken     receives each generated character as it is produced
     * @return the generated text (without the prime)
     */
    public String sample(String prime, int length, double temperature, long seed, Consumer<String> onToken) {
        if (prime.isEmpty()) {
            throw new IllegalArgumentException("the prime text must not be empty");
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        StreamingModel stream = new StreamingModel(model, 1);
        SplittableRandom rng = new SplittableRandom(seed);
        int[] primeIds = vocab.encode(prime);
        float[] logits = stream.step(Seq.ofTokens(primeIds, primeIds.length, 1, null));
        int v = vocab.size();
        float[] last = new float[v];
        System.arraycopy(logits, (primeIds.length - 1) * v, last, 0, v);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int tok = draw(last, temperature, rng);
            String s = vocab.decode(tok);
            out.append(s);
            if (onToken != null) {
                onToken.accept(s);
            }
            last = stream.step(Seq.ofTokens(new int[] {tok}, 1, 1, null));
        }
        return out.toString();
    }

    static int draw(float[] logits, double temperature, SplittableRandom rng) {
        float max = Float.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Activations.exp((float) ((logits[i] - max) / temperature));
            sum += p[i];
        }
        double u = rng.nextDouble() * sum;
        for (int i = 0; i < p.length; i++) {
            u -= p[i];
            if (u <= 0) {
                return i;
            }
        }
        return p.length - 1;
    }
}
