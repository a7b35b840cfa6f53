package io.rnn4j.serve;

import com.google.gson.JsonObject;
import io.javalin.http.Context;
import io.rnn4j.caption.CaptionSet;
import io.rnn4j.caption.Captioner;
import io.rnn4j.data.image.ImageSet;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/models/{model}/caption}: {@code {"image": base64, "beam": k}} writes a caption
 * for one image (PNG, JPEG, GIF or BMP, of the size the model reads) with an image captioner,
 * greedy or with a beam ({@code CaptionResult}).
 */
final class CaptionRoute {

    private final Map<String, ServedCaptioner> captioners;
    private final ServedKinds kinds;
    private final ServeOptions options;

    CaptionRoute(Map<String, ServedCaptioner> captioners, ServedKinds kinds, ServeOptions options) {
        this.captioners = captioners;
        this.kinds = kinds;
        this.options = options;
    }

    void handle(Context ctx) throws InterruptedException {
        String name = ctx.pathParam("model");
        ServedCaptioner m = captioners.get(name);
        if (m == null) {
            throw kinds.refuse(name, ServedKinds.IMAGE_CAPTIONER);
        }
        JsonObject body = Requests.object(ctx, options.maxBodyBytes());
        Requests.onlyKnown(body, "image", "beam");
        String encoded = ImagePayload.required(body);
        int beam = (int) Requests.integer(body, "beam", 1, 1, TranslateRoute.MAX_BEAM);
        ImageSet image = ImagePayload.decode(encoded, m.model.shape(), List.of(CaptionSet.IMAGE_CLASS));
        Captioner.Caption caption = m.turns.run(options.requestTimeout().toNanos(), () -> m.captioner.caption(image, beam).get(0));
        JsonObject out = new JsonObject();
        out.addProperty("model", m.name);
        out.addProperty("text", caption.text());
        out.addProperty("log_probability", caption.logProbability());
        Responses.json(ctx, 200, out);
    }
}
