package io.rnn4j.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnn4j.nn.Activation;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Dropout;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.OneHot;
import io.rnn4j.nn.recurrent.JordanLayer;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.Gru;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.nn.recurrent.SimpleRnn;

import java.util.Locale;
import java.util.Map;

/**
 * A {@link SequenceModel}'s architecture as JSON and back:
 * <pre>
 * {"input_size": 65, "layers": [
 *   {"name": "embed", "type": "embedding", "vocab_size": 65, "dim": 64},
 *   {"name": "rnn", "type": "recurrent", "cell": "lstm", "input_size": 64, "hidden_size": 256,
 *    "num_layers": 2, "bidirectional": false, "merge": "concat", "dropout": 0.0,
 *    "nonlinearity": "tanh", "gru_variant": "reset_after", "peepholes": false,
 *    "forget_bias": null, "output": "sequence"},   (a clockwork layer adds "clock_periods": [1, 2, 4])
 *   {"name": "head", "type": "dense", "in": 256, "out": 65}]}
 * </pre>
 * Reading validates every field through the layers' own constructors, so a bad value gives the
 * same message as in code.
 */
public final class Architecture {

    private Architecture() {
    }

    public static JsonObject toJson(SequenceModel model) {
        JsonObject o = new JsonObject();
        o.addProperty("input_size", model.inputSize());
        JsonArray layers = new JsonArray();
        for (Map.Entry<String, Layer> e : model.layers().entrySet()) {
            JsonObject l = new JsonObject();
            l.addProperty("name", e.getKey());
            Layer layer = e.getValue();
            if (layer instanceof Embedding) {
                Embedding em = (Embedding) layer;
                l.addProperty("type", "embedding");
                l.addProperty("vocab_size", em.vocabSize());
                l.addProperty("dim", em.dim());
            } else if (layer instanceof OneHot) {
                l.addProperty("type", "one_hot");
                l.addProperty("vocab_size", ((OneHot) layer).vocabSize());
            } else if (layer instanceof Dense) {
                l.addProperty("type", "dense");
                l.addProperty("in", ((Dense) layer).in());
                l.addProperty("out", ((Dense) layer).out());
            } else if (layer instanceof Activation) {
                l.addProperty("type", "activation");
                l.addProperty("kind", ((Activation) layer).kind().name().toLowerCase());
            } else if (layer instanceof Dropout) {
                l.addProperty("type", "dropout");
                l.addProperty("p", ((Dropout) layer).p());
            } else if (layer instanceof RecurrentLayer) {
                RecurrentLayer r = (RecurrentLayer) layer;
                RecurrentConfig c = r.stack().config();
                l.addProperty("type", "recurrent");
                l.addProperty("cell", c.cell().name().toLowerCase());
                l.addProperty("input_size", c.inputSize());
                l.addProperty("hidden_size", c.hiddenSize());
                l.addProperty("num_layers", c.numLayers());
                l.addProperty("bidirectional", c.bidirectional());
                l.addProperty("merge", c.merge().name().toLowerCase());
                l.addProperty("dropout", c.dropout());
                l.addProperty("nonlinearity", c.nonlinearity().name().toLowerCase());
                l.addProperty("gru_variant", c.gruVariant().name().toLowerCase());
                l.addProperty("peepholes", c.peepholes());
                if (c.forgetBias() != null) {
                    l.addProperty("forget_bias", c.forgetBias());
                }
                if (!c.clockPeriods().isEmpty()) {
                    com.google.gson.JsonArray periods = new com.google.gson.JsonArray();
                    c.clockPeriods().forEach(periods::add);
                    l.add("clock_periods", periods);
                }
                l.addProperty("output", r.output().name().toLowerCase());
            } else if (layer instanceof JordanLayer) {
                JordanLayer j = (JordanLayer) layer;
                l.addProperty("type", "jordan");
                l.addProperty("in", j.in());
                l.addProperty("hidden", j.hidden());
                l.addProperty("out", j.out());
                l.addProperty("activation", j.activation().name().toLowerCase());
                l.addProperty("teacher_forcing", j.teacherForcing());
            } else {
                throw new IllegalArgumentException("layer '" + e.getKey() + "' of type " + layer.getClass().getSimpleName()
                        + " cannot be saved yet");
            }
            layers.add(l);
        }
        o.add("layers", layers);
        return o;
    }

    private static java.util.List<Integer> clockPeriods(JsonObject l) {
        java.util.List<Integer> periods = new java.util.ArrayList<>();
        if (l.has("clock_periods")) {
            for (JsonElement p : l.getAsJsonArray("clock_periods")) {
                periods.add(p.getAsInt());
            }
        }
        return periods;
    }

    public static SequenceModel fromJson(JsonObject o) {
        SequenceModel m = new SequenceModel(positive(o, "input_size"));
        for (JsonElement el : o.getAsJsonArray("layers")) {
            JsonObject l = el.getAsJsonObject();
            String name = l.get("name").getAsString();
            String type = l.get("type").getAsString();
            Layer layer;
            switch (type) {
                case "embedding":
                    layer = new Embedding(positive(l, "vocab_size"), positive(l, "dim"));
                    break;
                case "one_hot":
                    layer = new OneHot(positive(l, "vocab_size"));
                    break;
                case "dense":
                    layer = new Dense(positive(l, "in"), positive(l, "out"));
                    break;
                case "activation":
                    layer = new Activation(Activation.Kind.valueOf(l.get("kind").getAsString().toUpperCase()));
                    break;
                case "dropout":
                    layer = new Dropout(l.get("p").getAsFloat());
                    break;
                case "recurrent": {
                    RecurrentConfig c = new RecurrentConfig(
                            RecurrentConfig.CellType.valueOf(l.get("cell").getAsString().toUpperCase()),
                            positive(l, "input_size"), positive(l, "hidden_size"), positive(l, "num_layers"),
                            l.get("bidirectional").getAsBoolean(),
                            RecurrentConfig.Merge.valueOf(l.get("merge").getAsString().toUpperCase()),
                            l.get("dropout").getAsFloat(),
                            SimpleRnn.Nonlinearity.valueOf(l.get("nonlinearity").getAsString().toUpperCase()),
                            Gru.Variant.valueOf(l.get("gru_variant").getAsString().toUpperCase()),
                            l.get("peepholes").getAsBoolean(),
                            l.has("forget_bias") && !l.get("forget_bias").isJsonNull() ? l.get("forget_bias").getAsFloat() : null,
                            clockPeriods(l));
                    layer = new RecurrentLayer(c, RecurrentLayer.Output.valueOf(l.get("output").getAsString().toUpperCase()));
                    break;
                }
                case "jordan":
                    layer = new JordanLayer(positive(l, "in"), positive(l, "hidden"), positive(l, "out"),
                            JordanLayer.OutputActivation.valueOf(l.get("activation").getAsString().toUpperCase()),
                            l.get("teacher_forcing").getAsBoolean());
                    break;
                default:
                    throw new IllegalArgumentException("unknown layer type '" + type + "'");
            }
            m.add(name, layer);
        }
        return m;
    }

    /**
     * The number of parameters the architecture declares, computed without allocating anything,
     * so a loader can compare it with the data a file really holds before building the model.
     */
    public static long parameterCount(JsonObject o) {
        long total = 0;
        for (JsonElement el : o.getAsJsonArray("layers")) {
            JsonObject l = el.getAsJsonObject();
            switch (l.get("type").getAsString()) {
                case "embedding":
                    total += (long) positive(l, "vocab_size") * positive(l, "dim");
                    break;
                case "dense":
                    total += (long) positive(l, "in") * positive(l, "out") + positive(l, "out");
                    break;
                case "recurrent": {
                    String cell = l.get("cell").getAsString();
                    long g = RecurrentConfig.CellType.valueOf(cell.toUpperCase(Locale.ROOT)).gates();
                    long h = positive(l, "hidden_size");
                    long dirs = l.get("bidirectional").getAsBoolean() ? 2 : 1;
                    long out = dirs == 2 && l.get("merge").getAsString().equalsIgnoreCase("concat") ? 2 * h : h;
                    long layers = positive(l, "num_layers");
                    long in = positive(l, "input_size");
                    for (long k = 0; k < layers; k++) {
                        long perDir = g * h * ((k == 0 ? in : out) + h) + 2 * g * h
                                + (l.get("peepholes").getAsBoolean() ? 3 * h : 0);
                        total += dirs * perDir;
                    }
                    break;
                }
                case "jordan": {
                    long i = positive(l, "in");
                    long h = positive(l, "hidden");
                    long out = positive(l, "out");
                    total += h * i + h * out + h + out * h + out;
                    break;
                }
                default:
                    break;
            }
            if (total < 0 || total > Long.MAX_VALUE / 4) {
                return Long.MAX_VALUE;
            }
        }
        return total;
    }

    /** Sizes above this are refused before anything is allocated (2^24 units or rows). */
    static final int MAX_SIZE = 1 << 24;

    private static int positive(JsonObject o, String key) {
        long v = o.get(key).getAsLong();
        if (v < 1 || v > MAX_SIZE) {
            throw new IllegalArgumentException(key + " must be in 1.." + MAX_SIZE + ", got " + v);
        }
        return (int) v;
    }
}
