package io.rnn4j.eval;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The area under the ROC curve of a two-class score: the probability that a random positive
 * example scores higher than a random negative one, ties counting one half (the Mann–Whitney U
 * statistic divided by n₊·n₋). This equals scikit-learn's {@code roc_auc_score}, which integrates
 * the curve with the trapezoidal rule over tied scores.
 */
public final class RocAuc {

    private RocAuc() {
    }

    /**
     * @param scores   a score per example, higher meaning more likely positive
     * @param positive whether each example is positive
     * @return the AUC in [0, 1]; NaN when either class is absent
     */
    public static double of(double[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException(scores.length + " scores for " + positive.length + " labels");
        }
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score " + i + " is NaN");
            }
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        // rank sum of the positives, tied scores sharing their mean rank (ranks from 1)
        double rankSum = 0;
        long positives = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double meanRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSum += meanRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double u = rankSum - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }
}
