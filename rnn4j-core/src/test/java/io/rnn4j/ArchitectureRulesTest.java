package io.rnn4j;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dependencies point one way, sub-packages included:
 * kernel ← tensor ← loss ← nn ← nn.recurrent ← optim ← train.* ← train ← data ← io ← tasks.
 * The scan reads every main source file of the core, takes the packages it names in import lines
 * and in fully qualified code (comments and string literals stripped), and checks the graph of
 * packages twice: against the allowed table below, and for cycles of any length.
 */
class ArchitectureRulesTest {

    static final Path ROOT = Path.of("src/main/java");

    /** Packages each package may use (besides itself and the JDK), by name below {@code io.rnn4j}. */
    static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("", Set.of()),
            Map.entry("kernel", Set.of()),
            Map.entry("tensor", Set.of("kernel")),
            Map.entry("loss", Set.of("kernel", "tensor")),
            Map.entry("nn", Set.of("kernel", "tensor", "loss")),
            Map.entry("nn.recurrent", Set.of("kernel", "tensor", "loss", "nn")),
            Map.entry("nn.attention", Set.of("kernel", "tensor", "loss", "nn", "nn.recurrent")),
            Map.entry("nn.conv", Set.of("kernel", "tensor", "nn")),
            Map.entry("nn.crf", Set.of("kernel", "tensor", "loss", "nn")),
            Map.entry("eval", Set.of()),
            Map.entry("optim", Set.of("kernel", "tensor", "nn")),
            Map.entry("reservoir", Set.of()),
            Map.entry("train.ekf", Set.of("kernel", "tensor", "loss", "nn")),
            Map.entry("train.rtrl", Set.of("kernel", "tensor", "loss", "nn", "nn.recurrent")),
            Map.entry("train", Set.of("kernel", "tensor", "loss", "nn", "nn.recurrent", "optim",
                    "train.ekf", "train.rtrl")),
            Map.entry("data", Set.of("kernel", "tensor", "loss", "nn", "train")),
            Map.entry("data.image", Set.of("kernel", "tensor", "loss", "nn", "nn.recurrent", "nn.conv", "train", "data")),
            Map.entry("seq2seq", Set.of("kernel", "tensor", "loss", "nn", "nn.recurrent", "nn.attention", "optim", "train",
                    "data")),
            Map.entry("caption", Set.of("kernel", "tensor", "loss", "nn", "nn.recurrent", "nn.attention", "nn.conv", "optim",
                    "train", "data", "data.image", "seq2seq", "eval")),
            Map.entry("text", Set.of("kernel", "tensor", "loss", "nn", "nn.recurrent", "nn.conv", "nn.crf", "optim", "train",
                    "data", "eval")),
            Map.entry("word2vec", Set.of("kernel", "text")),
            Map.entry("speech", Set.of("kernel", "tensor", "loss", "nn", "nn.recurrent", "nn.conv", "train", "data", "eval")),
            Map.entry("forecast", Set.of("kernel", "tensor", "loss", "nn", "nn.recurrent", "nn.attention", "nn.conv", "optim",
                    "train", "data", "eval", "reservoir")),
            Map.entry("video", Set.of("kernel", "tensor", "loss", "nn", "nn.recurrent", "nn.attention", "nn.conv", "train",
                    "data.image")),
            Map.entry("io", Set.of("", "kernel", "tensor", "loss", "nn", "nn.recurrent", "nn.attention", "nn.conv", "nn.crf",
                    "optim", "train", "data", "data.image", "reservoir", "seq2seq", "caption", "text", "speech", "forecast",
                    "video")),
            Map.entry("tasks", Set.of("kernel", "tensor", "loss", "nn", "nn.recurrent", "nn.attention", "nn.conv", "optim",
                    "train", "train.ekf", "train.rtrl", "data", "data.image", "reservoir", "io", "seq2seq")));

    private static final Pattern PACKAGE = Pattern.compile("^package io\\.rnn4j\\.?([\\w.]*);", Pattern.MULTILINE);
    /** io.rnn4j.a.b.Type: the package is the lower-case segments before the first capitalised one. */
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.rnn4j((?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void everyPackageUsesOnlyWhatTheTableAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : edges().entrySet()) {
            String from = e.getKey();
            Set<String> allowed = ALLOWED.get(from);
            if (allowed == null) {
                violations.add("package io.rnn4j." + from + " is new: add it to ALLOWED with what it may use,"
                        + " and give it a package-info.java");
                continue;
            }
            for (Map.Entry<String, String> to : e.getValue().entrySet()) {
                if (!allowed.contains(to.getKey())) {
                    violations.add(to.getValue() + " uses io.rnn4j." + to.getKey());
                }
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    @Test
    void noCyclesBetweenPackages() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        edges().forEach((from, to) -> graph.put(from, new TreeSet<>(to.keySet())));
        List<List<String>> cycles = stronglyConnected(graph);
        assertTrue(cycles.isEmpty(), "package cycles: " + cycles);
    }

    @Test
    void theCycleFinderFindsACycle() {
        Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
        assertEquals(List.of(List.of("a", "b", "c")), stronglyConnected(graph));
    }

    @Test
    void everyPackageSaysWhatItIsFor() throws IOException {
        List<String> missing = new ArrayList<>();
        for (String pkg : edges().keySet()) {
            Path dir = ROOT.resolve(("io.rnn4j" + (pkg.isEmpty() ? "" : "." + pkg)).replace('.', '/'));
            if (!pkg.isEmpty() && !Files.exists(dir.resolve("package-info.java"))) {
                missing.add("io.rnn4j." + pkg);
            }
        }
        assertTrue(missing.isEmpty(), "packages without a package-info.java: " + missing);
    }

    /**
     * For each package (the name below io.rnn4j, "" for io.rnn4j itself), the packages it uses,
     * each with the first file that uses it.
     */
    static Map<String, Map<String, String>> edges() throws IOException {
        Map<String, Map<String, String>> edges = new TreeMap<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String text = Files.readString(f);
                Matcher pm = PACKAGE.matcher(text);
                if (!pm.find()) {
                    continue;
                }
                String from = pm.group(1);
                Map<String, String> out = edges.computeIfAbsent(from, k -> new TreeMap<>());
                Matcher m = REFERENCE.matcher(stripCommentsAndStrings(text.substring(pm.end())));
                while (m.find()) {
                    String to = m.group(1).isEmpty() ? "" : m.group(1).substring(1);
                    if (!to.equals(from)) {
                        out.putIfAbsent(to, ROOT.relativize(f).toString());
                    }
                }
            }
        }
        return edges;
    }

    static String stripCommentsAndStrings(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ")
                .replaceAll("//[^\\n]*", " ")
                .replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
    }

    /** The strongly connected components of more than one node (Tarjan), each sorted. */
    static List<List<String>> stronglyConnected(Map<String, Set<String>> graph) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> components = new ArrayList<>();
        for (String v : new TreeSet<>(graph.keySet())) {
            if (!index.containsKey(v)) {
                connect(v, graph, index, low, stack, onStack, components);
            }
        }
        return components;
    }

    private static void connect(String v, Map<String, Set<String>> graph, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                List<List<String>> components) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : graph.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, graph, index, low, stack, onStack, components);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                component.sort(null);
                components.add(component);
            }
        }
    }
}
