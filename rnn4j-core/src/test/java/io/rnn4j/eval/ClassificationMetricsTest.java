package io.rnn4j.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Confusion-matrix scores and ROC AUC against values worked out by hand (and as scikit-learn gives them). */
class ClassificationMetricsTest {

    /**
     * truth   a a a b b c c c c c, predicted a b a b c c c a c b.
     * a: TP 2, predicted 3, support 3 → P 2/3, R 2/3; b: TP 1, predicted 3, support 2 → P 1/3, R 1/2;
     * c: TP 3, predicted 4, support 5 → P 3/4, R 3/5. Accuracy 6/10.
     */
    @Test
    void perClassAndMacroScores() {
        int[] truth = {0, 0, 0, 1, 1, 2, 2, 2, 2, 2};
        int[] predicted = {0, 1, 0, 1, 2, 2, 2, 0, 2, 1};
        ConfusionMatrix m = ConfusionMatrix.of(List.of("a", "b", "c"), truth, predicted);
        assertEquals(0.6, m.accuracy(), 1e-15);
        assertEquals(2.0 / 3, m.precision(0), 1e-15);
        assertEquals(1.0 / 3, m.precision(1), 1e-15);
        assertEquals(0.75, m.precision(2), 1e-15);
        assertEquals(0.5, m.recall(1), 1e-15);
        assertEquals(0.6, m.recall(2), 1e-15);
        double f1b = 2 * (1.0 / 3) * 0.5 / (1.0 / 3 + 0.5);
        double f1c = 2 * 0.75 * 0.6 / 1.35;
        assertEquals(f1b, m.f1(1), 1e-15);
        assertEquals((2.0 / 3 + f1b + f1c) / 3, m.macroF1(), 1e-15);
        assertArrayEquals(new long[]{2, 1, 0}, m.counts()[0]);
        assertArrayEquals(new long[]{1, 1, 3}, m.counts()[2]);
        assertEquals(5, m.support(2));
    }

    @Test
    void aClassNeverPredictedScoresZeroNotNaN() {
        ConfusionMatrix m = ConfusionMatrix.of(List.of("x", "y"), new int[]{0, 1, 1}, new int[]{0, 0, 0});
        assertEquals(0.0, m.precision(1), 0.0);
        assertEquals(0.0, m.f1(1), 0.0);
        assertEquals(0.5 * (2 * (1.0 / 3) * 1 / (4.0 / 3)), m.macroF1(), 1e-15); // x: P 1/3, R 1
        assertThrows(IllegalArgumentException.class, () -> m.add(2, 0));
    }

    @Test
    void foldsAddUp() {
        ConfusionMatrix a = ConfusionMatrix.of(List.of("x", "y"), new int[]{0, 1}, new int[]{0, 0});
        ConfusionMatrix b = ConfusionMatrix.of(List.of("x", "y"), new int[]{1, 1}, new int[]{1, 1});
        a.addAll(b);
        assertEquals(0.75, a.accuracy(), 0.0);
        assertEquals(4, a.total());
    }

    /**
     * Scores 0.1(−) 0.4(+) 0.35(−) 0.8(+) 0.4(−): of the 2·3 positive/negative pairs the positives
     * win 0.4>0.1, 0.4>0.35, 0.4=0.4 (½), 0.8 beats all 3: 5.5/6 (scikit-learn's roc_auc_score gives
     * 0.9166…).
     */
    @Test
    void rocAucCountsTiesAsHalf() {
        double auc = RocAuc.of(new double[]{0.1, 0.4, 0.35, 0.8, 0.4}, new boolean[]{false, true, false, true, false});
        assertEquals(5.5 / 6, auc, 1e-15);
        assertEquals(1.0, RocAuc.of(new double[]{1, 2}, new boolean[]{false, true}), 0.0);
        assertEquals(0.0, RocAuc.of(new double[]{1, 2}, new boolean[]{true, false}), 0.0);
        assertTrue(Double.isNaN(RocAuc.of(new double[]{1, 2}, new boolean[]{true, true})));
    }
}
