package io.rnn4j;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Dependencies point one way: kernel ← tensor ← nn/loss ← optim ← train ← data ← io. A plain scan
 * of the import lines of the main sources keeps it so.
 */
class ArchitectureRulesTest {

    /** Packages each package may import from (besides itself and the JDK). */
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "kernel", Set.of(),
            "tensor", Set.of("kernel"),
            "nn", Set.of("kernel", "tensor", "loss"),
            "loss", Set.of("kernel", "tensor", "nn"),
            "optim", Set.of("kernel", "tensor", "nn"),
            "train", Set.of("kernel", "tensor", "nn", "loss", "optim"),
            "data", Set.of("kernel", "tensor", "nn", "loss", "train"),
            "io", Set.of("kernel", "tensor", "nn", "loss", "optim", "train", "data", "reservoir", "root"),
            "reservoir", Set.of(),
            "tasks", Set.of("kernel", "tensor", "nn", "loss", "optim", "train", "data", "reservoir", "io"));

    @Test
    void dependenciesPointOneWay() throws IOException {
        Path root = Path.of("src/main/java/io/rnn4j");
        Pattern imp = Pattern.compile("^import (?:static )?io\\.rnn4j\\.(\\w+)", Pattern.MULTILINE);
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                Path rel = root.relativize(f);
                if (rel.getNameCount() < 2) {
                    continue;
                }
                String pkg = rel.getName(0).toString();
                Matcher m = imp.matcher(Files.readString(f));
                while (m.find()) {
                    // io.rnn4j.Version and other top-level classes count as "root".
                    String target = Character.isUpperCase(m.group(1).charAt(0)) ? "root" : m.group(1);
                    if (!target.equals(pkg) && !ALLOWED.getOrDefault(pkg, Set.of()).contains(target)) {
                        violations.add(rel + " imports io.rnn4j." + m.group(1));
                    }
                }
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
}
