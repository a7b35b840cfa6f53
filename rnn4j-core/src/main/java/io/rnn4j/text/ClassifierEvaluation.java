package io.rnn4j.text;

import io.rnn4j.eval.ConfusionMatrix;
import io.rnn4j.eval.RocAuc;
import io.rnn4j.kernel.Activations;

/**
 * How a classifier does on labelled texts: the confusion matrix (accuracy, per-class and macro
 * precision, recall and F1) and, for two classes, the ROC AUC of the probability of the positive
 * class.
 *
 * @param rocAuc NaN unless there are two classes and both occur
 */
public record ClassifierEvaluation(ConfusionMatrix confusion, double rocAuc, int positive, float[][] probabilities,
                                   int[] predicted) {

    /**
     * Classifies every text of {@code data} (already {@link LabelledTexts#relabelled relabelled}
     * to the classifier's classes).
     *
     * @param positive the class whose probability the ROC AUC ranks by (two classes only)
     */
    public static ClassifierEvaluation of(TextClassifier classifier, LabelledTexts data, int positive) {
        if (!data.classes().equals(classifier.classes())) {
            throw new IllegalArgumentException("the data's classes " + data.classes() + " are not the model's "
                    + classifier.classes() + "; relabel them first");
        }
        float[][] p = classifier.probabilities(data.texts());
        int[] predicted = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            predicted[i] = Activations.argmax(p[i], 0, p[i].length);
        }
        ConfusionMatrix m = ConfusionMatrix.of(classifier.classes(), data.labels(), predicted);
        double auc = Double.NaN;
        if (classifier.classes().size() == 2) {
            double[] scores = new double[p.length];
            boolean[] isPositive = new boolean[p.length];
            for (int i = 0; i < p.length; i++) {
                scores[i] = p[i][positive];
                isPositive[i] = data.labels()[i] == positive;
            }
            auc = RocAuc.of(scores, isPositive);
        }
        return new ClassifierEvaluation(m, auc, positive, p, predicted);
    }
}
