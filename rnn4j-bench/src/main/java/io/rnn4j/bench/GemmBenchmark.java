package io.rnn4j.bench;

import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Gemm;
import io.rnn4j.kernel.JavaGemm;
import io.rnn4j.kernel.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;

/**
 * GEMM throughput on RNN shapes, per backend and thread count. The score is products per second;
 * GFLOP/s = score × 2·m·n·k / 1e9.
 *
 * <pre>
 *   java -jar rnn4j-bench/target/rnn4j-benchmarks.jar GemmBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class GemmBenchmark {

    /** m x n x k: a recurrent step (B x 4H x H) and an input projection over a sequence. */
    @Param({"32x1024x256", "3200x1024x64", "64x2048x512"})
    String shape;

    @Param({"selected", "java"})
    String backend;

    @Param({"1", "2"})
    int threads;

    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] c;
    private Gemm gemm;

    @Setup
    public void setup() {
        String[] p = shape.split("x");
        m = Integer.parseInt(p[0]);
        n = Integer.parseInt(p[1]);
        k = Integer.parseInt(p[2]);
        SplittableRandom r = new SplittableRandom(1);
        a = BenchArrays.uniform(r, m * k, 0);
        b = BenchArrays.uniform(r, k * n, 0);
        c = new float[m * n];
        Parallel.setThreads(threads);
        gemm = backend.equals("java") ? new JavaGemm() : Blas.backend();
        Blas.setBackend(gemm);
    }

    /** C = A·B through the threaded facade: 2·m·n·k flops per call. */
    @Benchmark
    public float multiply() {
        Blas.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
        return c[0];
    }
}
