package io.rnn4j.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.tasks.AdditionTask;
import io.rnn4j.tasks.MackeyGlassTask;
import io.rnn4j.tasks.SequenceTask;
import io.rnn4j.tasks.TaskTrainer;
import io.rnn4j.tasks.WaveformGenerationTask;
import io.rnn4j.train.TrainingAlgorithm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code rnn4j task run NAME}: the benchmark tasks that reproduce published results, each with its
 * pass criterion, the work done and the wall time.
 */
@Command(name = "task", mixinStandardHelpOptions = true,
        description = "Run a benchmark task from the literature and check it against the published criterion.",
        subcommands = {TaskCommand.Run.class, TaskCommand.ListTasks.class})
final class TaskCommand implements Runnable {

    /** name, paper, criterion */
    static final String[][] TASKS = {
            {"mackey-glass", "Jaeger & Haas 2004", "echo state network, 1000 units: NRMSE of the 84-step free-run prediction <= 1e-4"},
            {"waveform", "Koutnik et al. 2014, sec. 4.1", "320-step waveform from no input: Clockwork RNN NMSE at least 2x lower than "
                    + "a parameter-matched Elman RNN and LSTM (medians over trials)"},
            {"reber", "Hochreiter & Schmidhuber 1997, T.1", "embedded Reber grammar: every next-symbol prediction right on 256 train + 256 test strings"},
            {"adding", "Hochreiter & Schmidhuber 1997, T.7", "adding problem, T=100 (--length): at most 1 of 2560 test sequences with |error| >= 0.04"},
            {"temporal-order", "Hochreiter & Schmidhuber 1997, T.9", "task 6a: at most 1 of 2560 test sequences with an output error >= 0.3"},
            {"long-lag", "Hochreiter & Schmidhuber 1997, T.2", "task 2a, p=100 (--lag): every next symbol of both sequences right, the last within 0.25"},
            {"anbn", "Gers & Schmidhuber 2001", "a^n b^n next-symbol prediction trained on n <= 10: the largest n with all strings 1..n right"},
            {"anbncn", "Gers & Schmidhuber 2001; Perez-Ortiz 2003", "a^n b^n c^n, as anbn"},
            {"addition", "Sutskever et al. 2014; Keras addition_rnn", "\"535+61\" -> \"596\" for numbers of 1-3 digits, "
                    + "encoder-decoder with attention: >= 99% exact match on 10,000 held-out questions"},
    };

    @Override
    public void run() {
        new ListTasks().run();
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the tasks.")
    static final class ListTasks implements Runnable {
        @Override
        public void run() {
            for (String[] t : TASKS) {
                System.out.printf(Locale.ROOT, "%-14s %-42s %s%n", t[0], t[1], t[2]);
            }
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run one task and report pass or fail.")
    static final class Run implements Runnable {

        @Mixin
        ThreadsOption threads;

        @Parameters(index = "0", paramLabel = "NAME", description = "Task: mackey-glass or waveform (see: rnn4j task list).")
        String name;

        @Option(names = "--cell", description = "waveform: rnn, lstm, clockwork or all (default all); the sequence tasks:"
                + " rnn, lstm or gru (default lstm).")
        String cell;

        @Option(names = "--algorithm", defaultValue = "bptt",
                description = "Sequence tasks: bptt, tbptt, rtrl, ekf or dekf (default: ${DEFAULT-VALUE}).")
        String algorithm;

        @Option(names = "--hidden", converter = Ranges.Positive.class, description = "Sequence tasks: hidden units (default per task, see the README).")
        Integer hidden;

        @Option(names = "--forget-bias", converter = Ranges.FiniteOrNan.class, description = "Sequence tasks, LSTM: initial forget-gate bias; nan for PyTorch's 0"
                + " (default per task).")
        Float forgetBias;

        @Option(names = "--input-bias", converter = Ranges.FiniteOrNan.class, description = "Sequence tasks, LSTM: initial input-gate bias; nan for PyTorch's init"
                + " (default per task).")
        Float inputBias;

        @Option(names = "--peepholes", description = "Sequence tasks, LSTM: add peephole connections.")
        boolean peepholes;

        @Option(names = "--lr", converter = Ranges.PositiveReal.class, description = "Sequence tasks: Adam learning rate for bptt, tbptt and rtrl (default per task).")
        Double lr;

        @Option(names = "--schedule", description = "Sequence tasks: constant, or cosine (BPTT only: annealed to lr/20 over"
                + " the run's updates, --max-sequences / --batch, as train's cosine anneals over its own) (default per task).")
        String schedule;

        @Option(names = "--batch", converter = Ranges.Positive.class, description = "Sequence tasks: sequences per update for bptt and tbptt (default per task).")
        Integer batch;

        @Option(names = "--window", converter = Ranges.Positive.class, defaultValue = "20", description = "tbptt, and ekf/dekf with --ekf-derivatives tbptt:"
                + " steps per truncated window (default: ${DEFAULT-VALUE}).")
        int window;

        @Option(names = "--ekf-derivatives", defaultValue = "rtrl", description = "ekf, dekf: output derivatives by rtrl (exact,"
                + " O(n^4) per step) or tbptt (back-propagated --window steps) (default: ${DEFAULT-VALUE}).")
        String ekfDerivatives;

        @Option(names = "--clip", converter = Ranges.NonNegativeReal.class, defaultValue = "1.0", description = "Gradient-norm clip, 0 for none (default: ${DEFAULT-VALUE}).")
        double clip;

        @Option(names = "--max-sequences", converter = Ranges.PositiveLong.class, description = "Training-sequence budget per trial (default per task).")
        Long maxSequences;

        @Option(names = "--max-time", defaultValue = "5m", description = "Wall-time budget per trial (default: ${DEFAULT-VALUE}).")
        String maxTime;

        @Option(names = "--eval-every", converter = Ranges.Positive.class, description = "Training sequences between test-set checks (default per task).")
        Integer evalEvery;

        @Option(names = "--length", converter = Ranges.Positive.class, defaultValue = "100", description = "adding: minimal sequence length T (default: ${DEFAULT-VALUE}).")
        int length;

        @Option(names = "--lag", converter = Ranges.Positive.class, defaultValue = "100", description = "long-lag: time lag p (default: ${DEFAULT-VALUE}).")
        int lag;

        @Option(names = "--max-n", converter = Ranges.Positive.class, defaultValue = "10", description = "anbn, anbncn: largest n trained on (default: ${DEFAULT-VALUE}).")
        int maxN;

        @Mixin
        EkfOptions ekfOptions;

        @Option(names = "--trials", converter = Ranges.Positive.class, defaultValue = "3", description = "Independent runs with seeds seed, seed+1, ... (default: ${DEFAULT-VALUE}).")
        int trials;

        @Option(names = "--seed", converter = Ranges.AnyLong.class, defaultValue = "1", description = "First seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--iterations", converter = Ranges.Positive.class, defaultValue = "10000", description = "waveform: training updates per trial (default: ${DEFAULT-VALUE}).")
        int iterations;

        @Option(names = "--units", converter = Ranges.Positive.class, defaultValue = "1000", description = "mackey-glass: reservoir units (default: ${DEFAULT-VALUE}).")
        int units;

        @Option(names = "--json", description = "Print the results as JSON.")
        boolean json;

        @Override
        public void run() {
            threads.apply();
            if (trials < 1) {
                throw new UsageException("--trials must be >= 1, got " + trials);
            }
            JsonObject result = SequenceTaskRun.handles(name) ? sequenceTask() : switch (name) {
                case "mackey-glass" -> mackeyGlass();
                case "waveform" -> waveform();
                case "addition" -> addition();
                default -> throw new UsageException("no task '" + name + "'; the tasks are: "
                        + String.join(", ", Arrays.stream(TASKS).map(t -> t[0]).toList()));
            };
            if (json) {
                System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(result));
            }
            requireCriterion(result);
        }

        /**
         * Exit code {@value ExitCodes#NOT_MET} unless the run met its task's criterion: every trial
         * passed, and for the waveform comparison, the Clockwork RNN's advantage reached 2x. (A
         * waveform run of one cell reports its error and has no criterion.)
         */
        private void requireCriterion(JsonObject result) {
            if (result.has("passed") && result.has("trials")) {
                int passed = result.get("passed").getAsInt();
                int total = result.get("trials").getAsInt();
                if (passed < total) {
                    throw new RunFailedException(name + ": " + (total - passed) + " of " + total
                            + " trial(s) did not meet the task's criterion");
                }
            }
            if (result.has("pass") && !result.get("pass").getAsBoolean()) {
                throw new RunFailedException(name + ": the criterion was not met");
            }
        }

        private void say(String format, Object... args) {
            if (!json) {
                System.out.printf(Locale.ROOT, format, args);
            }
        }

        private JsonObject sequenceTask() {
            TrainingAlgorithm algo = UsageException.of(() -> TrainingAlgorithm.parse(algorithm));
            RecurrentConfig.CellType type = switch (cell == null ? "lstm" : cell) {
                case "rnn" -> RecurrentConfig.CellType.RNN;
                case "lstm" -> RecurrentConfig.CellType.LSTM;
                case "gru" -> RecurrentConfig.CellType.GRU;
                default -> throw new UsageException("--cell for " + name + " must be rnn, lstm or gru, got '" + cell + "'");
            };
            double seconds = Durations.seconds(maxTime);
            boolean truncatedDerivatives = switch (ekfDerivatives) {
                case "rtrl" -> false;
                case "tbptt" -> true;
                default -> throw new UsageException("--ekf-derivatives must be rtrl or tbptt, got '" + ekfDerivatives + "'");
            };
            TaskTrainer.Settings settings = SequenceTaskRun.settings(name, algo, type, hidden, forgetBias, inputBias, peepholes,
                    lr, schedule, batch, window, clip, ekfOptions.config(), truncatedDerivatives, maxSequences, seconds, evalEvery, seed);
            SequenceTask task = SequenceTaskRun.task(name, length, lag, maxN);
            SequenceTaskRun.requireMemory(task, settings);
            return SequenceTaskRun.run(task, settings, trials, line -> say("%s", line));
        }

        private JsonObject addition() {
            double seconds = Durations.seconds(maxTime);
            say("addition: LSTM encoder-decoder with general attention, %d held-out questions, up to %s per trial, %d trial(s)%n",
                    AdditionTask.TEST_QUESTIONS, maxTime, trials);
            JsonArray runs = new JsonArray();
            int passed = 0;
            for (int k = 0; k < trials; k++) {
                AdditionTask.Settings defaults = AdditionTask.Settings.defaults(seed + k);
                AdditionTask.Settings settings = new AdditionTask.Settings(batch == null ? defaults.batch() : batch,
                        lr == null ? defaults.learningRate() : lr, seconds,
                        evalEvery == null ? defaults.checkEvery() : evalEvery, seed + k);
                AdditionTask.Result r = AdditionTask.run(settings, line -> say("%s%n", line));
                passed += r.passed() ? 1 : 0;
                for (String sample : r.samples()) {
                    say("    %s%n", sample);
                }
                say("  seed %d: test exact match %.2f%% (%s), %d updates, %d questions, %.1f s%n", seed + k,
                        100 * r.testAccuracy(), r.passed() ? "pass" : "FAIL", r.updates(), r.questions(), r.seconds());
                JsonObject o = new JsonObject();
                o.addProperty("seed", seed + k);
                o.addProperty("test_exact_match", r.testAccuracy());
                o.addProperty("validation_exact_match", r.validationAccuracy());
                o.addProperty("pass", r.passed());
                o.addProperty("updates", r.updates());
                o.addProperty("questions", r.questions());
                o.addProperty("seconds", r.seconds());
                runs.add(o);
            }
            say("addition: %d/%d trials reach 99%% exact match on the held-out questions%n", passed, trials);
            JsonObject out = new JsonObject();
            out.addProperty("task", "addition");
            out.addProperty("passed", passed);
            out.addProperty("trials", trials);
            out.add("runs", runs);
            return out;
        }

        private JsonObject mackeyGlass() {
            // The dense reservoir (N² doubles), the ridge solve's matrices and the harvested states.
            MemoryBudget.require("task run mackey-glass --units " + units, 8.0 * (2.0 * units * units + 7000.0 * units),
                    "a dense " + units + " x " + units + " reservoir in double precision and the ridge regression over its states");
            say("mackey-glass: ESN %d units, 84-step free runs from 100 starts, %d trial(s)%n", units, trials);
            JsonArray runs = new JsonArray();
            double[] scores = new double[trials];
            int passed = 0;
            for (int k = 0; k < trials; k++) {
                MackeyGlassTask task = MackeyGlassTask.standard(units, seed + k);
                MackeyGlassTask.Result r = task.run(null);
                scores[k] = r.nrmse();
                boolean pass = r.nrmse() <= 1e-4;
                passed += pass ? 1 : 0;
                say("  seed %d: NRMSE84 %.2e (log10 %.2f)  %s  train %.1f s, total %.1f s%n", seed + k, r.nrmse(),
                        r.log10Nrmse(), pass ? "pass" : "FAIL", r.trainSeconds(), r.totalSeconds());
                JsonObject o = new JsonObject();
                o.addProperty("seed", seed + k);
                o.addProperty("nrmse84", r.nrmse());
                o.addProperty("pass", pass);
                o.addProperty("train_seconds", r.trainSeconds());
                o.addProperty("seconds", r.totalSeconds());
                runs.add(o);
            }
            double median = median(scores);
            say("mackey-glass: %d/%d trials pass (NRMSE84 <= 1e-4); median NRMSE84 %.2e (log10 %.2f); Jaeger & Haas 2004: log10 -4.2%n",
                    passed, trials, median, Math.log10(median));
            JsonObject out = new JsonObject();
            out.addProperty("task", "mackey-glass");
            out.addProperty("units", units);
            out.addProperty("passed", passed);
            out.addProperty("trials", trials);
            out.addProperty("median_nrmse84", median);
            out.add("runs", runs);
            return out;
        }

        private JsonObject waveform() {
            List<RecurrentConfig.CellType> cells = switch (cell == null ? "all" : cell) {
                case "all" -> List.of(RecurrentConfig.CellType.RNN, RecurrentConfig.CellType.LSTM, RecurrentConfig.CellType.CLOCKWORK);
                case "rnn" -> List.of(RecurrentConfig.CellType.RNN);
                case "lstm" -> List.of(RecurrentConfig.CellType.LSTM);
                case "clockwork" -> List.of(RecurrentConfig.CellType.CLOCKWORK);
                default -> throw new UsageException("--cell must be rnn, lstm, clockwork or all, got '" + cell + "'");
            };
            say("waveform: %d steps from no input, %d updates per trial, %d trial(s) per model%n", WaveformGenerationTask.LENGTH,
                    iterations, trials);
            JsonObject out = new JsonObject();
            out.addProperty("task", "waveform");
            JsonArray models = new JsonArray();
            List<Double> medians = new ArrayList<>();
            for (RecurrentConfig.CellType c : cells) {
                double[] nmse = new double[trials];
                long weights = 0;
                double seconds = 0;
                for (int k = 0; k < trials; k++) {
                    WaveformGenerationTask.Result r = new WaveformGenerationTask(c, iterations, lr(c), seed + k).run();
                    nmse[k] = r.nmse();
                    weights = r.weights();
                    seconds += r.seconds();
                }
                double median = median(nmse);
                medians.add(median);
                say("  %-9s %4d weights  NMSE median %.3g  (trials %s)  %.1f s%n", c.name().toLowerCase(), weights, median,
                        Arrays.toString(Arrays.stream(nmse).mapToObj(v -> String.format(Locale.ROOT, "%.3g", v)).toArray()), seconds);
                JsonObject o = new JsonObject();
                o.addProperty("cell", c.name().toLowerCase());
                o.addProperty("weights", weights);
                o.addProperty("median_nmse", median);
                JsonArray all = new JsonArray();
                Arrays.stream(nmse).forEach(all::add);
                o.add("nmse", all);
                o.addProperty("seconds", seconds);
                models.add(o);
            }
            out.add("models", models);
            if (cells.size() == 3) {
                double ratio = Math.min(medians.get(0), medians.get(1)) / medians.get(2);
                boolean pass = ratio >= 2;
                say("waveform: Clockwork RNN NMSE is %.1fx lower than the better of RNN and LSTM: %s (criterion >= 2x)%n",
                        ratio, pass ? "pass" : "FAIL");
                out.addProperty("clockwork_advantage", ratio);
                out.addProperty("pass", pass);
            }
            return out;
        }

        /** Adam learning rates, the best of 0.0003, 0.001, 0.003 (and 0.01, 0.03) per model in a sweep (docs/results.md). */
        private static double lr(RecurrentConfig.CellType c) {
            return switch (c) {
                case RNN, LSTM -> 0.001;
                default -> 0.01;
            };
        }

        private static double median(double[] v) {
            double[] s = v.clone();
            Arrays.sort(s);
            return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
        }
    }
}
