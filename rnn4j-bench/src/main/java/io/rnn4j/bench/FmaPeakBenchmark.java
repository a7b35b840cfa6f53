package io.rnn4j.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One core's float multiply-add peak as Java reaches it ({@link FmaPeak}): the yardstick for the
 * shares of the peak that {@code StepProductBenchmark} and {@code ConvGemmBenchmark} report.
 * The score is calls per second; GFLOP/s = score × {@code FmaPeak.flops(1024)} / 1e9 (with 512-bit
 * vectors: score × 393,216 / 1e9).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class FmaPeakBenchmark {

    static final int STEPS = 1024;

    private final float[] acc = new float[3 * 64];
    private final float[] x = {1.0001f, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    private final float[] y = {0.9999f, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

    @Benchmark
    public float[] peak() {
        return FmaPeak.run(acc, x, y, STEPS);
    }
}
