package io.rnn4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.tasks.AddingProblem;
import io.rnn4j.tasks.CountingLanguage;
import io.rnn4j.tasks.EmbeddedReber;
import io.rnn4j.tasks.LongTimeLag;
import io.rnn4j.tasks.SequenceTask;
import io.rnn4j.tasks.TaskTrainer;
import io.rnn4j.tasks.TemporalOrder;
import io.rnn4j.train.TrainingAlgorithm;
import io.rnn4j.train.ekf.EkfConfig;
import io.rnn4j.train.rtrl.RtrlNetwork;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The classic long-time-lag and grammar tasks of {@code rnn4j task run}, trained by any
 * {@link TrainingAlgorithm}: builds the task and the settings from the options and the per-task
 * defaults, runs the trials and summarises them.
 */
final class SequenceTaskRun {

    /** Per-task defaults: the hidden size, Adam rate, batch, test-check interval and budget that solve it on 2 cores. */
    record Defaults(int hidden, Float forgetBias, Float inputBias, double lr, boolean cosine, int batch, int evalEvery, long maxSequences) {
    }

    static final String[] NAMES = {"reber", "adding", "temporal-order", "long-lag", "anbn", "anbncn"};

    static boolean handles(String name) {
        return Arrays.asList(NAMES).contains(name);
    }

    static Defaults defaults(String name) {
        return switch (name) {
            case "reber" -> new Defaults(8, null, null, 0.01, false, 1, 256, 200_000);
            case "adding" -> new Defaults(16, 8f, -3f, 0.003, false, 8, 1024, 500_000);
            case "temporal-order" -> new Defaults(16, 3f, null, 0.003, false, 8, 1024, 500_000);
            case "long-lag" -> new Defaults(8, 5f, null, 0.01, false, 16, 256, 200_000);
            case "anbn", "anbncn" -> new Defaults(2, null, null, 0.01, true, 16, 256, 300_000);
            default -> throw new IllegalArgumentException("no sequence task '" + name + "'");
        };
    }

    static SequenceTask task(String name, int length, int lag, int maxN) {
        return switch (name) {
            case "reber" -> new EmbeddedReber();
            case "adding" -> new AddingProblem(length);
            case "temporal-order" -> new TemporalOrder();
            case "long-lag" -> new LongTimeLag(lag);
            case "anbn" -> new CountingLanguage(2, maxN);
            case "anbncn" -> new CountingLanguage(3, maxN);
            default -> throw new IllegalArgumentException("no sequence task '" + name + "'");
        };
    }

    /**
     * Refuses a task whose network, data and activations would not fit in this JVM, before
     * anything is generated: about 8 floats per weight (weights, gradients, moments, double
     * copies), the stored training and test sequences (inputs, targets and a score flag per step),
     * and the activations of one batch of the longest sequences.
     */
    static void requireMemory(SequenceTask task, TaskTrainer.Settings s) {
        RecurrentConfig rc = RecurrentConfig.of(s.cell(), task.inputSize(), s.hidden())
                .peepholes(s.peepholes() && s.cell() == RecurrentConfig.CellType.LSTM);
        long in = task.inputSize();
        long out = task.outputSize();
        long h = s.hidden();
        long params = rc.parameterCount() + out * (h + 1);
        long batch = s.algorithm().online() ? 1 : s.batch();
        double data = (double) task.storedSteps() * (in + out + 1);
        double activations = (double) batch * task.maxSteps() * (3.0 * rc.gates() * h + 6 * h + in + 2 * out);
        MemoryBudget.require(String.format(Locale.ROOT, "task run %s (%d hidden units)", task.name(), s.hidden()),
                4.0 * (8.0 * params + data + activations), String.format(Locale.ROOT, "%,d weights, %,d stored steps of"
                        + " %d inputs and %d targets, sequences of up to %,d steps", params, task.storedSteps(), in, out,
                        task.maxSteps()));
    }

    /**
     * Runs the trials and returns the JSON summary; {@code say} prints human-readable lines.
     */
    static JsonObject run(SequenceTask task, TaskTrainer.Settings base, int trials, Consumer<String> say) {
        RtrlNetwork.Spec spec = new RtrlNetwork.Spec(base.cell(), task.inputSize(), base.hidden(), 1,
                base.peepholes() && base.cell() == RecurrentConfig.CellType.LSTM, false,
                task.outputSize());
        say.accept(String.format(Locale.ROOT, "%s (%s): %s%n", task.name(), task.source(), task.criterion()));
        say.accept(String.format(Locale.ROOT, "  %s %s, %d units%s, %d weights, %s; %d trial(s)%n",
                base.algorithm().name().toLowerCase(Locale.ROOT), base.cell().name().toLowerCase(Locale.ROOT), base.hidden(),
                base.cell() != RecurrentConfig.CellType.LSTM || (base.forgetBias() == null && base.inputBias() == null) ? ""
                        : " (forget-gate bias " + base.forgetBias() + ", input-gate bias " + base.inputBias() + ")",
                spec.parameterCount(), describe(base, spec), trials));
        JsonArray runs = new JsonArray();
        int passed = 0;
        long[] sequences = new long[trials];
        double[] seconds = new double[trials];
        int[] generalisation = new int[trials];
        for (int k = 0; k < trials; k++) {
            TaskTrainer.Settings s = base.nextTrial(base.seed() + k);
            long seed = s.seed();
            double[] lastShown = {0};
            TaskTrainer.Result r = new TaskTrainer(task, s).run((seen, errors, secs) -> {
                if (secs - lastShown[0] >= 5) { // a line every 5 s at most on long runs
                    lastShown[0] = secs;
                    say.accept(String.format(Locale.ROOT, "    seed %d: %,d sequences, %d test sequences wrong, %.0f s%n",
                            seed, seen, errors, secs));
                }
            });
            passed += r.pass() ? 1 : 0;
            sequences[k] = r.pass() ? r.sequences() : -1; // only passing trials count towards the median
            seconds[k] = r.seconds();
            generalisation[k] = r.generalisation();
            say.accept(String.format(Locale.ROOT, "  seed %d: %s after %,d sequences, %.1f s%s%n", seed, r.pass() ? "pass" : "FAIL",
                    r.sequences(), r.seconds(), r.generalisation() >= 0 ? ", all strings right up to n = " + r.generalisation() : ""));
            JsonObject o = new JsonObject();
            o.addProperty("seed", seed);
            o.addProperty("pass", r.pass());
            o.addProperty("sequences", r.sequences());
            o.addProperty("test_errors", r.testErrors());
            o.addProperty("test_size", r.testSize());
            o.addProperty("seconds", r.seconds());
            if (r.generalisation() >= 0) {
                o.addProperty("generalises_to_n", r.generalisation());
            }
            runs.add(o);
        }
        long[] passedSequences = new long[passed];
        int n = 0;
        for (int k = 0; k < trials; k++) {
            if (sequences[k] >= 0) {
                passedSequences[n++] = sequences[k];
            }
        }
        Arrays.sort(passedSequences);
        double[] sortedSeconds = seconds.clone();
        Arrays.sort(sortedSeconds);
        long medianSequences = passed == 0 ? -1 : passedSequences[(passed - 1) / 2];
        double medianSeconds = sortedSeconds[(trials - 1) / 2];
        say.accept(String.format(Locale.ROOT, "%s: %d/%d trials pass; median %s sequences to success; median wall time %.1f s%n",
                task.name(), passed, trials, passed == 0 ? "-" : String.format(Locale.ROOT, "%,d", medianSequences), medianSeconds));
        JsonObject out = new JsonObject();
        out.addProperty("task", task.name());
        out.addProperty("source", task.source());
        out.addProperty("criterion", task.criterion());
        out.addProperty("algorithm", base.algorithm().name().toLowerCase(Locale.ROOT));
        out.addProperty("cell", base.cell().name().toLowerCase(Locale.ROOT));
        out.addProperty("hidden", base.hidden());
        out.addProperty("weights", spec.parameterCount());
        out.addProperty("passed", passed);
        out.addProperty("trials", trials);
        out.addProperty("median_sequences_to_success", medianSequences);
        out.addProperty("median_seconds", medianSeconds);
        if (task instanceof CountingLanguage) {
            int[] g = generalisation.clone();
            Arrays.sort(g);
            out.addProperty("median_generalises_to_n", g[(trials - 1) / 2]);
        }
        out.add("runs", runs);
        return out;
    }

    private static boolean cosine(String schedule) {
        return switch (schedule) {
            case "cosine" -> true;
            case "constant" -> false;
            default -> throw new UsageException("--schedule must be constant or cosine, got '" + schedule + "'");
        };
    }

    private static String describe(TaskTrainer.Settings s, RtrlNetwork.Spec spec) {
        return switch (s.algorithm()) {
            case BPTT -> String.format(Locale.ROOT, "Adam lr %g%s, batch %d", s.lr(), s.cosine() ? " cosine" : "", s.batch());
            case TBPTT -> String.format(Locale.ROOT, "Adam lr %g, batch %d, window %d", s.lr(), s.batch(), s.window());
            case RTRL -> String.format(Locale.ROOT, "online Adam lr %g, %,d multiply-adds per step", s.lr(), spec.multiplyAddsPerStep());
            case EKF, DEKF -> String.format(Locale.ROOT, "derivatives by %s, P0 %g, R %g->%g, Q %g->%g over %,d updates",
                    s.truncatedDerivatives() ? "truncated BPTT (" + s.window() + " steps)" : "RTRL",
                    s.ekf().initialCovariance(), s.ekf().measurementStart(), s.ekf().measurementEnd(), s.ekf().processStart(),
                    s.ekf().processEnd(), s.ekf().annealUpdates());
        };
    }

    static TaskTrainer.Settings settings(String name, TrainingAlgorithm algorithm, RecurrentConfig.CellType cell, Integer hidden,
                                         Float forgetBias, Float inputBias, boolean peepholes, Double lr, String schedule, Integer batch, int window, double clip, EkfConfig ekf, boolean truncatedDerivatives, Long maxSequences,
                                         double maxSeconds, Integer evalEvery, long seed) {
        Defaults d = defaults(name);
        return TaskTrainer.Settings.builder().algorithm(algorithm).cell(cell).hidden(hidden != null ? hidden : d.hidden())
                .forgetBias(forgetBias != null ? (Float) (forgetBias.isNaN() ? null : forgetBias) : d.forgetBias())
                .inputBias(inputBias != null ? (Float) (inputBias.isNaN() ? null : inputBias) : d.inputBias())
                .peepholes(peepholes).learningRate(lr != null ? lr : d.lr())
                // a task's default cosine schedule is for BPTT; the other algorithms run at a constant rate
                .cosine(schedule == null ? d.cosine() && algorithm == TrainingAlgorithm.BPTT : cosine(schedule))
                .batch(batch != null ? batch : d.batch()).window(window).clip(clip).ekf(ekf)
                .truncatedDerivatives(truncatedDerivatives).maxSequences(maxSequences != null ? maxSequences : d.maxSequences())
                .maxSeconds(maxSeconds)
                .evalEvery(evalEvery != null ? evalEvery : (algorithm.online() ? Math.max(1, d.evalEvery() / 4) : d.evalEvery()))
                .seed(seed).build();
    }
}
