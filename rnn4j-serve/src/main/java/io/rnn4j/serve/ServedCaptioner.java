package io.rnn4j.serve;

import com.google.gson.JsonObject;
import io.rnn4j.caption.CaptionModel;
import io.rnn4j.caption.Captioner;
import io.rnn4j.io.CaptionModelFile;
import io.rnn4j.io.ModelFile;

/**
 * An image captioner the server serves ({@code POST /v1/models/{name}/caption}): a request per
 * image, with no session, in one of the model's {@link Turns}.
 */
final class ServedCaptioner {

    final String name;
    final CaptionModel model;
    final Captioner captioner;
    final long parameters;
    final Turns turns;

    ServedCaptioner(String name, CaptionModel model, Turns turns) {
        this.name = name;
        this.model = model;
        this.captioner = new Captioner(model);
        this.parameters = model.model().parameters().size();
        this.turns = turns;
    }

    /** Its entry in {@code GET /v1/models}. */
    JsonObject describe() {
        return ServedKinds.withShape(ServedKinds.entry(name, ServedKinds.IMAGE_CAPTIONER, parameters), model.shape());
    }

    static ServedCaptioner of(String name, ModelFile.Loaded loaded, String where, Turns turns) {
        return new ServedCaptioner(name, CaptionModelFile.of(loaded, where), turns);
    }
}
