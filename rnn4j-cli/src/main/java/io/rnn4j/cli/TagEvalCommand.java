package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.eval.ChunkF1;
import io.rnn4j.io.TaggerFile;
import io.rnn4j.text.TaggedSentences;
import io.rnn4j.text.Tagger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code rnn4j tag eval}: token accuracy and conlleval span F1 of a tagger on tagged sentences. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score a tagger on tagged sentences: token accuracy and, for chunk or entity tags, span precision,"
                + " recall and F1 as conlleval counts them.")
final class TagEvalCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", required = true, description = "Model file written by tag train.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "PATH", description = "Tagged sentences (CoNLL columns or Brown).")
    Path data;

    @Option(names = "--format", defaultValue = "auto", description = "conll, brown or auto (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--tag-map", paramLabel = "FILE", description = "Brown: map the tags as in training.")
    Path tagMap;

    @Option(names = "--test-every", converter = Ranges.NonNegative.class, defaultValue = "0",
            description = "Score only every N-th sentence (the part tag train --test-every N held out; default: all).")
    int testEvery;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Override
    public void run() {
        threads.apply();
        CliFiles.requireInputFile("--model", model);
        Tagger tagger = TaggerFile.load(model);
        TaggedSentences sentences = TagData.read(List.of(data), format, tagMap);
        if (testEvery == 1) {
            throw new UsageException("--test-every must be 0 (all) or at least 2, got 1");
        }
        if (testEvery > 1) {
            sentences = sentences.everyNth(testEvery)[1];
        }
        TagTraining.warnUnknownTags(tagger, sentences);
        long start = System.nanoTime();
        ChunkF1.Result r = tagger.evaluate(sentences);
        double seconds = (System.nanoTime() - start) / 1e9;
        boolean chunks = TagReport.hasChunks(tagger.tags());
        if (json) {
            JsonObject o = TagReport.toJson(r, chunks, sentences.size());
            o.addProperty("seconds", seconds);
            o.addProperty("sentences_per_second", sentences.size() / seconds);
            System.out.println(ClassifyReport.GSON.toJson(o));
        } else {
            System.out.printf(Locale.ROOT, "%s on %s: %,d sentences in %.1f s (%,.0f sentences/s)%n", model.getFileName(), data,
                    sentences.size(), seconds, sentences.size() / seconds);
            TagReport.print(r, chunks, System.out);
        }
    }
}
