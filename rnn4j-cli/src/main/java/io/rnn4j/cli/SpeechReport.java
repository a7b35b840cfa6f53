package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.speech.SpeechRecognizer;

import java.util.Locale;

/** How speech commands print a recogniser's scores: one line, or the JSON object {@code eval --json} prints. */
final class SpeechReport {

    private SpeechReport() {
    }

    static String line(String part, SpeechRecognizer.Evaluation e) {
        return String.format(Locale.ROOT, "%s (%,d utterances): CER %.2f%%, WER %.2f%%, whole utterances right %.2f%%", part,
                e.utterances(), 100 * e.cer(), 100 * e.wer(), 100 * e.accuracy());
    }

    /** {@code {"cer", "wer", "accuracy", "utterances"}}, the rates as fractions. */
    static JsonObject toJson(SpeechRecognizer.Evaluation e) {
        JsonObject o = new JsonObject();
        o.addProperty("cer", e.cer());
        o.addProperty("wer", e.wer());
        o.addProperty("accuracy", e.accuracy());
        o.addProperty("utterances", e.utterances());
        return o;
    }
}
