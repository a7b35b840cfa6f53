package io.rnn4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.io.SpeechModelFile;
import io.rnn4j.speech.CtcBeamSearch;
import io.rnn4j.speech.Resampler;
import io.rnn4j.speech.SpeechRecognizer;
import io.rnn4j.speech.StreamingRecognizer;
import io.rnn4j.speech.WavReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code rnn4j speech transcribe}: what a recogniser hears in WAV files. */
@Command(name = "transcribe", mixinStandardHelpOptions = true,
        description = "Transcribe WAV files (any rate; resampled to the model's): one line per file, FILE TAB transcript.")
final class SpeechTranscribeCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", required = true, description = "Model file written by speech train.")
    Path model;

    @Parameters(arity = "1..*", paramLabel = "FILE.wav", description = "Recordings to transcribe.")
    List<Path> files;

    @Mixin
    SpeechDecoding decoding;

    @Option(names = "--stream", description = "Feed each file in 100 ms pieces, as a live stream would arrive, and show the"
            + " transcript growing on stderr (a model trained with speech train --streaming; best path).")
    boolean stream;

    @Option(names = "--json", description = "Print [{\"file\", \"transcript\"}, ...] as JSON.")
    boolean json;

    @Override
    public void run() {
        threads.apply();
        CliFiles.requireInputFile("--model", model);
        SpeechRecognizer recognizer = SpeechModelFile.load(model);
        CtcBeamSearch search = decoding.search(recognizer);
        if (stream) {
            if (decoding.beam > 0) {
                throw new UsageException("--stream decodes by best path as the audio arrives; leave out --beam and --lm");
            }
            streamed(recognizer);
            return;
        }
        List<float[]> inputs = new ArrayList<>();
        for (Path f : files) {
            CliFiles.requireInputFile("FILE.wav", f);
            inputs.add(recognizer.featuresOf(WavReader.read(f), f.toString()));
        }
        print(recognizer.transcribe(inputs, search));
    }

    /** Each file through a {@link StreamingRecognizer} in 100 ms pieces. */
    private void streamed(SpeechRecognizer recognizer) {
        List<String> text = new ArrayList<>();
        for (Path f : files) {
            CliFiles.requireInputFile("FILE.wav", f);
            WavReader.Audio audio = WavReader.read(f);
            float[] x = new Resampler(Math.round(audio.sampleRate()), recognizer.features().sampleRate()).apply(audio.samples());
            StreamingRecognizer s = new StreamingRecognizer(recognizer);
            int piece = recognizer.features().sampleRate() / 10;
            String shown = "";
            try {
                for (int from = 0; from < x.length; from += piece) {
                    String soFar = s.accept(java.util.Arrays.copyOfRange(x, from, Math.min(x.length, from + piece)));
                    if (!soFar.equals(shown)) {
                        System.err.printf(Locale.ROOT, "%s @ %.1f s: %s%n", f.getFileName(),
                                (double) Math.min(x.length, from + piece) / recognizer.features().sampleRate(), soFar);
                        shown = soFar;
                    }
                }
                text.add(s.finish());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(f + ": " + e.getMessage());
            }
        }
        print(text);
    }

    private void print(List<String> text) {
        if (json) {
            JsonArray a = new JsonArray();
            for (int i = 0; i < files.size(); i++) {
                JsonObject o = new JsonObject();
                o.addProperty("file", files.get(i).toString());
                o.addProperty("transcript", text.get(i));
                a.add(o);
            }
            System.out.println(ClassifyReport.GSON.toJson(a));
        } else {
            for (int i = 0; i < files.size(); i++) {
                System.out.println(files.get(i) + "\t" + text.get(i));
            }
        }
    }
}
