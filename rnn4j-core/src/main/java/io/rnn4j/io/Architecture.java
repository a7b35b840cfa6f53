package io.rnn4j.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnn4j.nn.SequenceModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link SequenceModel}'s graph as JSON and back (the schema is in {@code docs/format.md}):
 * <pre>
 * {"inputs": [{"name": "input", "size": 65}],
 *  "nodes": [
 *    {"name": "embed", "type": "embedding", "inputs": ["input"], "vocab_size": 65, "dim": 64},
 *    {"name": "rnn", "type": "recurrent", "inputs": ["embed"], "cell": "lstm", ...},
 *    {"name": "again", "same_as": "rnn", "inputs": ["rnn"]},               (a shared layer)
 *    {"name": "encoder", "type": "model", "inputs": ["input"], "architecture": {...}},
 *    {"name": "head", "type": "dense", "inputs": ["rnn"], "in": 256, "out": 65, "tied_to": "embed"}],
 *  "outputs": [{"name": "logits", "node": "head"}]}
 * </pre>
 * Each layer's own fields come from its {@link LayerFormat}. Reading validates every field
 * through the layers' constructors, so a bad value gives the same message as in code. The linear
 * form of format versions 1 and 2 ({@code {"input_size": 65, "layers": [{"name": …, "type": …}]}})
 * is still read.
 */
public final class Architecture {

    private Architecture() {
    }

    public static JsonObject toJson(SequenceModel model) {
        JsonObject o = new JsonObject();
        JsonArray inputs = new JsonArray();
        model.inputs().forEach((name, size) -> {
            JsonObject i = new JsonObject();
            i.addProperty("name", name);
            i.addProperty("size", size);
            inputs.add(i);
        });
        o.add("inputs", inputs);
        Map<Object, String> firstNode = new IdentityHashMap<>();
        JsonArray nodes = new JsonArray();
        for (SequenceModel.Part part : model.parts()) {
            JsonObject n = new JsonObject();
            n.addProperty("name", part.name());
            Object component = part.component();
            String shared = firstNode.get(component);
            JsonArray reads = new JsonArray();
            part.inputs().forEach(reads::add);
            if (shared != null) {
                n.addProperty("same_as", shared);
                n.add("inputs", reads);
            } else if (component.getClass() == SequenceModel.class) {
                n.addProperty("type", "model");
                n.add("inputs", reads);
                n.add("architecture", toJson((SequenceModel) component));
            } else {
                LayerFormat<Object> format = LayerFormats.forLayer(part.name(), component);
                n.addProperty("type", format.type());
                n.add("inputs", reads);
                format.write(component, n, layer -> {
                    String name = firstNode.get(layer);
                    if (name == null) {
                        throw new IllegalArgumentException("layer '" + part.name() + "' refers to a layer that is not an"
                                + " earlier node of the same graph, which a model file cannot describe");
                    }
                    return name;
                });
                firstNode.put(component, part.name());
            }
            nodes.add(n);
        }
        o.add("nodes", nodes);
        JsonArray outputs = new JsonArray();
        model.declaredOutputs().forEach((name, node) -> {
            JsonObject out = new JsonObject();
            out.addProperty("name", name);
            out.addProperty("node", node);
            outputs.add(out);
        });
        o.add("outputs", outputs);
        return o;
    }

    public static SequenceModel fromJson(JsonObject o) {
        if (o.has("layers")) {
            return linearFromJson(o);
        }
        SequenceModel m = SequenceModel.graph();
        for (JsonElement el : array(o, "inputs")) {
            JsonObject i = el.getAsJsonObject();
            m.input(LayerFormats.required(i, "name").getAsString(), LayerFormats.positive(i, "size"));
        }
        Map<String, Object> layers = new HashMap<>();
        for (JsonElement el : array(o, "nodes")) {
            JsonObject n = el.getAsJsonObject();
            String name = LayerFormats.required(n, "name").getAsString();
            List<String> reads = new ArrayList<>();
            for (JsonElement r : array(n, "inputs")) {
                reads.add(r.getAsString());
            }
            Object component;
            if (n.has("same_as")) {
                String same = n.get("same_as").getAsString();
                component = layers.get(same);
                if (component == null) {
                    throw new IllegalArgumentException("node '" + name + "' is the same layer as '" + same
                            + "', which is no earlier layer node");
                }
            } else if (LayerFormats.required(n, "type").getAsString().equals("model")) {
                component = fromJson(LayerFormats.required(n, "architecture").getAsJsonObject());
            } else {
                component = LayerFormats.forType(n.get("type").getAsString()).read(n, layers::get);
            }
            m.add(new SequenceModel.Part(name, component, reads));
            if (component.getClass() != SequenceModel.class) {
                layers.putIfAbsent(name, component);
            }
        }
        for (JsonElement el : array(o, "outputs")) {
            JsonObject out = el.getAsJsonObject();
            m.output(LayerFormats.required(out, "name").getAsString(), LayerFormats.required(out, "node").getAsString());
        }
        return m;
    }

    /** The linear form of format versions 1 and 2: one input, each layer reading the one before. */
    private static SequenceModel linearFromJson(JsonObject o) {
        SequenceModel m = new SequenceModel(LayerFormats.positive(o, "input_size"));
        Map<String, Object> layers = new HashMap<>();
        String previous = SequenceModel.DEFAULT_INPUT;
        for (JsonElement el : array(o, "layers")) {
            JsonObject l = el.getAsJsonObject();
            String name = LayerFormats.required(l, "name").getAsString();
            Object layer = LayerFormats.forType(LayerFormats.required(l, "type").getAsString()).read(l, layers::get);
            m.add(new SequenceModel.Part(name, layer, List.of(previous)));
            layers.put(name, layer);
            previous = name;
        }
        return m;
    }

    /**
     * The number of parameters the architecture declares, computed without allocating anything,
     * so a loader can compare it with the data a file really holds before building the model.
     */
    public static long parameterCount(JsonObject o) {
        long total = 0;
        for (JsonElement el : array(o, o.has("layers") ? "layers" : "nodes")) {
            JsonObject n = el.getAsJsonObject();
            if (n.has("same_as")) {
                continue; // a shared layer's parameters are stored once, at its first node
            }
            String type = LayerFormats.required(n, "type").getAsString();
            long count = type.equals("model")
                    ? parameterCount(LayerFormats.required(n, "architecture").getAsJsonObject())
                    : LayerFormats.forType(type).parameterCount(n);
            total += count;
            if (count < 0 || total < 0 || total > Long.MAX_VALUE / 4) {
                return Long.MAX_VALUE;
            }
        }
        return total;
    }

    private static JsonArray array(JsonObject o, String key) {
        JsonElement e = LayerFormats.required(o, key);
        if (!e.isJsonArray()) {
            throw new IllegalArgumentException("field '" + key + "' must be an array");
        }
        return e.getAsJsonArray();
    }
}
