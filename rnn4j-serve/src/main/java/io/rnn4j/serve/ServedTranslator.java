package io.rnn4j.serve;

import com.google.gson.JsonObject;
import io.rnn4j.io.ModelFile;
import io.rnn4j.io.TranslationModelFile;
import io.rnn4j.seq2seq.Translator;

/**
 * A translation model the server serves ({@code POST /v1/models/{name}/translate}). A
 * translation is a request of its own, with no session: the encoder reads the sentence and the
 * decoder writes until END, in one of the model's {@link Turns}.
 */
final class ServedTranslator {

    final String name;
    final Translator translator;
    final long parameters;
    final Turns turns;

    ServedTranslator(String name, Translator translator, Turns turns) {
        this.name = name;
        this.translator = translator;
        this.parameters = translator.model().model().parameters().size();
        this.turns = turns;
    }

    /** Its entry in {@code GET /v1/models}. */
    JsonObject describe() {
        JsonObject o = ServedKinds.entry(name, ServedKinds.TRANSLATION, parameters);
        o.addProperty("source_language", translator.sourceLanguage());
        o.addProperty("target_language", translator.targetLanguage());
        return o;
    }

    static ServedTranslator of(String name, ModelFile.Loaded loaded, String where, Turns turns) {
        return new ServedTranslator(name, TranslationModelFile.of(loaded, where), turns);
    }
}
