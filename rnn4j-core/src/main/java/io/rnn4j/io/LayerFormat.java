package io.rnn4j.io;

import com.google.gson.JsonObject;

import java.util.function.Function;

/**
 * How one layer class is written to and read from a model file's manifest: a type name, the
 * layer's settings as JSON fields, and the parameter count those settings declare. The node's
 * name, inputs and type are written around it by {@link Architecture}.
 *
 * <p>A new layer becomes saveable by registering its format ({@link LayerFormats#register})
 * without touching the model-file code.
 *
 * @param <L> the layer class (a {@code Layer} or a {@code MultiInputLayer})
 */
public interface LayerFormat<L> {

    /** The {@code "type"} value in the manifest, e.g. {@code "dense"}. */
    String type();

    /** The exact class written with this format. */
    Class<L> layerClass();

    /**
     * Writes the layer's settings into {@code json}.
     *
     * @param nodeNameOf the node name under which another layer object of the same graph was
     *                   added, for a layer that refers to one (a head tied to an embedding)
     */
    void write(L layer, JsonObject json, Function<Object, String> nodeNameOf);

    /**
     * Builds the layer from its settings; its constructor validates them, so a bad value gets
     * the message it gets in code.
     *
     * @param layerNamed the layer object of an earlier node of the same graph, by node name
     */
    L read(JsonObject json, Function<String, Object> layerNamed);

    /** The number of parameters the settings declare, computed without allocating them. */
    long parameterCount(JsonObject json);
}
