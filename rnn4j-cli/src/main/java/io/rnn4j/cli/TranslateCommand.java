package io.rnn4j.cli;

import io.rnn4j.data.ParallelCorpus;
import io.rnn4j.io.TranslationModelFile;
import io.rnn4j.seq2seq.Translator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code rnn4j translate}: machine translation. {@code translate --model M "sentence"} translates
 * (or each line of standard input); {@code split}, {@code train} and {@code eval} are the data
 * split, training and scoring.
 */
@Command(name = "translate", mixinStandardHelpOptions = true,
        description = "Translate sentences with a model written by 'translate train' (the sentences given, or each line of"
                + " standard input); or split, train and score.",
        subcommands = {TranslateCommand.Split.class, TranslateTrainCommand.class, TranslateEvalCommand.class})
final class TranslateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", description = "Model file written by translate train.")
    Path model;

    @Option(names = "--beam", converter = Ranges.Positive.class, defaultValue = "1",
            description = "Beam width; 1 is greedy decoding, which prints tokens as they come (default: ${DEFAULT-VALUE}).")
    int beam;

    @Option(names = "--alpha", converter = Ranges.NonNegativeReal.class, defaultValue = "1",
            description = "Beam length normalisation: score = log P / length^alpha (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--explain", paramLabel = "PNG", description = "Write a heat map of the attention weights of the (one) sentence.")
    Path explain;

    @Parameters(paramLabel = "SENTENCE", arity = "0..*", description = "Sentences to translate; none reads standard input.")
    List<String> sentences;

    @Override
    public void run() {
        if (model == null) {
            if (sentences != null && !sentences.isEmpty()) {
                throw new IllegalArgumentException("translate needs --model FILE to translate with (train one with: rnn4j translate train)");
            }
            spec.commandLine().usage(System.out);
            return;
        }
        threads.apply();
        CliFiles.requireInputFile("--model", model);
        Translator translator = TranslationModelFile.load(model);
        if (explain != null) {
            CliFiles.requireOutputFile("--explain", explain);
            CliFiles.refuseClashes(Map.of("--model", model), Map.of("--explain", explain));
            if (sentences == null || sentences.size() != 1) {
                throw new UsageException("--explain plots one sentence; give exactly one");
            }
        }
        if (sentences != null && !sentences.isEmpty()) {
            for (String s : sentences) {
                translateOne(translator, s);
            }
            return;
        }
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    System.out.println();
                    continue;
                }
                try {
                    translateOne(translator, line);
                } catch (IllegalArgumentException e) {
                    // one bad line of a stream is reported, and the rest still translate
                    System.out.println();
                    System.err.println("rnn4j: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read standard input: " + CliFiles.describe(e));
        }
    }

    private void translateOne(Translator translator, String sentence) {
        Translator.Translation t;
        if (beam == 1) {
            t = translator.stream(sentence, piece -> {
                System.out.print(piece);
                System.out.flush();
            });
            System.out.println();
        } else {
            t = translator.translate(List.of(sentence), beam, alpha).get(0);
            System.out.println(t.text());
        }
        if (explain != null) {
            try {
                AttentionHeatMap.write(explain, t.sourcePieces(), t.targetPieces(), t.attention());
                System.err.println("rnn4j: attention heat map written to " + explain);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot write --explain " + explain + ": " + CliFiles.describe(e));
            }
        }
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
