package io.rnn4j.spark;

import java.io.Serializable;

/**
 * What the partitions send back in a synchronous step and {@code treeAggregate} adds up: the
 * gradient of the summed loss (each partition's mean-loss gradient times its count), the summed
 * loss and the count. The driver divides by the count, which gives the gradient of the mean loss
 * over the whole global batch, as one machine would compute it, up to float summation order.
 * The zero value has no array, so Spark ships no parameter-sized zeros to the tasks.
 */
final class GradientSum implements Serializable {

    private static final long serialVersionUID = 1L;

    float[] gradient;
    double loss;
    long count;

    static GradientSum zero() {
        return new GradientSum();
    }

    /** Adds a partition's mean-loss gradient over {@code n} targets. */
    GradientSum addMean(float[] meanGradient, double meanLoss, int n) {
        if (gradient == null) {
            gradient = new float[meanGradient.length];
        }
        for (int i = 0; i < meanGradient.length; i++) {
            gradient[i] += meanGradient[i] * n;
        }
        loss += meanLoss * n;
        count += n;
        return this;
    }

    GradientSum merge(GradientSum other) {
        if (other.gradient != null) {
            if (gradient == null) {
                gradient = other.gradient.clone();
            } else {
                for (int i = 0; i < gradient.length; i++) {
                    gradient[i] += other.gradient[i];
                }
            }
        }
        loss += other.loss;
        count += other.count;
        return this;
    }
}
