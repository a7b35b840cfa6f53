package io.rnn4j.cli;

import io.rnn4j.cli.CliRunner.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every command that reads a file, given each kind of broken one in its place (empty, binary,
 * invalid UTF-8, a directory, a path that does not exist, a named pipe where mkfifo exists, a file
 * it may not read), and
 * every command that writes one,
 * given an output path in a missing directory: a usage or input exit code, one line on stderr
 * (two for a mistyped option), no stack trace, and no hang.
 */
class HostileFilesEveryCommandTest {

    @TempDir
    static Path dir;
    static Path model;
    static Path text;

    @BeforeAll
    static void trainAModel() throws Exception {
        text = dir.resolve("t.txt");
        Files.writeString(text, "the cat sat on the mat, and the dog sat on the log.\n".repeat(40));
        model = dir.resolve("good.rnn4j");
        Run r = CliRunner.run("train", "--data", text.toString(), "--out", model.toString(), "--layers", "1", "--hidden", "8",
                "--embed", "4", "--seq-len", "10", "--batch", "4", "--max-steps", "3");
        assertEquals(0, r.code(), r.err());
    }

    /** The broken files: name → path. */
    private static Map<String, Path> hostileFiles() throws Exception {
        Map<String, Path> files = new LinkedHashMap<>();
        Path empty = dir.resolve("empty.bin");
        Files.write(empty, new byte[0]);
        files.put("empty", empty);
        Path binary = dir.resolve("binary.bin");
        byte[] noise = new byte[4096];
        new SplittableRandom(3).nextBytes(noise);
        Files.write(binary, noise);
        files.put("binary", binary);
        Path invalid = dir.resolve("invalid-utf8.txt");
        byte[] almost = "hello, world\n".repeat(50).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        almost[300] = (byte) 0xc3;
        almost[301] = (byte) 0x28;
        Files.write(invalid, almost);
        files.put("invalid UTF-8", invalid);
        Path folder = dir.resolve("a-folder");
        Files.createDirectories(folder);
        files.put("directory", folder);
        files.put("missing", dir.resolve("no-such-file"));
        Path pipe = dir.resolve("a-pipe");
        if (Files.exists(pipe) || new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor() == 0) {
            files.put("named pipe", pipe); // opening one to read waits for a writer: a reader must refuse it first
        }
        return files;
    }

    /** Commands with IN where the broken file goes; OUT is a fresh output path. */
    private static final List<String> READERS = List.of(
            "info --model IN",
            "sample --model IN --length 5",
            "eval --model IN --data TEXT",
            "eval --model MODEL --data IN",
            "train --data IN --out OUT --max-steps 2",
            "demo --data IN --seconds 1",
            "export onnx --model IN --out OUT",
            "export pytorch --model IN --out OUT",
            "import onnx --in IN --out OUT",
            "translate train --data IN --out OUT --max-steps 2",
            "translate eval --model IN --data TEXT",
            "image train --data IN --out OUT --max-steps 2",
            "image eval --model IN --data TEXT",
            "caption eval --model IN --data TEXT",
            "classify train --data IN --out OUT --max-steps 2",
            "classify eval --model IN --data TEXT",
            "tag train --data IN --out OUT --max-steps 2",
            "tag eval --model IN --data TEXT",
            "word2vec train --data IN --out OUT --epochs 1",
            "word2vec similar --vectors IN cat",
            "speech eval --model IN --data TEXT",
            "forecast train --csv IN --horizon 4 --lookback 8 --out OUT --max-steps 2",
            "forecast eval --model IN --csv TEXT",
            "video train --data IN --out OUT --max-steps 2",
            "video eval --model IN --data TEXT",
            "serve --model IN --port 0");

    /** Commands that write OUT; each is given a path inside a folder that does not exist. */
    private static final List<String> WRITERS = List.of(
            "train --data TEXT --out OUT --max-steps 2 --layers 1 --hidden 8 --embed 4 --seq-len 10 --batch 4",
            "export onnx --model MODEL --out OUT",
            "export pytorch --model MODEL --out OUT",
            "word2vec train --data TEXT --out OUT --epochs 1 --min-count 1 --dim 8");

    @Test
    void everyReaderRefusesEveryBrokenFileInOneLine() throws Exception {
        List<String> failures = new ArrayList<>();
        int runs = 0;
        for (String template : READERS) {
            for (Map.Entry<String, Path> hostile : hostileFiles().entrySet()) {
                Path out = dir.resolve("out-" + runs);
                String[] args = args(template, hostile.getValue(), out);
                check(template + " with a " + hostile.getKey() + " file", args, failures);
                runs++;
            }
        }
        assertTrue(failures.isEmpty(), failures.size() + " of " + runs + " runs:\n" + String.join("\n", failures));
    }

    @Test
    void everyWriterRefusesAnOutputInAMissingFolderInOneLine() throws Exception {
        List<String> failures = new ArrayList<>();
        for (String template : WRITERS) {
            Path out = dir.resolve("missing-folder").resolve("deeper").resolve("out.file");
            check(template + " with --out in a missing folder", args(template, text, out), failures);
            assertTrue(!Files.exists(out.getParent()), "no folder is created for it: " + template);
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static String[] args(String template, Path in, Path out) {
        List<String> args = new ArrayList<>();
        for (String word : template.split(" ")) {
            args.add(switch (word) {
                case "IN" -> in.toString();
                case "OUT" -> out.toString();
                case "TEXT" -> text.toString();
                case "MODEL" -> model.toString();
                default -> word;
            });
        }
        return args.toArray(String[]::new);
    }

    /** Runs one command under a watchdog and records what is wrong with its refusal, if anything. */
    private static void check(String what, String[] args, List<String> failures) throws Exception {
        ExecutorService one = Executors.newSingleThreadExecutor();
        try {
            Future<Run> running = one.submit(() -> CliRunner.run(args));
            Run r;
            try {
                r = running.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                running.cancel(true);
                releasePipeReader();
                failures.add(what + ": still running after 60 s");
                return;
            }
            String err = r.err().strip();
            long lines = err.lines().count();
            boolean mistyped = err.contains("--help' for the options");
            if (r.code() != ExitCodes.USAGE && r.code() != ExitCodes.INPUT) {
                failures.add(what + ": exit " + r.code() + ": " + err);
            } else if (lines != 1 && !(mistyped && lines == 2)) {
                failures.add(what + ": " + lines + " lines on stderr: " + err);
            } else if (!err.startsWith("rnn4j: error: ") || err.contains("\tat ") || err.contains("Exception")) {
                failures.add(what + ": not a clean one-line refusal: " + err);
            }
        } finally {
            one.shutdownNow();
        }
    }

    /** A command stuck opening the named pipe is let go (a writer opens it and closes it: end of file). */
    private static void releasePipeReader() {
        Path pipe = dir.resolve("a-pipe");
        if (Files.exists(pipe)) {
            Thread writer = new Thread(() -> {
                try (var ignored = Files.newOutputStream(pipe)) {
                    // open and close
                } catch (java.io.IOException ignored) {
                    // nothing was waiting
                }
            });
            writer.setDaemon(true);
            writer.start();
        }
    }

    /**
     * An unreadable input, which root cannot make: where this JVM reads a file whose permissions
     * are 000, {@link #main} runs in a child JVM started through {@code setpriv} without the two
     * capabilities that let root read anything (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH).
     */
    @Test
    void everyReaderRefusesAnUnreadableFileInOneLine() throws Exception {
        Path probe = dir.resolve("probe");
        Files.writeString(probe, "x");
        Files.setPosixFilePermissions(probe, java.util.Set.of());
        List<String> cmd = new ArrayList<>();
        if (Files.isReadable(probe)) {
            assumeTrue(new ProcessBuilder("setpriv", "--version").start().waitFor() == 0,
                    "this JVM reads any file and there is no setpriv to drop that power");
            cmd.addAll(List.of("setpriv", "--bounding-set", "-dac_override,-dac_read_search"));
        }
        List<String> jvm = CliRunner.childJvm();
        jvm.set(jvm.size() - 1, HostileFilesEveryCommandTest.class.getName());
        cmd.addAll(jvm);
        Path log = dir.resolve("unreadable.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = p.waitFor(300, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertTrue(ended && p.exitValue() == 0, (ended ? "exit " + p.exitValue() : "still running after 300 s") + ":\n"
                + Files.readString(log));
        assertTrue(Files.readString(log).contains("26 readers refused an unreadable file"), Files.readString(log));
    }

    /**
     * The child of {@link #everyReaderRefusesAnUnreadableFileInOneLine}: trains the good model,
     * makes a file it may not read, and runs every reader on it. Exit 0 when each refused it
     * properly, 1 listing those that did not, 2 when the file could be read after all.
     */
    public static void main(String[] ignored) throws Exception {
        dir = Files.createTempDirectory("rnn4j-unreadable");
        int code;
        try {
            code = runReadersOnAnUnreadableFile();
        } finally {
            try (var all = Files.walk(dir)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
        System.out.flush();
        System.exit(code);
    }

    private static int runReadersOnAnUnreadableFile() throws Exception {
        trainAModel();
        Path locked = dir.resolve("unreadable.txt");
        Files.copy(text, locked);
        Files.setPosixFilePermissions(locked, java.util.Set.of());
        if (Files.isReadable(locked)) {
            System.out.println("this process can read a file whose permissions are 000");
            return 2;
        }
        List<String> failures = new ArrayList<>();
        int runs = 0;
        for (String template : READERS) {
            check(template + " with an unreadable file", args(template, locked, dir.resolve("out-" + runs)), failures);
            runs++;
        }
        failures.forEach(System.out::println);
        System.out.println((runs - failures.size()) + " readers refused an unreadable file, " + failures.size() + " did not");
        return failures.isEmpty() ? 0 : 1;
    }

    @Test
    void theTestCanFail() {
        List<String> failures = new ArrayList<>();
        try {
            check("info on the good model", new String[] {"info", "--model", model.toString()}, failures);
        } catch (Exception e) {
            fail(e);
        }
        assertEquals(1, failures.size(), "a command that succeeds is not a refusal: " + failures);
    }
}
