package io.rnn4j.spark;

import io.rnn4j.io.Checkpoint;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.loss.Targets;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Optimizer;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;
import io.rnn4j.train.UpdateRule;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data-parallel training under local[2]: synchronous gradients match one machine on the same
 * batches within the float-summation tolerance; averaging matches its definition exactly; a
 * checkpoint resumes to the same weights, and a task that fails is retried to the same weights.
 */
class DataParallelTrainerTest {

    private static final int VOCAB = 7;
    private static final int STEPS_PER_WINDOW = 10;
    private static final float UNIT_ROUNDOFF = 0x1p-24f;

    @TempDir
    static Path dir;
    static SparkSession spark;
    static JavaSparkContext jsc;

    @BeforeAll
    static void start() {
        spark = LocalSpark.get();
        jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    }

    @AfterEach
    void noFaults() {
        FaultInjection.clear();
    }

    /** Windows of T+1 token ids: inputs the first T, targets the last T. */
    static final class Windows implements ExampleBatcher<int[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public Batch batch(List<int[]> examples) {
            int b = examples.size();
            int[] in = new int[STEPS_PER_WINDOW * b];
            int[] out = new int[STEPS_PER_WINDOW * b];
            for (int t = 0; t < STEPS_PER_WINDOW; t++) {
                for (int i = 0; i < b; i++) {
                    in[t * b + i] = examples.get(i)[t];
                    out[t * b + i] = examples.get(i)[t + 1];
                }
            }
            return new Batch(Seq.ofTokens(in, STEPS_PER_WINDOW, b, null), Targets.classes(out));
        }
    }

    static SequenceModel model() {
        return new SequenceModel(VOCAB)
                .add("embed", new Embedding(VOCAB, 5))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(5, 8), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(8, VOCAB))
                .initialize(Init.PYTORCH, 5);
    }

    /** Windows from a text with structure (each token likely followed by the next), so training moves. */
    static List<int[]> windows(int n) {
        SplittableRandom r = new SplittableRandom(9);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int[] w = new int[STEPS_PER_WINDOW + 1];
            w[0] = r.nextInt(VOCAB);
            for (int t = 1; t < w.length; t++) {
                w[t] = r.nextInt(4) == 0 ? r.nextInt(VOCAB) : (w[t - 1] + 1) % VOCAB;
            }
            out.add(w);
        }
        return out;
    }

    private static DataParallelTrainer<int[]> trainer(SequenceModel m, Factories.OptimizerFactory opt, DataParallelConfig c) {
        return new DataParallelTrainer<>(spark, m, new Windows(), SoftmaxCrossEntropy::new, opt, c);
    }

    @Test
    void synchronousStepsEqualOneMachineUpToSummationOrder() {
        JavaRDD<int[]> data = jsc.parallelize(windows(90), 3);
        int batch = 12;
        int steps = 4;
        double lr = 0.5;
        DataParallelConfig c = DataParallelConfig.defaults().withBatch(batch).withLearningRate(lr).withClipNorm(0);
        SequenceModel distributed = model();
        trainer(distributed, Factories.sgd(), c).fit(data, steps, null);

        // one machine, plain SGD on the concatenated shards; meanwhile the tolerance: two orders of
        // summing m terms differ by at most 2·m·u·Σ|terms| (first order), here with the per-example
        // gradients as the terms and m = T·B, times the learning rate, plus one rounding of w per step
        List<List<int[]>> partitions = DataParallelTrainer.partitionsOf(data);
        SequenceModel single = model();
        float[] initial = single.parameters().values().clone();
        ParameterSet ps = single.parameters();
        double[] tolerance = new double[ps.size()];
        int m = STEPS_PER_WINDOW * batch;
        for (int s = 0; s < steps; s++) {
            List<int[]> global = Shards.globalBatch(partitions, batch, s);
            double[] absSum = new double[ps.size()];
            for (int[] example : global) {
                ps.zeroGrad();
                Batch one = new Windows().batch(List.of(example));
                single.gradient(one.input(), one.targets(), new SoftmaxCrossEntropy(), new ForwardContext(true, new SplittableRandom(0), null));
                for (int j = 0; j < absSum.length; j++) {
                    absSum[j] += Math.abs(ps.grads()[j]) * STEPS_PER_WINDOW;
                }
            }
            for (int j = 0; j < tolerance.length; j++) {
                tolerance[j] += lr * 2.0 * m * UNIT_ROUNDOFF * absSum[j] / m + UNIT_ROUNDOFF * Math.abs(ps.values()[j]);
            }
            ps.zeroGrad();
            Batch whole = new Windows().batch(global);
            single.gradient(whole.input(), whole.targets(), new SoftmaxCrossEntropy(), new ForwardContext(true, new SplittableRandom(0), null));
            for (int j = 0; j < ps.size(); j++) {
                ps.values()[j] -= (float) lr * ps.grads()[j];
            }
        }
        float[] a = distributed.parameters().values();
        float[] b = ps.values();
        double largestMove = 0;
        for (int j = 0; j < a.length; j++) {
            largestMove = Math.max(largestMove, Math.abs(b[j] - initial[j]));
            assertTrue(Math.abs(a[j] - b[j]) <= tolerance[j], "weight " + j + ": " + a[j] + " against " + b[j]
                    + ", tolerance " + tolerance[j]);
        }
        assertTrue(largestMove > 0.05, "training moved the weights: " + largestMove);
    }

    @Test
    void averagingOnOnePartitionIsOneMachineExactly() {
        JavaRDD<int[]> data = jsc.parallelize(windows(40), 1);
        DataParallelConfig c = DataParallelConfig.defaults().withBatch(8).withLearningRate(0.01).averagingEvery(3);
        SequenceModel distributed = model();
        DataParallelTrainer.Result r = trainer(distributed, Factories.adam(), c).fit(data, 7, null);
        assertEquals(7, r.steps(), "rounds of 3, 3 and 1 steps");

        SequenceModel single = model();
        Optimizer adam = Factories.adam().apply(single.parameters());
        UpdateRule rule = UpdateRule.of(adam).learningRate(0.01).clipNorm(1).build();
        List<int[]> own = DataParallelTrainer.partitionsOf(data).get(0);
        for (int s = 0; s < 7; s++) {
            Batch b = new Windows().batch(Shards.shard(own, 8, 1, 0, s));
            single.gradient(b.input(), b.targets(), new SoftmaxCrossEntropy(),
                    new ForwardContext(true, new SplittableRandom(DataParallelTrainer.mix(1, s, 0)), null));
            rule.apply(single.parameters());
        }
        assertArrayEquals(single.parameters().values(), distributed.parameters().values());
    }

    @Test
    void averagingOnTwoPartitionsAveragesTwoReplicas() {
        JavaRDD<int[]> data = jsc.parallelize(windows(40), 2);
        int k = 4;
        DataParallelConfig c = DataParallelConfig.defaults().withBatch(8).withLearningRate(0.01).averagingEvery(k);
        SequenceModel distributed = model();
        trainer(distributed, Factories.adam(), c).fit(data, k, null);

        List<List<int[]>> partitions = DataParallelTrainer.partitionsOf(data);
        float[] sum = null;
        for (int p = 0; p < 2; p++) {
            SequenceModel replica = model();
            UpdateRule rule = UpdateRule.of(Factories.adam().apply(replica.parameters())).learningRate(0.01).clipNorm(1).build();
            for (int s = 0; s < k; s++) {
                Batch b = new Windows().batch(Shards.shard(partitions.get(p), 8, 2, p, s));
                replica.gradient(b.input(), b.targets(), new SoftmaxCrossEntropy(),
                        new ForwardContext(true, new SplittableRandom(DataParallelTrainer.mix(1, s, p)), null));
                rule.apply(replica.parameters());
            }
            float[] w = replica.parameters().values();
            if (sum == null) {
                sum = w.clone();
            } else {
                for (int j = 0; j < w.length; j++) {
                    sum[j] += w[j]; // two terms: the same in either order
                }
            }
        }
        for (int j = 0; j < sum.length; j++) {
            sum[j] /= 2;
        }
        assertArrayEquals(sum, distributed.parameters().values());
    }

    @Test
    void aResumedRunAndARetriedTaskEndWithTheSameWeights() {
        JavaRDD<int[]> data = jsc.parallelize(windows(40), 2);
        DataParallelConfig c = DataParallelConfig.defaults().withBatch(8).withLearningRate(0.01);
        SequenceModel whole = model();
        trainer(whole, Factories.adam(), c).fit(data, 6, null);

        Path checkpoint = dir.resolve("run.ckpt");
        SequenceModel firstHalf = model();
        trainer(firstHalf, Factories.adam(), c.withCheckpoints(checkpoint, 3)).fit(data, 3, null);
        assertEquals(3, Checkpoint.load(checkpoint).state().totals().updates());
        SequenceModel resumed = new SequenceModel(VOCAB)
                .add("embed", new Embedding(VOCAB, 5))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(5, 8), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(8, VOCAB))
                .initialize(Init.PYTORCH, 77); // other weights: the checkpoint's must replace them
        List<DataParallelTrainer.Progress> seen = new ArrayList<>();
        trainer(resumed, Factories.adam(), c).resume(checkpoint, data, 6, seen::add);
        assertEquals(List.of(4L, 5L, 6L), seen.stream().map(DataParallelTrainer.Progress::step).toList());
        assertArrayEquals(whole.parameters().values(), resumed.parameters().values());

        FaultInjection.failOnce(2, 1);
        SequenceModel retried = model();
        trainer(retried, Factories.adam(), c.withCheckpoints(dir.resolve("retried.ckpt"), 2)).fit(data, 6, null);
        assertArrayEquals(whole.parameters().values(), retried.parameters().values());
        assertEquals(6, Checkpoint.load(dir.resolve("retried.ckpt")).state().totals().updates());
    }

    @Test
    void runsThatCannotWorkAreRefusedNamingWhy() {
        DataParallelConfig c = DataParallelConfig.defaults().withBatch(8);
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> trainer(model(), Factories.adam(), c.withBatch(2)).fit(jsc.parallelize(windows(12), 3), 1, null));
        assertTrue(small.getMessage().startsWith("batch 2 is smaller than the 3 partitions"), small.getMessage());
        JavaRDD<int[]> lopsided = jsc.parallelize(windows(2), 3);
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> trainer(model(), Factories.adam(), c).fit(lopsided, 1, null));
        assertTrue(empty.getMessage().contains("holds no examples"), empty.getMessage());

        Path checkpoint = dir.resolve("other.ckpt");
        JavaRDD<int[]> data = jsc.parallelize(windows(40), 2);
        trainer(model(), Factories.adam(), c.withCheckpoints(checkpoint, 1)).fit(data, 1, null);
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> trainer(model(), Factories.adam(), c.withBatch(10)).resume(checkpoint, data, 2, null));
        assertEquals("the checkpoint's run had batch 8, this one 10; resume with the same batch", other.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DataParallelConfig.defaults().averagingEvery(0));
    }

    static Map<String, float[]> copy(Map<String, float[]> m) {
        Map<String, float[]> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }
}
