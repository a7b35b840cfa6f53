package io.rnn4j.cli.bench;

import io.rnn4j.train.StepContext;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Batch;
import io.rnn4j.kernel.Blas;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.StreamingModel;
import io.rnn4j.optim.Adam;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.UpdateRule;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Measures one configuration: a training step is forward, loss, backward, clipping at 5 and an
 * Adam update (as the PyTorch peer does); inference is a forward pass with no gradient. Each is
 * warmed up, then timed in {@code rounds} rounds of {@code seconds}; the median round counts.
 */
public final class BenchRunner {

    /** Results of one configuration (NaN where not measured). */
    public record Result(BenchConfig config, double trainTokensPerSecond, double inferTokensPerSecond,
                         double trainGflops, double inferGflops, double peakHeapMiB, double gcFraction,
                         double streamMicrosPerStep) {
    }

    private final double seconds;
    private final int rounds;
    private final Consumer<String> progress;

    public BenchRunner(double seconds, int rounds, Consumer<String> progress) {
        if (!(seconds > 0) || rounds < 1) {
            throw new IllegalArgumentException("need --seconds > 0 and --rounds >= 1");
        }
        this.seconds = seconds;
        this.rounds = rounds;
        this.progress = progress;
    }

    /** GFLOP/s of the best of a few 2048³ products through the threaded GEMM facade. */
    public double gemmPeak() {
        int n = 2048;
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] c = new float[n * n];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble();
            b[i] = (float) r.nextDouble();
        }
        double best = 0;
        long end = System.nanoTime() + (long) (Math.max(2, seconds) * 1e9);
        do {
            long t0 = System.nanoTime();
            Blas.gemm(false, false, n, n, n, 1f, a, 0, n, b, 0, n, 0f, c, 0, n);
            best = Math.max(best, 2.0 * n * n * n / ((System.nanoTime() - t0) / 1e9) / 1e9);
        } while (System.nanoTime() < end);
        return best;
    }

    public Result run(BenchConfig cfg) {
        return cfg.streaming() ? stream(cfg) : batch(cfg);
    }

    private Result batch(BenchConfig cfg) {
        SequenceModel model = cfg.model(1);
        // the trainer's own BPTT step: Adam at 2e-3, the norm clipped to 5
        Bptt bptt = Bptt.full(model, cfg.loss(), UpdateRule.of(Adam.adam(model.parameters())).learningRate(2e-3).clipNorm(5).build());
        SplittableRandom r = new SplittableRandom(2);
        Batch batch = new Batch(cfg.input(r), cfg.targets(r));
        StepContext context = StepContext.standalone(new SplittableRandom(3));
        Seq input = batch.input();
        Runnable train = () -> bptt.train(batch, context);
        Runnable infer = () -> model.forward(input, ForwardContext.inference());
        double tokens = (double) cfg.steps() * cfg.batch();

        progress.accept("config " + cfg.name() + ": training");
        resetHeapPeaks();
        long gc0 = gcMillis();
        long wall0 = System.nanoTime();
        double trainRate = tokens * rate(train);
        double gcFraction = (gcMillis() - gc0) / ((System.nanoTime() - wall0) / 1e6);
        double peakHeap = heapPeakMiB();
        progress.accept("config " + cfg.name() + ": inference");
        double inferRate = tokens * rate(infer);
        double f = cfg.forwardFlops() / tokens;
        return new Result(cfg, trainRate, inferRate, trainRate * 3 * f / 1e9, inferRate * f / 1e9, peakHeap,
                gcFraction, Double.NaN);
    }

    private Result stream(BenchConfig cfg) {
        SequenceModel model = cfg.model(1);
        int streams = cfg.batch();
        StreamingModel s = new StreamingModel(model, streams);
        int[] tok = new int[streams];
        int vocab = cfg.vocab();
        progress.accept("config " + cfg.name() + ": streaming");
        Runnable step = () -> {
            // each stream's next token depends on its last output, as in generation
            float[] logits = s.step(Seq.ofTokens(tok, 1, streams, null));
            for (int b = 0; b < streams; b++) {
                tok[b] = logits[b * vocab] > logits[b * vocab + 1] ? 1 : 2;
            }
        };
        long warmEnd = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < warmEnd) {
            step.run();
        }
        List<Double> micros = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * rounds * 1e9);
        while (System.nanoTime() < end) {
            long t0 = System.nanoTime();
            step.run();
            micros.add((System.nanoTime() - t0) / 1e3);
        }
        double med = median(micros.stream().mapToDouble(Double::doubleValue).toArray());
        return new Result(cfg, 1e6 / med, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, med);
    }

    /** Median over rounds of calls per second, after a warm-up as long as one round. */
    private double rate(Runnable op) {
        long warmEnd = System.nanoTime() + (long) (seconds * 1e9);
        do {
            op.run();
        } while (System.nanoTime() < warmEnd);
        double[] rates = new double[rounds];
        for (int k = 0; k < rounds; k++) {
            long t0 = System.nanoTime();
            long end = t0 + (long) (seconds * 1e9);
            int n = 0;
            long now;
            do {
                op.run();
                n++;
                now = System.nanoTime();
            } while (now < end);
            rates[k] = n / ((now - t0) / 1e9);
        }
        return median(rates);
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static void resetHeapPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peak usage since the last reset (an upper bound on the true peak). */
    private static double heapPeakMiB() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum / (1024.0 * 1024.0);
    }

    private static long gcMillis() {
        long t = 0;
        for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
            t += Math.max(0, g.getCollectionTime());
        }
        return t;
    }
}
