package io.rnn4j.spark;

import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.train.Batch;
import org.apache.spark.TaskContext;

import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What a training task does with its partition, in both modes: take a replica with the broadcast
 * weights, compute gradients on its shards, give the replica back. Shipped to the executors with
 * each step's closure (it holds no weights).
 *
 * @param <E> one training example
 */
final class ShardWork<E> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final ModelSource architecture;
    private final ExampleBatcher<E> batcher;
    private final Factories.LossFactory loss;
    private final int batch;
    private final int partitions;
    private final long seed;
    private final int threads;

    ShardWork(ModelSource architecture, ExampleBatcher<E> batcher, Factories.LossFactory loss, int batch, int partitions,
              long seed, int threads) {
        this.architecture = architecture;
        this.batcher = batcher;
        this.loss = loss;
        this.batch = batch;
        this.partitions = partitions;
        this.seed = seed;
        this.threads = threads;
    }

    /** This task's partition. */
    int partition() {
        return TaskContext.getPartitionId();
    }

    /** A replica holding {@code weights} with a zero gradient, for the task of {@code step} (the fault-injection point). */
    Replicas.Replica start(long step, float[] weights) {
        FaultInjection.check(step, partition(), TaskContext.get().attemptNumber());
        Executors.useThreads(threads);
        Replicas.Replica r = Replicas.borrow(architecture, loss);
        ParameterSet ps = r.model().parameters();
        System.arraycopy(weights, 0, ps.values(), 0, ps.values().length);
        ps.zeroGrad();
        return r;
    }

    /** Forward, loss and backward of the partition's shard at {@code step}, its gradient added to the replica's. */
    SequenceModel.Gradient gradient(Replicas.Replica r, List<E> own, long step) {
        int p = partition();
        Batch b = batcher.batch(Shards.shard(own, batch, partitions, p, step));
        return r.model().gradient(b.input(), b.targets(), r.loss(),
                new ForwardContext(true, new SplittableRandom(DataParallelTrainer.mix(seed, step, p)), null));
    }

    void finish(Replicas.Replica r) {
        Replicas.giveBack(architecture, r);
    }
}
