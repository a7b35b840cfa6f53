package io.rnn4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import io.rnn4j.io.Checkpoint;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How {@code train --resume} rebuilds the run: a checkpoint stores the options of the run that
 * wrote it; the resumed command takes those, overridden by what the user types now. Options that
 * shape the model, the data stream or the update rule must not change (the resumed run would not
 * be the same run); the stopping rule, threads, output paths and checkpoint interval may.
 */
final class ResumedTraining {

    /** Options a resumed run may change. */
    static final Set<String> MAY_CHANGE = Set.of("--data", "--epochs", "--max-steps", "--max-time", "--threads", "--out",
            "--checkpoint", "--checkpoint-every", "--resume", "--json");

    private ResumedTraining() {
    }

    /**
     * The options of a parsed command as arguments ({@code --name value}), without help and
     * --resume: a list option once per element ({@code --data a --data b}), a flag by its name
     * alone when set and not at all when not.
     */
    static List<String> arguments(CommandSpec spec) {
        List<String> args = new ArrayList<>();
        for (OptionSpec o : spec.options()) {
            Object value = o.getValue();
            // --debug is inherited from the top command and says nothing about the run
            if (o.usageHelp() || o.versionHelp() || o.longestName().equals("--resume") || o.longestName().equals("--debug")
                    || value == null) {
                continue;
            }
            if (value instanceof Boolean flag && o.arity().max() == 0) {
                if (flag) {
                    args.add(o.longestName());
                }
            } else if (value instanceof java.util.Collection<?> values) {
                for (Object v : values) {
                    args.add(o.longestName());
                    args.add(v.toString());
                }
            } else {
                args.add(o.longestName());
                args.add(value.toString());
            }
        }
        return args;
    }

    /** The options the user typed on this command line, as arguments, without --resume. */
    static List<String> typed(CommandLine.ParseResult parsed) {
        List<String> args = new ArrayList<>();
        for (OptionSpec o : parsed.matchedOptions()) {
            if (o.longestName().equals("--resume") || o.longestName().equals("--debug")) {
                continue;
            }
            if (o.arity().max() == 0) {
                args.add(o.longestName());
                continue;
            }
            for (String v : o.originalStringValues()) {
                args.add(o.longestName());
                args.add(v);
            }
        }
        return args;
    }

    static JsonArray toJson(List<String> args) {
        JsonArray a = new JsonArray();
        args.forEach(a::add);
        return a;
    }

    /**
     * The command to run: the checkpoint's options, then the options the user typed now on top.
     * Refuses a change to an option outside {@link #MAY_CHANGE}, naming it.
     */
    static TrainCommand merge(Checkpoint.Loaded checkpoint, List<String> userArgs, String checkpointName) {
        return merge(checkpoint, userArgs, checkpointName, new TrainCommand(), MAY_CHANGE);
    }

    /**
     * As {@link #merge(Checkpoint.Loaded, List, String)} for any command: {@code fresh} receives the
     * merged options, and only those in {@code mayChange} may differ from the checkpoint's.
     */
    static <C> C merge(Checkpoint.Loaded checkpoint, List<String> userArgs, String checkpointName, C fresh,
                       Set<String> mayChange) {
        JsonElement stored = checkpoint.manifest().get("options");
        if (stored == null || !stored.isJsonArray()) {
            throw new IllegalArgumentException(checkpointName + ": the checkpoint does not record the options of its run");
        }
        List<String> storedArgs = new ArrayList<>();
        stored.getAsJsonArray().forEach(e -> storedArgs.add(e.getAsString()));
        List<String> merged = new ArrayList<>(storedArgs);
        merged.addAll(userArgs);
        CommandLine cl = new CommandLine(fresh).setOverwrittenOptionsAllowed(true);
        cl.parseArgs(merged.toArray(String[]::new));
        Map<String, String> before = pairs(storedArgs);
        Map<String, String> after = pairs(arguments(cl.getCommandSpec()));
        for (Map.Entry<String, String> e : before.entrySet()) {
            String now = after.get(e.getKey());
            if (!mayChange.contains(e.getKey()) && !e.getValue().equals(now)) {
                throw new UsageException(e.getKey() + " was " + e.getValue() + " in the run that wrote " + checkpointName
                        + ", now " + now + "; a resumed run keeps its model, data and update rule (only "
                        + String.join(", ", mayChange.stream().filter(s -> !s.equals("--resume")).sorted().toList())
                        + " may change)");
            }
        }
        return fresh;
    }

    /** Option → value as {@link #arguments} writes them: a flag is "true", a repeated option its values joined by ",". */
    private static Map<String, String> pairs(List<String> args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); ) {
            String name = args.get(i);
            boolean flag = i + 1 >= args.size() || args.get(i + 1).startsWith("--");
            String value = flag ? "true" : args.get(i + 1);
            m.merge(name, value, (a, b) -> a + "," + b);
            i += flag ? 1 : 2;
        }
        return m;
    }
}
