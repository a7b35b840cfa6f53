package io.rnn4j.cli;

import io.rnn4j.cli.CliRunner.Run;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every numeric option of every command declares its range ({@link Ranges}), and every value
 * outside it is refused at parse time with one line naming the option, plus a pointer to
 * {@code --help}: no usage dump, no run on a nonsense value.
 */
class OptionRangesTest {

    private static final Set<Class<?>> NUMERIC = Set.of(int.class, Integer.class, long.class, Long.class, float.class,
            Float.class, double.class, Double.class);

    /** Every (sub)command that runs something, as the words that name it. */
    private static List<List<String>> commands(CommandLine cl, List<String> prefix) {
        List<List<String>> out = new ArrayList<>();
        out.add(prefix);
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> words = new ArrayList<>(prefix);
                words.add(name);
                out.addAll(commands(sub, words));
            }
        });
        return out;
    }

    @Test
    void everyNumericOptionHasARangeAndRefusesValuesOutsideIt() throws Exception {
        CommandLine root = new CommandLine(new Main());
        int probed = 0;
        List<String> missing = new ArrayList<>();
        for (List<String> words : commands(root, List.of())) {
            CommandLine cl = root;
            for (String w : words) {
                cl = cl.getSubcommands().get(w);
            }
            CommandSpec spec = cl.getCommandSpec();
            for (OptionSpec o : spec.options()) {
                if (!NUMERIC.contains(o.type())) {
                    continue;
                }
                CommandLine.ITypeConverter<?>[] converters = o.converters();
                if (converters.length != 1 || !(converters[0] instanceof Ranges.Ranged)) {
                    missing.add(String.join(" ", words) + " " + o.longestName());
                    continue;
                }
                for (String bad : ((Ranges.Ranged<?>) converters[0]).refusedExamples()) {
                    List<String> args = new ArrayList<>(words);
                    args.add(o.longestName() + "=" + bad);
                    Run r = CliRunner.run(args.toArray(new String[0]));
                    String what = String.join(" ", args);
                    assertEquals(2, r.code(), what + ": " + r.err());
                    List<String> lines = r.err().strip().lines().toList();
                    assertEquals(2, lines.size(), what + ": " + r.err());
                    assertTrue(lines.get(0).startsWith("rnn4j: error: Invalid value for option '" + o.longestName() + "'"),
                            what + ": " + r.err());
                    assertTrue(lines.get(1).contains("--help"), what + ": " + r.err());
                    probed++;
                }
            }
        }
        assertTrue(missing.isEmpty(), "numeric options without a declared range: " + missing);
        assertTrue(probed > 150, "probed " + probed + " values");
    }
}
