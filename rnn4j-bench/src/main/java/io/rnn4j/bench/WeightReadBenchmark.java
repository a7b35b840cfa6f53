package io.rnn4j.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
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
 * How fast one core reads a recurrent weight matrix (4H × H floats, the size of a packed W_hhᵀ)
 * from wherever it settles between calls (L2 for H = 128, L3 or memory above): the bound on a
 * step product of M rows, which does 2·M flops for each 4 bytes of W it reads, so it cannot run
 * faster than M/2 flops per byte times this rate. The score is reads of the whole matrix per
 * second; bytes/s = score × 16·H².
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp rnn4j-bench/target/rnn4j-benchmarks.jar io.rnn4j.bench.StepProductReport
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector"})
public class WeightReadBenchmark {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Param({"128", "256", "512", "1024"})
    int hidden;

    private float[] w;
    private final float[] out = new float[64];

    @Setup
    public void setup() {
        w = BenchArrays.uniform(new SplittableRandom(1), 4 * hidden * hidden, -0.5);
    }

    /**
     * Sums the matrix in eight independent vector chains, so the adds never wait on each other,
     * reading its four quarters side by side: a packed product reads several column panels at
     * once, and several streams draw more from the caches than one does.
     */
    @Benchmark
    public float[] read() {
        int n = S.length();
        int q = w.length / 4;
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        for (int i = 0; i + 2 * n <= q; i += 2 * n) {
            a0 = a0.add(FloatVector.fromArray(S, w, i));
            a1 = a1.add(FloatVector.fromArray(S, w, i + n));
            a2 = a2.add(FloatVector.fromArray(S, w, q + i));
            a3 = a3.add(FloatVector.fromArray(S, w, q + i + n));
            a4 = a4.add(FloatVector.fromArray(S, w, 2 * q + i));
            a5 = a5.add(FloatVector.fromArray(S, w, 2 * q + i + n));
            a6 = a6.add(FloatVector.fromArray(S, w, 3 * q + i));
            a7 = a7.add(FloatVector.fromArray(S, w, 3 * q + i + n));
        }
        a0.add(a1).add(a2).add(a3).intoArray(out, 0);
        a4.add(a5).add(a6).add(a7).intoArray(out, n);
        return out;
    }
}
