package io.rnn4j.spark;

import com.google.gson.JsonObject;
import io.rnn4j.io.Checkpoint;
import io.rnn4j.io.ModelFile;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.optim.Optimizer;
import io.rnn4j.train.TrainingState;
import io.rnn4j.train.UpdateRule;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Trains a {@link SequenceModel} on an RDD of examples spread over a cluster, in one of two modes
 * ({@link DataParallelConfig.Mode}).
 *
 * <p><b>Synchronous gradients.</b> Step s: the driver broadcasts the weights w_s; partition p
 * computes g_p = Σ_{i ∈ shard_p(s)} ∇ℓ_i(w_s) on its shard ({@link Shards}); {@code treeAggregate}
 * sums them; the driver sets ∇ = Σ_p g_p / n (n targets in the global batch), clips, and applies the
 * optimizer. This is the update one machine makes on the concatenated batch, up to the order in
 * which floats are summed. Bytes per step: the weights out and a gradient back per partition.
 *
 * <p><b>Parameter averaging.</b> Round r: the driver broadcasts the weights and the optimizer's
 * buffers; each partition trains its own replica k steps on its shards of steps rk … rk+k−1; the
 * driver averages the replicas' weights and buffers. One exchange per k steps; with one partition it
 * is exactly single-machine training.
 *
 * <p>Checkpoints are written on the driver, atomically ({@link Checkpoint}); {@link #resume} goes on
 * from one. A task that fails is retried by Spark: each task is a pure function of the broadcast
 * state, the step and its partition's examples, so the retry computes what the first attempt
 * would have. Dropout masks are drawn per (seed, step, partition), so with dropout the run differs
 * from a single machine's (whose masks depend on the whole batch).
 *
 * @param <E> one training example
 */
public final class DataParallelTrainer<E> {

    /** What one step (synchronous) or round (averaging) did. */
    public record Progress(long step, double loss, double gradientNorm, double seconds) {
    }

    /** What a run did; the model passed in holds the trained weights. */
    public record Result(long steps, double lastLoss, double seconds, int partitions) {
    }

    private final SparkSession spark;
    private final SequenceModel model;
    private final ExampleBatcher<E> batcher;
    private final Factories.LossFactory loss;
    private final Factories.OptimizerFactory optimizerFactory;
    private final DataParallelConfig config;
    private final Optimizer optimizer;
    private final UpdateRule rule;

    public DataParallelTrainer(SparkSession spark, SequenceModel model, ExampleBatcher<E> batcher, Factories.LossFactory loss,
                               Factories.OptimizerFactory optimizer, DataParallelConfig config) {
        this.spark = spark;
        this.model = model;
        this.batcher = batcher;
        this.loss = loss;
        this.optimizerFactory = optimizer;
        this.config = config;
        this.optimizer = optimizer.apply(model.parameters());
        this.rule = UpdateRule.of(this.optimizer).learningRate(config.learningRate()).clipNorm(config.clipNorm()).build();
    }

    /** Trains {@code steps} steps from the model's current weights. */
    public Result fit(JavaRDD<E> data, long steps, Consumer<Progress> progress) {
        return run(data, 0, steps, progress);
    }

    /**
     * Goes on from {@code checkpoint} (written by a run with the same model, batch, mode and
     * partition count) until {@code steps} steps in all.
     */
    public Result resume(Path checkpoint, JavaRDD<E> data, long steps, Consumer<Progress> progress) {
        Checkpoint.Loaded loaded = Checkpoint.load(checkpoint);
        JsonObject run = loaded.manifest().has(RUN_KEY) ? loaded.manifest().getAsJsonObject(RUN_KEY) : null;
        if (run == null) {
            throw new IllegalArgumentException(checkpoint.getFileName() + " was not written by DataParallelTrainer");
        }
        expectSame(run, "batch", config.batch());
        expectSame(run, "partitions", data.getNumPartitions());
        expectSame(run, "period", config.mode() == DataParallelConfig.Mode.AVERAGING ? config.period() : 0);
        TrainingState state = loaded.state();
        float[] values = model.parameters().values();
        if (state.parameters().length != values.length) {
            throw new IllegalArgumentException(checkpoint.getFileName() + " holds " + state.parameters().length
                    + " weights; this model has " + values.length);
        }
        System.arraycopy(state.parameters(), 0, values, 0, values.length);
        copyInto(optimizer.state(), state.optimizerState());
        optimizer.setSteps(state.totals().updates());
        return run(data, state.position().batchesSeen(), steps, progress);
    }

    private static final String RUN_KEY = "data_parallel";

    private static void expectSame(JsonObject run, String key, int now) {
        int then = run.get(key).getAsInt();
        if (then != now) {
            throw new IllegalArgumentException("the checkpoint's run had " + key + " " + then + ", this one " + now
                    + "; resume with the same " + key);
        }
    }

    private Result run(JavaRDD<E> data, long from, long steps, Consumer<Progress> progress) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        JavaRDD<List<E>> shards = data.glom().persist(StorageLevel.MEMORY_AND_DISK());
        int partitions = shards.getNumPartitions();
        try {
            checkShards(shards, partitions);
            ModelSource architecture = shipArchitecture();
            long start = System.nanoTime();
            double lastLoss = Double.NaN;
            long step = from;
            while (step < steps) {
                Progress p;
                if (config.mode() == DataParallelConfig.Mode.SYNCHRONOUS) {
                    p = synchronousStep(jsc, shards, architecture, step, partitions, start);
                    step++;
                } else {
                    int k = (int) Math.min(config.period(), steps - step);
                    p = averagingRound(jsc, shards, architecture, step, k, partitions, start);
                    step += k;
                }
                lastLoss = p.loss();
                if (progress != null) {
                    progress.accept(p);
                }
                if (config.checkpoint() != null && (step % config.checkpointEvery() < stepSize() || step == steps)) {
                    writeCheckpoint(step, partitions, p, (System.nanoTime() - start) / 1e9);
                }
            }
            return new Result(step, lastLoss, (System.nanoTime() - start) / 1e9, partitions);
        } finally {
            shards.unpersist(false);
        }
    }

    private int stepSize() {
        return config.mode() == DataParallelConfig.Mode.AVERAGING ? config.period() : 1;
    }

    private void checkShards(JavaRDD<List<E>> shards, int partitions) {
        if (config.batch() < partitions) {
            throw new IllegalArgumentException("batch " + config.batch() + " is smaller than the " + partitions
                    + " partitions; every partition needs at least one example per step: coalesce the data or raise the batch");
        }
        List<Integer> sizes = shards.map(List::size).collect();
        for (int p = 0; p < sizes.size(); p++) {
            if (sizes.get(p) == 0) {
                throw new IllegalArgumentException("partition " + p + " of " + partitions + " holds no examples; repartition the"
                        + " data so that every partition has some");
            }
        }
    }

    /** The architecture goes out once; weights travel with each step. */
    private ModelSource shipArchitecture() {
        try {
            Path tmp = Files.createTempFile("rnn4j-architecture-", ".rnn4j");
            tmp.toFile().deleteOnExit();
            ModelFile.save(tmp, model, new JsonObject(), null);
            return ModelSource.broadcast(spark, tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model for the executors: " + e.getMessage(), e);
        }
    }

    private Progress synchronousStep(JavaSparkContext jsc, JavaRDD<List<E>> shards, ModelSource architecture, long step,
                                     int partitions, long start) {
        Broadcast<float[]> weights = jsc.broadcast(model.parameters().values().clone());
        ShardWork<E> work = work(architecture, partitions);
        GradientSum sum;
        try {
            sum = shards.treeAggregate(GradientSum.zero(), (acc, own) -> {
                Replicas.Replica r = work.start(step, weights.value());
                try {
                    SequenceModel.Gradient g = work.gradient(r, own, step);
                    acc.addMean(r.model().parameters().grads(), g.loss(), g.count());
                    r.model().parameters().zeroGrad();
                    return acc;
                } finally {
                    work.finish(r);
                }
            }, GradientSum::merge, config.treeDepth());
        } finally {
            weights.destroy();
        }
        ParameterSet ps = model.parameters();
        float[] grads = ps.grads();
        for (int i = 0; i < grads.length; i++) {
            grads[i] = (float) (sum.gradient[i] / (double) sum.count);
        }
        UpdateRule.Outcome o = rule.apply(ps);
        return new Progress(step + 1, sum.loss / sum.count, o.gradientNorm(), (System.nanoTime() - start) / 1e9);
    }

    private Progress averagingRound(JavaSparkContext jsc, JavaRDD<List<E>> shards, ModelSource architecture, long first, int k,
                                    int partitions, long start) {
        Map<String, float[]> optimizerState = new HashMap<>();
        optimizer.state().forEach((name, v) -> optimizerState.put(name, v.clone()));
        Broadcast<float[]> weights = jsc.broadcast(model.parameters().values().clone());
        Broadcast<Map<String, float[]>> buffers = jsc.broadcast(optimizerState);
        long optimizerSteps = optimizer.steps();
        Factories.OptimizerFactory optimizerFactory = this.optimizerFactory;
        double lr = config.learningRate();
        double clip = config.clipNorm();
        ShardWork<E> work = work(architecture, partitions);
        AveragedState sum;
        try {
            sum = shards.treeAggregate(AveragedState.zero(), (acc, own) -> {
                Replicas.Replica r = work.start(first, weights.value());
                try {
                    ParameterSet ps = r.model().parameters();
                    Optimizer local = optimizerFactory.apply(ps);
                    copyInto(local.state(), buffers.value());
                    local.setSteps(optimizerSteps);
                    UpdateRule localRule = UpdateRule.of(local).learningRate(lr).clipNorm(clip).build();
                    double lossSum = 0;
                    long count = 0;
                    for (long s = first; s < first + k; s++) {
                        SequenceModel.Gradient g = work.gradient(r, own, s);
                        localRule.apply(ps);
                        lossSum += g.loss() * g.count();
                        count += g.count();
                    }
                    return acc.add(ps.values(), local.state(), lossSum, count);
                } finally {
                    work.finish(r);
                }
            }, AveragedState::merge, config.treeDepth());
        } finally {
            weights.destroy();
            buffers.destroy();
        }
        float[] values = model.parameters().values();
        for (int i = 0; i < values.length; i++) {
            values[i] = sum.weights[i] / sum.replicas;
        }
        Map<String, float[]> live = optimizer.state();
        for (Map.Entry<String, float[]> e : sum.optimizer.entrySet()) {
            float[] into = live.get(e.getKey());
            for (int i = 0; i < into.length; i++) {
                into[i] = e.getValue()[i] / sum.replicas;
            }
        }
        optimizer.setSteps(optimizerSteps + k);
        return new Progress(first + k, sum.loss / sum.count, Double.NaN, (System.nanoTime() - start) / 1e9);
    }

    private ShardWork<E> work(ModelSource architecture, int partitions) {
        return new ShardWork<>(architecture, batcher, loss, config.batch(), partitions, config.seed(), config.threadsPerTask());
    }

    /** Copies saved buffers into an optimizer's live ones, refusing a mismatch by name. */
    private static void copyInto(Map<String, float[]> live, Map<String, float[]> saved) {
        for (Map.Entry<String, float[]> e : live.entrySet()) {
            float[] from = saved.get(e.getKey());
            if (from == null || from.length != e.getValue().length) {
                throw new IllegalArgumentException("the optimizer state has no buffer '" + e.getKey() + "' of "
                        + e.getValue().length + " values; was it written by another optimizer?");
            }
            System.arraycopy(from, 0, e.getValue(), 0, from.length);
        }
    }

    private void writeCheckpoint(long step, int partitions, Progress p, double seconds) {
        JsonObject run = new JsonObject();
        run.addProperty("mode", config.mode().name().toLowerCase(java.util.Locale.ROOT));
        run.addProperty("batch", config.batch());
        run.addProperty("partitions", partitions);
        run.addProperty("period", config.mode() == DataParallelConfig.Mode.AVERAGING ? config.period() : 0);
        JsonObject extra = new JsonObject();
        extra.add(RUN_KEY, run);
        Map<String, float[]> buffers = new HashMap<>();
        optimizer.state().forEach((name, v) -> buffers.put(name, v.clone()));
        TrainingState state = new TrainingState(new TrainingState.Position(0, (int) Math.min(step, Integer.MAX_VALUE), step),
                new TrainingState.Totals(optimizer.steps(), step * config.batch(), 0, seconds),
                new TrainingState.EpochSoFar(0, 0),
                new TrainingState.LastUpdate(p.loss(), p.gradientNorm(), config.learningRate()),
                new TrainingState.Best(Double.NaN, -1, 0, null),
                model.parameters().values().clone(), buffers, Map.of());
        try {
            Checkpoint.save(config.checkpoint(), model, state, extra);
        } catch (IOException e) {
            // the run goes on: losing one checkpoint is better than losing the run
            org.slf4j.LoggerFactory.getLogger(DataParallelTrainer.class)
                    .warn("cannot write checkpoint {} at step {}: {}", config.checkpoint(), step, e.getMessage());
        }
    }

    /** A task's random stream: (seed, step, partition) mixed into one long. */
    static long mix(long seed, long step, int partition) {
        long h = seed * 0x9E3779B97F4A7C15L + step;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + partition;
        return h ^ (h >>> 29);
    }

    /** Lists each partition's examples in order (tests, and single-machine comparisons). */
    public static <E> List<List<E>> partitionsOf(JavaRDD<E> data) {
        return new ArrayList<>(data.glom().collect());
    }
}
