package io.rnn4j.serve;

import com.google.gson.JsonObject;
import io.rnn4j.nn.conv.ImageShape;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The kind of every served model, by name: a request that names a model of another kind than
 * its endpoint serves is told which endpoint that model has.
 */
record ServedKinds(Map<String, String> byName) {

    static final String LANGUAGE_MODEL = "language-model";
    static final String TRANSLATION = "translation";
    static final String IMAGE_CLASSIFIER = "image-classifier";
    static final String IMAGE_CAPTIONER = "image-captioner";

    /**
     * The refusal for a request to a {@code wanted} endpoint naming {@code name}: 404 when no
     * model has that name, 400 naming the right endpoint when it is of another kind.
     */
    ApiError refuse(String name, String wanted) {
        String kind = byName.get(name);
        if (kind == null) {
            return ApiError.notFound("no model '" + name + "'; " + words(wanted) + "s served: " + named(wanted));
        }
        return ApiError.badRequest("model '" + name + "' is " + article(kind) + " " + words(kind) + ", not "
                + article(wanted) + " " + words(wanted) + ": " + use(kind, name));
    }

    /** The start of a model's entry in {@code GET /v1/models}: name, kind and parameter count. */
    static JsonObject entry(String name, String kind, long parameters) {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        o.addProperty("kind", kind);
        o.addProperty("parameters", parameters);
        return o;
    }

    /** Adds the size of the pictures a model reads to its entry. */
    static JsonObject withShape(JsonObject entry, ImageShape shape) {
        entry.addProperty("width", shape.width());
        entry.addProperty("height", shape.height());
        entry.addProperty("channels", shape.channels());
        return entry;
    }

    /** The served models of one kind. */
    List<String> named(String kind) {
        List<String> out = new ArrayList<>();
        byName.forEach((n, k) -> {
            if (k.equals(kind)) {
                out.add(n);
            }
        });
        return out;
    }

    private static String use(String kind, String name) {
        return switch (kind) {
            case LANGUAGE_MODEL -> "open a session (POST /v1/sessions) and step or generate with it";
            case TRANSLATION -> "translate with POST /v1/models/" + name + "/translate";
            case IMAGE_CLASSIFIER -> "classify with POST /v1/models/" + name + "/classify";
            case IMAGE_CAPTIONER -> "caption with POST /v1/models/" + name + "/caption";
            default -> "see GET /v1/models";
        };
    }

    /** The kind in words: "language model", "translation model", "image classifier". */
    private static String words(String kind) {
        return switch (kind) {
            case LANGUAGE_MODEL -> "language model";
            case TRANSLATION -> "translation model";
            case IMAGE_CLASSIFIER -> "image classifier";
            case IMAGE_CAPTIONER -> "image captioner";
            default -> kind;
        };
    }

    private static String article(String kind) {
        return "aeiou".indexOf(kind.charAt(0)) >= 0 ? "an" : "a";
    }
}
