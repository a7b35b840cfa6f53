package io.rnn4j.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.reservoir.MackeyGlassTask;
import io.rnn4j.tasks.WaveformGenerationTask;
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
                System.out.printf(Locale.ROOT, "%-14s %-30s %s%n", t[0], t[1], t[2]);
            }
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run one task and report pass or fail.")
    static final class Run implements Runnable {

        @Mixin
        ThreadsOption threads;

        @Parameters(index = "0", paramLabel = "NAME", description = "Task: mackey-glass or waveform (see: rnn4j task list).")
        String name;

        @Option(names = "--cell", description = "waveform: rnn, lstm, clockwork or all (default: ${DEFAULT-VALUE}).", defaultValue = "all")
        String cell;

        @Option(names = "--trials", defaultValue = "3", description = "Independent runs with seeds seed, seed+1, ... (default: ${DEFAULT-VALUE}).")
        int trials;

        @Option(names = "--seed", defaultValue = "1", description = "First seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--iterations", defaultValue = "10000", description = "waveform: training updates per trial (default: ${DEFAULT-VALUE}).")
        int iterations;

        @Option(names = "--units", defaultValue = "1000", description = "mackey-glass: reservoir units (default: ${DEFAULT-VALUE}).")
        int units;

        @Option(names = "--json", description = "Print the results as JSON.")
        boolean json;

        @Override
        public void run() {
            threads.apply();
            if (trials < 1) {
                throw new IllegalArgumentException("--trials must be >= 1, got " + trials);
            }
            JsonObject result = switch (name) {
                case "mackey-glass" -> mackeyGlass();
                case "waveform" -> waveform();
                default -> throw new IllegalArgumentException("no task '" + name + "'; the tasks are: "
                        + String.join(", ", Arrays.stream(TASKS).map(t -> t[0]).toList()));
            };
            if (json) {
                System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(result));
            }
        }

        private void say(String format, Object... args) {
            if (!json) {
                System.out.printf(Locale.ROOT, format, args);
            }
        }

        private JsonObject mackeyGlass() {
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
            List<RecurrentConfig.CellType> cells = switch (cell) {
                case "all" -> List.of(RecurrentConfig.CellType.RNN, RecurrentConfig.CellType.LSTM, RecurrentConfig.CellType.CLOCKWORK);
                case "rnn" -> List.of(RecurrentConfig.CellType.RNN);
                case "lstm" -> List.of(RecurrentConfig.CellType.LSTM);
                case "clockwork" -> List.of(RecurrentConfig.CellType.CLOCKWORK);
                default -> throw new IllegalArgumentException("--cell must be rnn, lstm, clockwork or all, got '" + cell + "'");
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
