package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.io.ModelFile;
import io.rnn4j.io.SpeechModelFile;
import io.rnn4j.speech.CtcBeamSearch;
import io.rnn4j.speech.SpeechCorpus;
import io.rnn4j.speech.SpeechRecognizer;
import io.rnn4j.speech.SpeechSet;
import io.rnn4j.speech.Utterance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** {@code rnn4j speech eval}: CER, WER and whole-utterance accuracy of a recogniser on a folder's test part. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score a recogniser on the test part of a speech folder (the part speech train tested on: the folder's"
                + " own split, or the speaker it held out): character and word error rates, and the share of utterances"
                + " transcribed exactly (digit accuracy on FSDD).")
final class SpeechEvalCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", required = true, description = "Model file written by speech train.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The recordings' folder.")
    Path data;

    @Option(names = "--hold-out-speaker", paramLabel = "NAME", description = "Score this speaker's utterances (default: the"
            + " speaker the model was trained without, if any, else the folder's test part).")
    String holdOutSpeaker;

    @Mixin
    SpeechDecoding decoding;

    @Option(names = "--all", description = "Score every utterance of the folder, not just its test part.")
    boolean all;

    @Option(names = "--json", description = "Print {\"cer\", \"wer\", \"accuracy\", \"utterances\", ...} as JSON (rates as"
            + " fractions).")
    boolean json;

    @Override
    public void run() {
        threads.apply();
        CliFiles.requireInputFile("--model", model);
        ModelFile.Loaded loaded = ModelFile.load(model);
        SpeechRecognizer recognizer = SpeechModelFile.of(loaded, model.getFileName().toString());
        SpeechCorpus corpus = SpeechCorpus.read(data);
        String speaker = holdOutSpeaker;
        if (speaker == null && loaded.manifest().has("provenance")
                && loaded.manifest().getAsJsonObject("provenance").has("held_out_speaker")) {
            speaker = loaded.manifest().getAsJsonObject("provenance").get("held_out_speaker").getAsString();
        }
        List<Utterance> part = all ? corpus.utterances() : corpus.split(speaker).get(1);
        if (part.isEmpty()) {
            throw new IllegalArgumentException(data + ": the test part is empty; give --all to score every utterance");
        }
        for (Utterance u : part) {
            recognizer.alphabet().encode(u.transcript(), u.file().toString());
        }
        CtcBeamSearch search = decoding.search(recognizer);
        long start = System.nanoTime();
        SpeechSet set = recognizer.featuresOf(part);
        SpeechRecognizer.Evaluation e = recognizer.evaluate(set, search);
        double seconds = (System.nanoTime() - start) / 1e9;
        // FSDD: also the digit read as the most likely of the ten words (closed vocabulary)
        SpeechRecognizer.Evaluation digits = corpus.layout().equals("fsdd")
                ? recognizer.evaluateChoosing(set, SpeechCorpus.digitWords()) : null;
        String what = all ? "all" : speaker != null ? "speaker " + speaker : "test";
        if (json) {
            JsonObject o = SpeechReport.toJson(e);
            o.addProperty("part", what);
            o.addProperty("decoder", decoding.describe());
            if (digits != null) {
                o.addProperty("digit_accuracy", digits.accuracy());
            }
            o.addProperty("seconds", seconds);
            o.addProperty("utterances_per_second", e.utterances() / seconds);
            o.addProperty("audio_seconds", set.seconds());
            System.out.println(ClassifyReport.GSON.toJson(o));
        } else {
            System.out.printf(Locale.ROOT, "%s on %s: %,d utterances (%.1f min of audio) in %.1f s%n", model.getFileName(), data,
                    e.utterances(), set.seconds() / 60, seconds);
            System.out.println(SpeechReport.line(what + ", " + decoding.describe(), e));
            if (digits != null) {
                System.out.printf(Locale.ROOT, "digit accuracy (the most likely of the ten digit words, closed vocabulary): %.2f%%%n",
                        100 * digits.accuracy());
            }
        }
    }
}
