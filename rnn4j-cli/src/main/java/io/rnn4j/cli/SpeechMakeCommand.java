package io.rnn4j.cli;

import io.rnn4j.kernel.Parallel;
import io.rnn4j.speech.Resampler;
import io.rnn4j.speech.SpeechCorpus;
import io.rnn4j.speech.SpokenSentences;
import io.rnn4j.speech.WavReader;
import io.rnn4j.speech.WavWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * {@code rnn4j speech make}: a spoken-sentence corpus synthesised with espeak-ng, the same on every
 * run ({@link SpokenSentences} plans it); written as a folder {@code speech train} reads.
 */
@Command(name = "make", mixinStandardHelpOptions = true,
        description = "Make a spoken-sentence corpus with espeak-ng: sentences from --text spoken by 70 training voices"
                + " (7 accents x 10 variants) at random speeds and pitches, with white noise at 30, 20 or 10 dB SNR or none;"
                + " held-out sentences spoken by a held-out voice for test. Writes DIR/wav/*.wav (16-bit), DIR/transcripts.tsv,"
                + " DIR/lm-text.txt (the non-test sentences, for a language model) and DIR/README.md. Needs espeak-ng.")
final class SpeechMakeCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--text", required = true, paramLabel = "PATH", description = "Source text: a file (the part of each line"
            + " before a TAB) or a folder of .txt files; repeat to join.")
    List<Path> text;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The corpus folder to write.")
    Path out;

    @Option(names = "--train", converter = Ranges.Positive.class, defaultValue = "6000",
            description = "Training sentences (default: ${DEFAULT-VALUE}).")
    int train;

    @Option(names = "--test", converter = Ranges.Positive.class, defaultValue = "300",
            description = "Held-out test sentences (default: ${DEFAULT-VALUE}).")
    int test;

    @Option(names = "--rate", converter = Ranges.Positive.class, defaultValue = "16000", paramLabel = "HZ",
            description = "Sample rate of the written files (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--seed", converter = Ranges.AnyLong.class, defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print what was written as one JSON object on stdout.")
    boolean json;

    @Override
    public void run() {
        ApplicationTraining.reporting(json, this::make);
    }

    private com.google.gson.JsonObject make() {
        threads.apply();
        if (Files.exists(out.resolve(SpeechCorpus.TRANSCRIPTS))) {
            throw new IllegalArgumentException(out + " already holds a corpus (" + SpeechCorpus.TRANSCRIPTS + "); delete it or choose"
                    + " another --out");
        }
        checkEspeak();
        List<String> lines = new ArrayList<>();
        for (Path p : text) {
            for (Path f : textFiles(p)) {
                lines.addAll(CliFiles.readUtf8("--text", f).lines().toList());
            }
        }
        List<String> sentences = SpokenSentences.sentences(lines);
        List<SpokenSentences.Item> plan = SpokenSentences.plan(sentences, train, test, seed);
        try {
            Files.createDirectories(out.resolve("wav"));
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + out + ": " + CliFiles.describe(e));
        }
        System.err.printf(Locale.ROOT, "speaking %,d sentences (%,d usable in the text) into %s with %d espeak-ng process(es)%n",
                plan.size(), sentences.size(), out, Parallel.threads());
        long start = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Parallel.threads());
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (SpokenSentences.Item item : plan) {
                jobs.add(pool.submit(() -> {
                    make(item);
                    done.incrementAndGet();
                    return null;
                }));
            }
            long lastReport = System.nanoTime();
            for (Future<?> job : jobs) {
                try {
                    job.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause();
                    throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause.getMessage(), cause);
                }
                if (System.nanoTime() - lastReport > 5e9) {
                    lastReport = System.nanoTime();
                    System.err.printf(Locale.ROOT, "made %,d of %,d utterances (%.0f s)%n", done.get(), plan.size(),
                            (lastReport - start) / 1e9);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } finally {
            pool.shutdownNow();
        }
        writeTables(plan, sentences);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "made %,d utterances (%,d train, %,d test in voice %s) in %.0f s: %s%n", plan.size(), train,
                test, SpokenSentences.TEST_VOICE, seconds, out.resolve(SpeechCorpus.TRANSCRIPTS));
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        o.addProperty("out", out.toString());
        o.addProperty("transcripts", out.resolve(SpeechCorpus.TRANSCRIPTS).toString());
        o.addProperty("utterances", plan.size());
        o.addProperty("train", train);
        o.addProperty("test", test);
        o.addProperty("test_voice", SpokenSentences.TEST_VOICE);
        o.addProperty("usable_sentences", sentences.size());
        o.addProperty("rate", rate);
        o.addProperty("seed", seed);
        o.addProperty("seconds", seconds);
        return o;
    }

    private static List<Path> textFiles(Path p) {
        if (!Files.isDirectory(p)) {
            return List.of(p);
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".txt")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("--text " + p + ": " + CliFiles.describe(e));
        }
    }

    private static void checkEspeak() {
        try {
            Process p = new ProcessBuilder("espeak-ng", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalArgumentException("espeak-ng --version failed; speech make needs a working espeak-ng");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("espeak-ng is not installed (Debian: apt-get install espeak-ng); speech make needs it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    /** Speaks one item, resamples it, adds its noise and writes it; a file already there (an earlier, cut run) is kept. */
    private void make(SpokenSentences.Item item) throws IOException, InterruptedException {
        Path target = out.resolve(item.file());
        if (Files.exists(target)) {
            return;
        }
        Path raw = target.resolveSibling(target.getFileName() + ".espeak.wav");
        Process p = new ProcessBuilder("espeak-ng", "-v", item.voice(), "-s", Integer.toString(item.speed()), "-p",
                Integer.toString(item.pitch()), "-w", raw.toString(), item.text()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.exists(raw)) {
            throw new IllegalArgumentException("espeak-ng failed on voice " + item.voice() + ": " + (said.isEmpty() ? "no output" : said));
        }
        WavReader.Audio audio = WavReader.read(raw);
        float[] samples = new Resampler(Math.round(audio.sampleRate()), rate).apply(audio.samples());
        SpokenSentences.addNoise(samples, item.snrDb(), item.seed());
        WavWriter.write16(target, samples, rate);
        Files.delete(raw);
    }

    private void writeTables(List<SpokenSentences.Item> plan, List<String> sentences) {
        StringBuilder table = new StringBuilder("# file\ttranscript\tvoice\tsplit (rnn4j speech make --seed " + seed + ")\n");
        for (SpokenSentences.Item i : plan) {
            table.append(i.file()).append('\t').append(i.text()).append('\t').append(i.voice()).append('\t')
                    .append(i.test() ? "test" : "train").append('\n');
        }
        StringBuilder lm = new StringBuilder();
        SpokenSentences.languageModelText(sentences, plan).forEach(s -> lm.append(s).append('\n'));
        String readme = String.format(Locale.ROOT, """
                # Spoken sentences made by rnn4j speech make

                %,d utterances at %d Hz, 16-bit mono, spoken by espeak-ng (seed %d):

                - %,d training sentences, each in a voice drawn from %d accents (%s) and %d variants (%s);
                - %,d test sentences, none of them in training or in lm-text.txt, all in the held-out voice %s;
                - speed 130-190 words/min and pitch 30-70, uniform; white noise at 30, 20 or 10 dB SNR, or none (a quarter each).

                transcripts.tsv lists file, transcript (normalised), voice and split; lm-text.txt holds the %,d usable
                sentences of the source text that are not test sentences, for a character language model.
                """, plan.size(), rate, seed, train, SpokenSentences.TRAINING_ACCENTS.size(),
                String.join(", ", SpokenSentences.TRAINING_ACCENTS), SpokenSentences.TRAINING_VARIANTS.size(),
                String.join(", ", SpokenSentences.TRAINING_VARIANTS), test, SpokenSentences.TEST_VOICE,
                SpokenSentences.languageModelText(sentences, plan).size());
        try {
            writeAtomically(out.resolve("lm-text.txt"), lm.toString());
            writeAtomically(out.resolve("README.md"), readme);
            writeAtomically(out.resolve(SpeechCorpus.TRANSCRIPTS), table.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + out + ": " + CliFiles.describe(e));
        }
    }

    private static void writeAtomically(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
