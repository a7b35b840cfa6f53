package io.rnn4j.bench;

import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.PackedOperand;
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
 * The recurrent step product of an LSTM, {@code pre (M × 4H) += h (M × H) · W_hhᵀ}, on the calling
 * thread: through the backend (OpenBLAS, which packs W_hh on every call) or through the packed
 * kernel with W_hhᵀ packed once ({@code Blas.prepareRight}), as {@code RecurrentCell} now runs it.
 * The score is products per second; GFLOP/s = score × 8·M·H²/1e9. {@link StepProductReport}
 * runs it with {@code FmaPeakBenchmark} and {@code WeightReadBenchmark} and prints the rates as
 * shares of the multiply-add peak, next to the bound that reading W sets.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp rnn4j-bench/target/rnn4j-benchmarks.jar io.rnn4j.bench.StepProductReport
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class StepProductBenchmark {

    @Param({"1", "4", "8", "16", "32", "64"})
    int rows;

    @Param({"128", "256", "512", "1024"})
    int hidden;

    @Param({"packed", "backend"})
    String gemm;

    private float[] h;
    private float[] w;
    private float[] pre;
    private PackedOperand wT;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(1);
        h = BenchArrays.uniform(r, rows * hidden, 0);
        w = BenchArrays.uniform(r, 4 * hidden * hidden, -0.5);
        pre = new float[rows * 4 * hidden];
        Blas.usePacked(gemm.equals("packed"));
        wT = Blas.prepareRight(true, hidden, 4 * hidden, w, 0, hidden, null);
    }

    @Benchmark
    public float step() {
        if (gemm.equals("packed")) {
            Blas.packedGemm(false, rows, h, 0, hidden, wT, 1f, pre, 0, 4 * hidden);
        } else {
            Blas.backend().gemm(false, true, rows, 4 * hidden, hidden, 1f, h, 0, hidden, w, 0, hidden, 1f, pre, 0, 4 * hidden);
        }
        return pre[0];
    }
}
