package io.rnn4j.word2vec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Word pairs with human similarity scores (WordSim-353, SimLex-999: {@code word1 TAB word2 TAB
 * score}, {@code #} lines are comments), scored as gensim 4's {@code evaluate_word_pairs} scores
 * them: Spearman's ρ between the scores and the cosines of the pairs whose two words are in the
 * {@link WordSpace}, the others counted out of vocabulary.
 */
public final class WordPairs {

    private record Pair(String a, String b, double score) {
    }

    /**
     * @param spearman        Spearman's rank correlation (ties ranked by their mean rank)
     * @param pairs           pairs scored
     * @param outOfVocabulary pairs left out because a word is missing
     */
    public record Result(double spearman, int pairs, int outOfVocabulary) {
        /** Share of pairs left out, 0..1. */
        public double outOfVocabularyShare() {
            return pairs + outOfVocabulary == 0 ? 0 : (double) outOfVocabulary / (pairs + outOfVocabulary);
        }
    }

    private final List<Pair> pairs;

    private WordPairs(List<Pair> pairs) {
        this.pairs = pairs;
    }

    /** Reads a pairs file; a line that is not two words and a number is refused naming it. */
    public static WordPairs read(Path file) {
        List<String> lines = EvaluationFiles.lines(file, "word-pair");
        List<Pair> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.strip().split("\t");
            double score;
            try {
                score = f.length == 3 ? Double.parseDouble(f[2]) : Double.NaN;
            } catch (NumberFormatException e) {
                score = Double.NaN;
            }
            if (Double.isNaN(score)) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 'word1<TAB>word2<TAB>score', got '" + line + "'");
            }
            out.add(new Pair(f[0], f[1], score));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": no word pairs");
        }
        return new WordPairs(out);
    }

    public Result evaluate(WordSpace space) {
        List<double[]> scored = new ArrayList<>();
        int oov = 0;
        for (Pair p : pairs) {
            int a = space.id(p.a());
            int b = space.id(p.b());
            if (a < 0 || b < 0) {
                oov++;
            } else {
                scored.add(new double[]{p.score(), space.cosine(a, b)});
            }
        }
        double[] human = scored.stream().mapToDouble(x -> x[0]).toArray();
        double[] model = scored.stream().mapToDouble(x -> x[1]).toArray();
        return new Result(scored.size() < 2 ? Double.NaN : spearman(human, model), scored.size(), oov);
    }

    /** Spearman's ρ: Pearson's correlation of the ranks, tied values taking their mean rank (as scipy's spearmanr). */
    static double spearman(double[] x, double[] y) {
        return pearson(ranks(x), ranks(y));
    }

    static double[] ranks(double[] v) {
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; ) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double mean = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = mean;
            }
            i = j + 1;
        }
        return r;
    }

    private static double pearson(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= y.length;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
