package io.rnn4j.spark;

import java.nio.file.Path;

/**
 * How {@link DataParallelTrainer} trains.
 *
 * @param batch           the global batch B, split over the partitions ({@link Shards})
 * @param learningRate    the optimizer's rate, constant
 * @param clipNorm        clip the global gradient norm to this; 0 = no clipping
 * @param mode            synchronous gradients, or parameter averaging
 * @param period          averaging: local steps k between averages (ignored when synchronous)
 * @param treeDepth       depth of {@code treeAggregate}'s tree (2, as MLlib uses)
 * @param seed            seeds each task's dropout masks by (seed, step, partition)
 * @param checkpoint      where the driver writes checkpoints; null = none
 * @param checkpointEvery steps between checkpoints (averaging: rounded up to whole rounds)
 * @param threadsPerTask  rnn4j threads each task computes with (sets {@link io.rnn4j.kernel.Parallel}
 *                        in the executor JVM); 0 leaves it (default: the JVM's cores, too many when
 *                        an executor runs several tasks at once)
 */
public record DataParallelConfig(int batch, double learningRate, double clipNorm, DataParallelConfig.Mode mode, int period,
                                 int treeDepth, long seed, Path checkpoint, long checkpointEvery,
                                 int threadsPerTask) {

    /** The two ways of training on many partitions. */
    public enum Mode {
        /** Each step: every partition's gradient on its shard, summed by treeAggregate, one update on the driver. */
        SYNCHRONOUS,
        /** Every k steps: each partition trains its own replica k steps, the driver averages weights and optimizer state. */
        AVERAGING
    }

    public DataParallelConfig {
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be >= 1, got " + batch);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be a finite number > 0, got " + learningRate);
        }
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clipNorm must be a finite number >= 0, got " + clipNorm);
        }
        if (mode == null) {
            throw new IllegalArgumentException("give a mode");
        }
        if (period < 1) {
            throw new IllegalArgumentException("the averaging period must be >= 1 step, got " + period);
        }
        if (treeDepth < 1) {
            throw new IllegalArgumentException("treeDepth must be >= 1, got " + treeDepth);
        }
        if (threadsPerTask < 0) {
            throw new IllegalArgumentException("threadsPerTask must be >= 0, got " + threadsPerTask);
        }
        if (checkpointEvery < 1) {
            throw new IllegalArgumentException("checkpointEvery must be >= 1 step, got " + checkpointEvery);
        }
    }

    /** Synchronous, batch 64, rate 0.001, clip 1, tree depth 2, seed 1, no checkpoints, threads left as they are. */
    public static DataParallelConfig defaults() {
        return new DataParallelConfig(64, 0.001, 1.0, Mode.SYNCHRONOUS, 1, 2, 1, null, 100, 0);
    }

    public DataParallelConfig withBatch(int b) {
        return new DataParallelConfig(b, learningRate, clipNorm, mode, period, treeDepth, seed, checkpoint, checkpointEvery, threadsPerTask);
    }

    public DataParallelConfig withLearningRate(double lr) {
        return new DataParallelConfig(batch, lr, clipNorm, mode, period, treeDepth, seed, checkpoint, checkpointEvery, threadsPerTask);
    }

    public DataParallelConfig withClipNorm(double c) {
        return new DataParallelConfig(batch, learningRate, c, mode, period, treeDepth, seed, checkpoint, checkpointEvery, threadsPerTask);
    }

    public DataParallelConfig synchronous() {
        return new DataParallelConfig(batch, learningRate, clipNorm, Mode.SYNCHRONOUS, 1, treeDepth, seed, checkpoint, checkpointEvery, threadsPerTask);
    }

    /** Parameter averaging every {@code k} local steps. */
    public DataParallelConfig averagingEvery(int k) {
        return new DataParallelConfig(batch, learningRate, clipNorm, Mode.AVERAGING, k, treeDepth, seed, checkpoint, checkpointEvery, threadsPerTask);
    }

    public DataParallelConfig withTreeDepth(int d) {
        return new DataParallelConfig(batch, learningRate, clipNorm, mode, period, d, seed, checkpoint, checkpointEvery, threadsPerTask);
    }

    public DataParallelConfig withSeed(long s) {
        return new DataParallelConfig(batch, learningRate, clipNorm, mode, period, treeDepth, s, checkpoint, checkpointEvery, threadsPerTask);
    }

    /** Each task computes with {@code n} rnn4j threads; 0 leaves the executor's setting. */
    public DataParallelConfig withThreadsPerTask(int n) {
        return new DataParallelConfig(batch, learningRate, clipNorm, mode, period, treeDepth, seed, checkpoint, checkpointEvery, n);
    }

    /** Checkpoints to {@code file} every {@code steps} steps. */
    public DataParallelConfig withCheckpoints(Path file, long steps) {
        return new DataParallelConfig(batch, learningRate, clipNorm, mode, period, treeDepth, seed, file, steps, threadsPerTask);
    }
}
