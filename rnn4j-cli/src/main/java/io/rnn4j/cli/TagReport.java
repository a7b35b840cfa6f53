package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.eval.ChunkF1;
import io.rnn4j.nn.crf.TagTransitions;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the {@code tag} commands show a tagger's scores: token accuracy, and for chunk or entity
 * tags (BIO or IOBES) conlleval's span precision, recall and F1, overall and per type. Scores are
 * in percent, as conlleval prints them.
 */
final class TagReport {

    private TagReport() {
    }

    static boolean hasChunks(List<String> tags) {
        return TagTransitions.schemeOf(tags) != TagTransitions.Scheme.NONE;
    }

    static void print(ChunkF1.Result r, boolean chunks, PrintStream out) {
        out.printf(Locale.ROOT, "  token accuracy %.2f%% (%,d of %,d words)%s%n", 100 * r.tokenAccuracy(), r.correctTags(),
                r.tokens(), chunks ? String.format(Locale.ROOT, "; spans: precision %.2f, recall %.2f, F1 %.2f (%,d gold, %,d"
                        + " found, %,d right)", 100 * r.precision(), 100 * r.recall(), 100 * r.f1(), r.overall().gold(),
                r.overall().guessed(), r.overall().correct()) : "");
        if (chunks) {
            for (Map.Entry<String, ChunkF1.Counts> e : r.byType().entrySet()) {
                if (e.getKey().isEmpty()) {
                    continue;
                }
                ChunkF1.Counts c = e.getValue();
                out.printf(Locale.ROOT, "  %-14s precision %6.2f  recall %6.2f  F1 %6.2f  (%,d)%n", e.getKey(), 100 * c.precision(),
                        100 * c.recall(), 100 * c.f1(), c.gold());
            }
        }
    }

    static JsonObject toJson(ChunkF1.Result r, boolean chunks, int sentences) {
        JsonObject o = new JsonObject();
        o.addProperty("token_accuracy", 100 * r.tokenAccuracy());
        o.addProperty("sentences", sentences);
        o.addProperty("tokens", r.tokens());
        if (chunks) {
            o.addProperty("span_f1", 100 * r.f1());
            o.addProperty("span_precision", 100 * r.precision());
            o.addProperty("span_recall", 100 * r.recall());
            o.addProperty("gold_spans", r.overall().gold());
            o.addProperty("found_spans", r.overall().guessed());
            o.addProperty("correct_spans", r.overall().correct());
            JsonObject types = new JsonObject();
            for (Map.Entry<String, ChunkF1.Counts> e : r.byType().entrySet()) {
                if (e.getKey().isEmpty()) {
                    continue;
                }
                JsonObject t = new JsonObject();
                t.addProperty("precision", 100 * e.getValue().precision());
                t.addProperty("recall", 100 * e.getValue().recall());
                t.addProperty("f1", 100 * e.getValue().f1());
                t.addProperty("gold", e.getValue().gold());
                types.add(e.getKey(), t);
            }
            o.add("per_type", types);
        }
        return o;
    }
}
