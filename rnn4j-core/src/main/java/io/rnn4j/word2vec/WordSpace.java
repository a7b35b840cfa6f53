package io.rnn4j.word2vec;

import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.text.WordVectors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Word vectors scaled to unit length for cosine queries, over the first {@code restrict} words of
 * the file (the most frequent, in word2vec's files; gensim's evaluations take 300,000). Lookups
 * ignore case as gensim's evaluations do by default: every word is upper-cased, and where two
 * words then meet the more frequent (earlier) one answers.
 */
public final class WordSpace {

    private final List<String> words;
    private final float[] unit;
    private final int dim;
    private final Map<String, Integer> ids = new HashMap<>();
    /** For each word, the id its case-free spelling looks up: itself, or a more frequent variant. */
    private final int[] canonical;

    /** The first {@code restrict} words of {@code vectors} (all when 0 or more than there are). */
    public WordSpace(WordVectors vectors, int restrict) {
        int n = restrict <= 0 ? vectors.size() : Math.min(restrict, vectors.size());
        this.dim = vectors.dim();
        this.words = new ArrayList<>(vectors.words().subList(0, n));
        this.unit = new float[n * dim];
        for (int i = n - 1; i >= 0; i--) { // backwards, so the earliest of words equal but for case wins
            float[] v = vectors.vector(i);
            double norm = 0;
            for (float x : v) {
                norm += (double) x * x;
            }
            float scale = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            for (int j = 0; j < dim; j++) {
                unit[i * dim + j] = v[j] * scale;
            }
            ids.put(key(words.get(i)), i);
        }
        canonical = new int[n];
        for (int i = 0; i < n; i++) {
            canonical[i] = ids.get(key(words.get(i)));
        }
    }

    /** The id that answers for word {@code id} when case is ignored: {@code id}, or a more frequent spelling of it. */
    int canonical(int id) {
        return canonical[id];
    }

    private static String key(String word) {
        return word.toUpperCase(Locale.ROOT);
    }

    public int size() {
        return words.size();
    }

    public int dim() {
        return dim;
    }

    public String word(int id) {
        return words.get(id);
    }

    /** The id of {@code word} ignoring case, or -1. */
    public int id(String word) {
        Integer i = ids.get(key(word));
        return i == null ? -1 : i;
    }

    /** The cosine of words {@code a} and {@code b}. */
    public double cosine(int a, int b) {
        double s = 0;
        for (int j = 0; j < dim; j++) {
            s += unit[a * dim + j] * unit[b * dim + j];
        }
        return s;
    }

    /**
     * Cosines of the query words' unit vectors with every word: {@code out[q·size + w]}, a
     * (queries × size) product of the unit vectors.
     */
    float[] cosines(int[] queries) {
        float[] q = new float[queries.length * dim];
        for (int i = 0; i < queries.length; i++) {
            System.arraycopy(unit, queries[i] * dim, q, i * dim, dim);
        }
        return cosinesOf(q, queries.length);
    }

    /** Cosines of {@code rows} unit vectors in {@code q} (rows × D) with every word. */
    float[] cosinesOf(float[] q, int rows) {
        float[] out = new float[rows * words.size()];
        int n = words.size();
        Parallel.forRange(n, 256, (from, to) -> Blas.backend().gemm(false, true, rows, to - from, dim, 1f, q, 0, dim,
                unit, from * dim, dim, 0f, out, from, n));
        return out;
    }

    /** A word and its score for a query: its cosine, or an analogy method's score. */
    public record Neighbour(String word, double score) {
    }

    /** The {@code k} words nearest to {@code word} by cosine, itself left out. */
    public List<Neighbour> nearest(int word, int k) {
        float[] c = cosines(new int[]{word});
        return top(c, k, java.util.Set.of(word));
    }

    /** The {@code k} words whose cosine is highest in {@code scores} (one per word), {@code excluded} left out. */
    List<Neighbour> top(float[] scores, int k, java.util.Set<Integer> excluded) {
        List<Neighbour> best = new ArrayList<>();
        boolean[] taken = new boolean[words.size()];
        for (int r = 0; r < k; r++) {
            int arg = -1;
            for (int w = 0; w < words.size(); w++) {
                if (!taken[w] && !excluded.contains(w) && (arg < 0 || scores[w] > scores[arg])) {
                    arg = w;
                }
            }
            if (arg < 0) {
                break;
            }
            taken[arg] = true;
            best.add(new Neighbour(words.get(arg), scores[arg]));
        }
        return best;
    }

    /** The unit vector of word {@code id} (a copy). */
    public float[] unitVector(int id) {
        return java.util.Arrays.copyOfRange(unit, id * dim, (id + 1) * dim);
    }
}
