package io.rnn4j.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.Version;
import io.rnn4j.cli.bench.BenchConfig;
import io.rnn4j.cli.bench.BenchRunner;
import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code rnn4j bench}: training and inference throughput of the named configurations. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure training and inference tokens/s, effective GFLOP/s and the share of the",
                "machine's measured GEMM peak on the benchmark configurations a-g (see README)."})
final class BenchCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--config", split = ",", paramLabel = "NAME",
            description = "Configurations to run, comma-separated (default: all of a,b,c,d,e,f,g).")
    List<String> configs;

    @Option(names = "--seconds", converter = Ranges.PositiveReal.class, defaultValue = "3", description = "Length of each timed round (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--rounds", converter = Ranges.Positive.class, defaultValue = "5", description = "Timed rounds; the median counts (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--json", description = "Print machine-readable JSON instead of the table.")
    boolean json;

    @Override
    public void run() {
        threads.apply();
        List<BenchConfig> chosen = new ArrayList<>();
        for (String name : configs == null ? List.of("a", "b", "c", "d", "e", "f") : configs) {
            chosen.add(BenchConfig.named(name.trim()));
        }
        BenchRunner runner = new BenchRunner(seconds, rounds, msg -> System.err.println("rnn4j bench: " + msg));
        System.err.println("rnn4j bench: measuring the GEMM peak (2048^3)");
        double peak = runner.gemmPeak();
        List<BenchRunner.Result> results = new ArrayList<>();
        for (BenchConfig c : chosen) {
            results.add(runner.run(c));
        }
        if (json) {
            printJson(peak, results);
        } else {
            printTable(peak, results);
        }
    }

    private static String env() {
        return String.format(Locale.ROOT, "rnn4j %s, JDK %s, gemm %s, %d thread(s), %d cores",
                Version.get(), Runtime.version(), Blas.backend().name(), Parallel.threads(),
                Runtime.getRuntime().availableProcessors());
    }

    private static void printTable(double peak, List<BenchRunner.Result> results) {
        System.out.println(env());
        System.out.printf(Locale.ROOT, "measured GEMM peak: %.1f GFLOP/s (2048^3, %d threads)%n%n", peak, Parallel.threads());
        System.out.println("| config | model | T | B | train tok/s | train GFLOP/s | % peak | infer tok/s | infer GFLOP/s | % peak | peak heap MiB | GC % |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (BenchRunner.Result r : results) {
            BenchConfig c = r.config();
            if (c.streaming()) {
                String perStep = c.batch() == 1 ? String.format(Locale.ROOT, "%,.0f steps/s", r.trainTokensPerSecond())
                        : String.format(Locale.ROOT, "%,.0f steps/s, %,.0f tok/s", r.trainTokensPerSecond(), r.trainTokensPerSecond() * c.batch());
                System.out.printf(Locale.ROOT, "| %s | %s | – | %d | %.1f µs per step (%s) | | | | | | | |%n",
                        c.name(), c.description(), c.batch(), r.streamMicrosPerStep(), perStep);
                continue;
            }
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %,.0f | %.1f | %.0f %% | %,.0f | %.1f | %.0f %% | %.0f | %.1f |%n",
                    c.name(), c.description(), c.steps(), c.batch(), r.trainTokensPerSecond(), r.trainGflops(),
                    100 * r.trainGflops() / peak, r.inferTokensPerSecond(), r.inferGflops(), 100 * r.inferGflops() / peak,
                    r.peakHeapMiB(), 100 * r.gcFraction());
        }
    }

    private static void printJson(double peak, List<BenchRunner.Result> results) {
        JsonObject o = new JsonObject();
        o.addProperty("rnn4j", Version.get());
        o.addProperty("jdk", Runtime.version().toString());
        o.addProperty("gemm", Blas.backend().name());
        o.addProperty("threads", Parallel.threads());
        o.addProperty("cores", Runtime.getRuntime().availableProcessors());
        o.addProperty("gemm_peak_gflops", peak);
        JsonArray arr = new JsonArray();
        for (BenchRunner.Result r : results) {
            JsonObject j = new JsonObject();
            j.addProperty("config", r.config().name());
            j.addProperty("model", r.config().description());
            j.addProperty("T", r.config().steps());
            j.addProperty("B", r.config().batch());
            if (r.config().streaming()) {
                j.addProperty("stream_us_per_step", r.streamMicrosPerStep());
            } else {
                j.addProperty("train_tokens_per_s", r.trainTokensPerSecond());
                j.addProperty("infer_tokens_per_s", r.inferTokensPerSecond());
                j.addProperty("train_gflops", r.trainGflops());
                j.addProperty("infer_gflops", r.inferGflops());
                j.addProperty("train_fraction_of_peak", r.trainGflops() / peak);
                j.addProperty("infer_fraction_of_peak", r.inferGflops() / peak);
                j.addProperty("peak_heap_mib", r.peakHeapMiB());
                j.addProperty("gc_fraction", r.gcFraction());
            }
            arr.add(j);
        }
        o.add("results", arr);
        System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(o));
    }
}
