package io.rnn4j.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Runs {@link StepProductBenchmark} and {@link WeightReadBenchmark} between two runs of
 * {@link FmaPeakBenchmark} and prints the step product's rate for each M and H, packed and through the backend, as
 * GFLOP/s and as a share of the per-core multiply-add peak measured in the same run, next to the
 * bound that reading W sets: a product of M rows does 2·M flops per 4-byte weight, so its rate is
 * at most min(peak, M/2 · the measured read rate of W). Few rows are bounded by the read, many by
 * the multiply-adds.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp rnn4j-bench/target/rnn4j-benchmarks.jar \
 *       io.rnn4j.bench.StepProductReport [ROWS [HIDDEN]]
 *   e.g. ... StepProductReport 1,2,4,8,16,32,64 256,512
 * </pre>
 */
public final class StepProductReport {

    private StepProductReport() {
    }

    public static void main(String[] args) throws RunnerException {
        String rows = args.length > 0 ? args[0] : "1,4,8,16,32,64";
        String hidden = args.length > 1 ? args[1] : "128,256,512,1024";
        Options options = new OptionsBuilder()
                .include(StepProductBenchmark.class.getSimpleName())
                .include(WeightReadBenchmark.class.getSimpleName())
                .param("rows", rows.split(","))
                .param("hidden", hidden.split(","))
                .build();
        // The peak before and after the rest, the higher counting: the machine's speed drifts
        // over minutes, and a peak caught in a slow moment would flatter every share.
        double peak = peak();
        Collection<RunResult> results = new Runner(options).run();
        peak = Math.max(peak, peak());
        List<RunResult> steps = new ArrayList<>();
        java.util.Map<Integer, Double> readBytes = new java.util.HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            double score = r.getPrimaryResult().getScore();
            if (name.endsWith("WeightReadBenchmark.read")) {
                int h = Integer.parseInt(r.getParams().getParam("hidden"));
                readBytes.put(h, score * 16.0 * h * h);
            } else {
                steps.add(r);
            }
        }
        System.out.printf(Locale.ROOT, "%nper-core multiply-add peak: %.1f GFLOP/s%n%n", peak);
        System.out.println("| H | M | read of W, GB/s | bound, GFLOP/s | packed GFLOP/s | % peak | backend GFLOP/s | % peak |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (String h : hidden.split(",")) {
            for (String m : rows.split(",")) {
                int hs = Integer.parseInt(h);
                int ms = Integer.parseInt(m);
                double flops = 8.0 * ms * hs * hs;
                double packed = rate(steps, h, m, "packed") * flops / 1e9;
                double backend = rate(steps, h, m, "backend") * flops / 1e9;
                double bytes = readBytes.getOrDefault(hs, Double.NaN);
                double bound = Math.min(peak, ms / 2.0 * bytes / 1e9);
                System.out.printf(Locale.ROOT, "| %d | %d | %.0f | %.0f | %.1f | %.0f %% | %.1f | %.0f %% |%n",
                        hs, ms, bytes / 1e9, bound, packed, 100 * packed / peak, backend, 100 * backend / peak);
            }
        }
    }

    /** One run of {@link FmaPeakBenchmark}, in GFLOP/s. */
    private static double peak() throws RunnerException {
        Options options = new OptionsBuilder().include(FmaPeakBenchmark.class.getSimpleName()).build();
        RunResult r = new Runner(options).run().iterator().next();
        return r.getPrimaryResult().getScore() * FmaPeak.flops(FmaPeakBenchmark.STEPS) / 1e9;
    }

    private static double rate(List<RunResult> steps, String hidden, String rows, String gemm) {
        for (RunResult r : steps) {
            if (r.getParams().getParam("hidden").equals(hidden) && r.getParams().getParam("rows").equals(rows)
                    && r.getParams().getParam("gemm").equals(gemm)) {
                return r.getPrimaryResult().getScore();
            }
        }
        return Double.NaN;
    }
}
