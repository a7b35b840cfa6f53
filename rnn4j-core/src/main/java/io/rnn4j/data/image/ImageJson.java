package io.rnn4j.data.image;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnn4j.nn.conv.ImageShape;

/**
 * How a model file's manifest entry records the pictures a model reads: {@code channels},
 * {@code height}, {@code width}, and the per-channel {@code mean} and {@code std} of the
 * normalisation. Shared by the image classifier's {@code "image"} entry and the captioner's
 * {@code "caption"} entry; a missing or mistyped field is refused by name.
 */
public final class ImageJson {

    private ImageJson() {
    }

    /** Writes the shape and the normalisation into {@code o}. */
    public static void put(JsonObject o, ImageShape shape, Normalization normalization) {
        o.addProperty("channels", shape.channels());
        o.addProperty("height", shape.height());
        o.addProperty("width", shape.width());
        JsonArray mean = new JsonArray();
        JsonArray std = new JsonArray();
        for (int c = 0; c < normalization.channels(); c++) {
            mean.add(normalization.mean()[c]);
            std.add(normalization.std()[c]);
        }
        o.add("mean", mean);
        o.add("std", std);
    }

    /** The shape recorded in {@code o}, the manifest entry named {@code entry}. */
    public static ImageShape shape(JsonObject o, String entry) {
        return new ImageShape(integer(o, "channels", entry), integer(o, "height", entry), integer(o, "width", entry));
    }

    /** The normalisation recorded in {@code o}. */
    public static Normalization normalization(JsonObject o, String entry) {
        return new Normalization(floats(o, "mean", entry), floats(o, "std", entry));
    }

    /** A whole number field of {@code o}. */
    public static int integer(JsonObject o, String key, String entry) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException("the \"" + entry + "\" entry needs a number \"" + key + "\"");
        }
        return e.getAsInt();
    }

    /** A string field of {@code o}. */
    public static String string(JsonObject o, String key, String entry) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("the \"" + entry + "\" entry needs a string \"" + key + "\"");
        }
        return e.getAsString();
    }

    private static float[] floats(JsonObject o, String key, String entry) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonArray()) {
            throw new IllegalArgumentException("the \"" + entry + "\" entry needs an array \"" + key + "\"");
        }
        JsonArray a = e.getAsJsonArray();
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsFloat();
        }
        return out;
    }
}
