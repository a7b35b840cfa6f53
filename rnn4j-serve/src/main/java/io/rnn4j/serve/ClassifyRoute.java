package io.rnn4j.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.javalin.http.Context;
import io.rnn4j.data.image.ImageClassifier;
import io.rnn4j.data.image.ImageSet;
import io.rnn4j.data.TextSampler;

import java.util.Map;

/**
 * {@code POST /v1/models/{model}/classify}: {@code {"image": base64, "top": k}} classifies one
 * image (PNG, JPEG, GIF or BMP, of the size the model reads) with an image classifier and answers
 * the {@code k} most probable classes ({@code ClassifyResult}).
 */
final class ClassifyRoute {

    private final Map<String, ServedClassifier> classifiers;
    private final ServedKinds kinds;
    private final ServeOptions options;

    ClassifyRoute(Map<String, ServedClassifier> classifiers, ServedKinds kinds, ServeOptions options) {
        this.classifiers = classifiers;
        this.kinds = kinds;
        this.options = options;
    }

    void handle(Context ctx) throws InterruptedException {
        String name = ctx.pathParam("model");
        ServedClassifier m = classifiers.get(name);
        if (m == null) {
            throw kinds.refuse(name, ServedKinds.IMAGE_CLASSIFIER);
        }
        ImageClassifier c = m.classifier;
        JsonObject body = Requests.object(ctx, options.maxBodyBytes());
        Requests.onlyKnown(body, "image", "top");
        String encoded = ImagePayload.required(body);
        int top = (int) Requests.integer(body, "top", Math.min(5, c.classes().size()), 1, c.classes().size());
        ImageSet image = ImagePayload.decode(encoded, c.shape(), c.classes());
        float[] p = m.turns.run(options.requestTimeout().toNanos(), () -> c.probabilities(image, 0, 1)[0]);
        double[] asDouble = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            asDouble[i] = p[i];
        }
        int[] order = TextSampler.byDescendingProbability(asDouble);
        JsonArray best = new JsonArray();
        for (int r = 0; r < top; r++) {
            JsonObject o = new JsonObject();
            o.addProperty("class", c.classes().get(order[r]));
            o.addProperty("p", p[order[r]]);
            best.add(o);
        }
        JsonObject out = new JsonObject();
        out.addProperty("model", m.name);
        out.add("top", best);
        Responses.json(ctx, 200, out);
    }
}
