package io.rnn4j.bench;

import io.rnn4j.kernel.Parallel;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.loss.Targets;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Adam;
import io.rnn4j.optim.GradientClipping;
import io.rnn4j.tensor.Seq;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Tokens per second of one training step (forward, cross-entropy, backward, clip, Adam) of a
 * character language model: embedding 64, vocabulary 65, LSTM 2 × 256, dense head, T = 100,
 * B = 32 (the "a" configuration of the performance issue). JMH's score is tokens/s because each
 * invocation counts T·B = 3200 operations.
 *
 * <pre>
 *   java -jar rnn4j-bench/target/rnn4j-benchmarks.jar LstmTrainingBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
public class LstmTrainingBenchmark {

    static final int T = 100;
    static final int B = 32;
    static final int VOCAB = 65;

    @Param({"2"})
    int threads;

    private SequenceModel model;
    private Adam adam;
    private Seq input;
    private Targets targets;
    private SplittableRandom random;

    @Setup
    public void setup() {
        Parallel.setThreads(threads);
        model = new SequenceModel(VOCAB)
                .add("embed", new Embedding(VOCAB, 64))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(64, 256).layers(2), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(256, VOCAB))
                .initialize(Init.PYTORCH, 1);
        adam = Adam.adam(model.parameters());
        SplittableRandom r = new SplittableRandom(2);
        int[] tokens = new int[T * B];
        int[] next = new int[T * B];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = r.nextInt(VOCAB);
            next[i] = r.nextInt(VOCAB);
        }
        input = Seq.ofTokens(tokens, T, B, null);
        targets = Targets.classes(next);
        random = new SplittableRandom(3);
    }

    @Benchmark
    @OperationsPerInvocation(T * B)
    public double trainStep() {
        model.parameters().zeroGrad();
        SequenceModel.Gradient g = model.gradient(input, targets, new SoftmaxCrossEntropy(),
                new ForwardContext(true, random, Map.of()));
        GradientClipping.clipGlobalNorm(model.parameters(), 5);
        adam.step(2e-3);
        return g.loss();
    }

    @Benchmark
    @OperationsPerInvocation(T * B)
    public float inference() {
        return model.forward(input, ForwardContext.inference()).output().values[0];
    }
}
