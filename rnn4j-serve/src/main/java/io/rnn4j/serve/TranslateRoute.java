package io.rnn4j.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.javalin.http.Context;
import io.rnn4j.seq2seq.Translator;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/models/{model}/translate}: {@code {"text", "beam", "alpha", "stream"}}
 * translates one sentence with a translation model. The answer is one JSON object
 * ({@code TranslateResult}: the translation, the source and target pieces and the log
 * probability); with {@code "stream": true} and greedy decoding (beam 1) it is server-sent
 * {@code token} events as the decoder writes, then a {@code done} event with the same object.
 */
final class TranslateRoute {

    /** The widest beam a request may ask for. */
    static final int MAX_BEAM = 16;

    private final Map<String, ServedTranslator> translators;
    private final ServedKinds kinds;
    private final ServeOptions options;

    TranslateRoute(Map<String, ServedTranslator> translators, ServedKinds kinds, ServeOptions options) {
        this.translators = translators;
        this.kinds = kinds;
        this.options = options;
    }

    void handle(Context ctx) throws InterruptedException {
        String name = ctx.pathParam("model");
        ServedTranslator m = translators.get(name);
        if (m == null) {
            throw kinds.refuse(name, ServedKinds.TRANSLATION);
        }
        JsonObject body = Requests.object(ctx, options.maxBodyBytes());
        Requests.onlyKnown(body, "text", "beam", "alpha", "stream");
        String text = Requests.string(body, "text", null);
        if (text == null) {
            throw ApiError.badRequest("give the sentence to translate as 'text'");
        }
        int beam = (int) Requests.integer(body, "beam", 1, 1, MAX_BEAM);
        double alpha = Requests.number(body, "alpha", 1.0, 0, 10);
        boolean stream = Requests.bool(body, "stream", false);
        if (stream && beam > 1) {
            throw ApiError.badRequest("streaming writes the greedy translation as it goes: it needs beam 1, got " + beam);
        }
        Translator t = m.translator;
        try {
            t.encodeSource(text); // an empty or over-long sentence is refused before it waits for a turn
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        long wait = options.requestTimeout().toNanos();
        if (!stream) {
            Translator.Translation done = m.turns.run(wait, () -> t.translate(List.of(text), beam, alpha).get(0));
            Responses.json(ctx, 200, result(m, done));
            return;
        }
        EventSink sink = new EventSink(ctx);
        Translator.Translation done = m.turns.run(wait, () -> t.stream(text, piece -> {
            sink.tokens(List.of(piece));
            sink.flush();
        }));
        sink.done(ctx, result(m, done));
    }

    private static JsonObject result(ServedTranslator m, Translator.Translation t) {
        JsonObject o = new JsonObject();
        o.addProperty("model", m.name);
        o.addProperty("text", t.text());
        o.add("source_pieces", strings(t.sourcePieces()));
        o.add("target_pieces", strings(t.targetPieces()));
        o.addProperty("log_probability", t.logProbability());
        return o;
    }

    private static JsonArray strings(List<String> list) {
        JsonArray a = new JsonArray();
        list.forEach(a::add);
        return a;
    }
}
