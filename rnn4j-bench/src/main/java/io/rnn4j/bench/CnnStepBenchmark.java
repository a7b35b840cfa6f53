package io.rnn4j.bench;

import io.rnn4j.data.image.ImageArchitecture;
import io.rnn4j.kernel.Blas;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.conv.ImageShape;
import io.rnn4j.tensor.Seq;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One training step's forward and backward pass (no optimizer) and one inference pass of the
 * MNIST CNN ({@code ImageArchitecture.CNN}) on random images, with the convolutions' GEMMs on the
 * packed AVX-512 kernel or on the backend. Milliseconds per batch; images/s = batch / score·1000.
 *
 * <pre>
 *   java -jar rnn4j-bench/target/rnn4j-benchmarks.jar CnnStepBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class CnnStepBenchmark {

    @Param({"true", "false"})
    boolean packed;

    private SequenceModel model;
    private Seq trainBatch;
    private Seq inferBatch;
    private float[] dLogits;
    private int step;

    @Setup
    public void setup() {
        Blas.usePacked(packed);
        if (packed && Blas.packed() == null) {
            throw new IllegalStateException("no packed GEMM here: it needs AVX-512 and --add-modules jdk.incubator.vector");
        }
        model = ImageArchitecture.CNN.build(new ImageShape(1, 28, 28), 10, 128).initialize(Init.PYTORCH, 1);
        trainBatch = randomImages(64, 1);
        inferBatch = randomImages(256, 2);
        SplittableRandom r = new SplittableRandom(3);
        dLogits = new float[64 * 10];
        for (int i = 0; i < dLogits.length; i++) {
            dLogits[i] = (float) (r.nextGaussian() * 0.01);
        }
    }

    private static Seq randomImages(int batch, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[batch * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return Seq.ofValues(x, 1, batch, 784, null);
    }

    /** Forward in training mode (batch statistics, dropout) and backward, batch 64. */
    @Benchmark
    public float[] trainStep() {
        SequenceModel.Pass pass = model.forward(trainBatch, new ForwardContext(true, new SplittableRandom(step++), Map.of()));
        return model.backward(pass, dLogits);
    }

    /** Inference, batch 256. */
    @Benchmark
    public SequenceModel.Pass infer() {
        return model.forward(inferBatch, ForwardContext.inference());
    }
}
