package io.rnn4j.spark;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the partitions send back in a parameter-averaging round and {@code treeAggregate} adds up:
 * each replica's weights and optimizer buffers after its k local steps, its summed training loss
 * and count. The driver divides the sums by the number of replicas.
 */
final class AveragedState implements Serializable {

    private static final long serialVersionUID = 1L;

    float[] weights;
    Map<String, float[]> optimizer = new LinkedHashMap<>();
    int replicas;
    double loss;
    long count;

    static AveragedState zero() {
        return new AveragedState();
    }

    AveragedState add(float[] w, Map<String, float[]> state, double lossSum, long n) {
        weights = addInto(weights, w);
        for (Map.Entry<String, float[]> e : state.entrySet()) {
            optimizer.put(e.getKey(), addInto(optimizer.get(e.getKey()), e.getValue()));
        }
        replicas++;
        loss += lossSum;
        count += n;
        return this;
    }

    AveragedState merge(AveragedState other) {
        if (other.weights != null) {
            weights = addInto(weights, other.weights);
        }
        for (Map.Entry<String, float[]> e : other.optimizer.entrySet()) {
            optimizer.put(e.getKey(), addInto(optimizer.get(e.getKey()), e.getValue()));
        }
        replicas += other.replicas;
        loss += other.loss;
        count += other.count;
        return this;
    }

    private static float[] addInto(float[] sum, float[] x) {
        if (sum == null) {
            return x.clone();
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] += x[i];
        }
        return sum;
    }
}
