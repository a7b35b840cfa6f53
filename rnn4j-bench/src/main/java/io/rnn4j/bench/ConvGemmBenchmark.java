package io.rnn4j.bench;

import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Gemm;
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
 * The three products of one image through the MNIST CNN's second convolution (5×5, 32 → 64
 * channels on 14×14, lowered to 800 × 248 wide columns), on the calling thread: the packed
 * AVX-512 kernel against the backend (OpenBLAS). The score is products per second; GFLOP/s =
 * score × 2·m·n·k / 1e9. The packed kernel needs a CPU with AVX-512 (it is null otherwise).
 *
 * <pre>
 *   java -jar rnn4j-bench/target/rnn4j-benchmarks.jar ConvGemmBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class ConvGemmBenchmark {

    /** op(A)·op(B) as transposes and m x n x k: forward (W·col), weight gradient (dY·colᵀ), column gradient (Wᵀ·dY). */
    @Param({"NN:64x248x800", "NT:64x800x248", "TN:800x248x64"})
    String product;

    @Param({"packed", "backend"})
    String gemm;

    private boolean transA;
    private boolean transB;
    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] c;
    private Gemm g;

    @Setup
    public void setup() {
        String[] parts = product.split(":");
        transA = parts[0].charAt(0) == 'T';
        transB = parts[0].charAt(1) == 'T';
        String[] size = parts[1].split("x");
        m = Integer.parseInt(size[0]);
        n = Integer.parseInt(size[1]);
        k = Integer.parseInt(size[2]);
        SplittableRandom r = new SplittableRandom(1);
        a = BenchArrays.uniform(r, m * k, 0);
        b = BenchArrays.uniform(r, k * n, 0);
        c = new float[m * n];
        g = gemm.equals("packed") ? Blas.packed() : Blas.backend();
        if (g == null) {
            throw new IllegalStateException("no packed GEMM here: it needs AVX-512 and --add-modules jdk.incubator.vector");
        }
    }

    @Benchmark
    public float multiply() {
        g.gemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n);
        return c[0];
    }
}
