package io.rnn4j.cli;

import io.rnn4j.data.ParallelCorpus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code rnn4j translate}: machine translation. So far the data split: {@code translate split}
 * writes the train, dev and test parts of a pair file ({@link ParallelCorpus#split}).
 */
@Command(name = "translate", mixinStandardHelpOptions = true,
        description = "Machine translation between sentence pairs (so far: the data split).",
        subcommands = {TranslateCommand.Split.class})
final class TranslateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "split", mixinStandardHelpOptions = true,
            description = "Write the train, dev and test parts of a pair file (first<TAB>second[<TAB>attribution],"
                    + " e.g. tatoeba cmn.txt): the distinct first-column sentences are numbered 0, 1, 2, ... in order"
                    + " of first appearance; sentence k and all its pairs go to test when k mod 20 = 0, to dev when"
                    + " k mod 20 = 1, and to train otherwise.")
    static final class Split implements Runnable {

        @Option(names = "--data", required = true, description = "The pair file (UTF-8).")
        Path data;

        @Option(names = "--out", required = true,
                description = "Directory for train.tsv, dev.tsv and test.tsv (created if missing; existing files are not overwritten).")
        Path out;

        @Override
        public void run() {
            CliFiles.requireInputFile("--data", data);
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new IllegalArgumentException("--out " + out + " is not a directory");
            }
            Map<String, Path> outputs = new LinkedHashMap<>();
            for (String part : new String[] {"train", "dev", "test"}) {
                Path p = out.resolve(part + ".tsv");
                if (Files.exists(p)) {
                    throw new IllegalArgumentException("--out " + out + ": " + p.getFileName()
                            + " exists; give an empty directory (rnn4j does not overwrite it)");
                }
                outputs.put(part, p);
            }
            CliFiles.refuseClashes(Map.of("--data", data), outputs);
            // read as train and eval read text: strict UTF-8, the bad byte and its offset named
            List<ParallelCorpus.Pair> pairs = ParallelCorpus.parse(CliFiles.readUtf8("--data", data),
                    data.getFileName().toString());
            try {
                ParallelCorpus.Split split = ParallelCorpus.split(pairs);
                Files.createDirectories(out);
                write(outputs.get("train"), split.train());
                write(outputs.get("dev"), split.dev());
                write(outputs.get("test"), split.test());
                System.out.printf(Locale.ROOT, "%s: %,d pairs -> train %,d, dev %,d, test %,d pairs in %s%n",
                        data.getFileName(), pairs.size(), split.train().size(), split.dev().size(), split.test().size(), out);
            } catch (IOException e) {
                throw new IllegalArgumentException("translate split: " + CliFiles.describe(e));
            }
        }

        /** Writes the pairs as the input's lines, through a temporary file renamed into place. */
        private static void write(Path file, List<ParallelCorpus.Pair> pairs) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (ParallelCorpus.Pair p : pairs) {
                sb.append(p.first()).append('\t').append(p.second());
                if (!p.attribution().isEmpty()) {
                    sb.append('\t').append(p.attribution());
                }
                sb.append('\n');
            }
            Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
            Files.writeString(tmp, sb, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        }
    }
}
