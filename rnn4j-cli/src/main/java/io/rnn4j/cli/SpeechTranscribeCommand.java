package io.rnn4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.io.SpeechModelFile;
import io.rnn4j.speech.CtcBeamSearch;
import io.rnn4j.speech.SpeechRecognizer;
import io.rnn4j.speech.WavReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    @Option(names = "--json", description = "Print [{\"file\", \"transcript\"}, ...] as JSON.")
    boolean json;

    @Override
    public void run() {
        threads.apply();
        CliFiles.requireInputFile("--model", model);
        SpeechRecognizer recognizer = SpeechModelFile.load(model);
        CtcBeamSearch search = decoding.search(recognizer);
        List<float[]> inputs = new ArrayList<>();
        for (Path f : files) {
            CliFiles.requireInputFile("FILE.wav", f);
            inputs.add(recognizer.featuresOf(WavReader.read(f), f.toString()));
        }
        List<String> text = recognizer.transcribe(inputs, search);
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
