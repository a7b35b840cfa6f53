package io.rnn4j.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnn4j.nn.Activation;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Dropout;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.LastValidStep;
import io.rnn4j.nn.Merge;
import io.rnn4j.nn.OneHot;
import io.rnn4j.nn.attention.Attention;
import io.rnn4j.nn.attention.AttentionDecoder;
import io.rnn4j.nn.attention.InputAttentionEncoder;
import io.rnn4j.nn.recurrent.Gru;
import io.rnn4j.nn.recurrent.JordanLayer;
import io.rnn4j.nn.recurrent.ParallelSegmentDecoder;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.nn.recurrent.SimpleRnn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The registry of {@link LayerFormat}s, by layer class and by type name, holding every layer the
 * core ships. Another module adds its own layers with {@link #register}.
 */
public final class LayerFormats {

    private static final Map<Class<?>, LayerFormat<?>> BY_CLASS = new ConcurrentHashMap<>();
    private static final Map<String, LayerFormat<?>> BY_TYPE = new ConcurrentHashMap<>();

    private LayerFormats() {
    }

    static {
        register(format("embedding", Embedding.class,
                (l, j, names) -> {
                    j.addProperty("vocab_size", l.vocabSize());
                    j.addProperty("dim", l.dim());
                },
                (j, layers) -> new Embedding(positive(j, "vocab_size"), positive(j, "dim")),
                j -> (long) positive(j, "vocab_size") * positive(j, "dim")));
        register(format("one_hot", OneHot.class,
                (l, j, names) -> j.addProperty("vocab_size", l.vocabSize()),
                (j, layers) -> new OneHot(positive(j, "vocab_size")),
                j -> 0));
        register(format("dense", Dense.class, LayerFormats::writeDense, LayerFormats::readDense,
                j -> j.has("tied_to") ? positive(j, "out") : (long) positive(j, "in") * positive(j, "out") + positive(j, "out")));
        register(format("activation", Activation.class,
                (l, j, names) -> {
                    j.addProperty("kind", lower(l.kind()));
                    if (l.kind() == Activation.Kind.LEAKY_RELU) {
                        j.addProperty("negative_slope", l.negativeSlope());
                    }
                },
                LayerFormats::readActivation,
                j -> 0));
        register(format("dropout", Dropout.class,
                (l, j, names) -> j.addProperty("p", l.p()),
                (j, layers) -> new Dropout(required(j, "p").getAsFloat()),
                j -> 0));
        register(format("merge", Merge.class,
                (l, j, names) -> j.addProperty("kind", lower(l.kind())),
                (j, layers) -> new Merge(Merge.Kind.valueOf(upper(j, "kind"))),
                j -> 0));
        register(format("recurrent", RecurrentLayer.class, LayerFormats::writeRecurrent,
                (j, layers) -> new RecurrentLayer(recurrentConfig(j), RecurrentLayer.Output.valueOf(upper(j, "output"))),
                j -> recurrentConfig(j).parameterCount()));
        register(format("jordan", JordanLayer.class,
                (l, j, names) -> {
                    j.addProperty("in", l.in());
                    j.addProperty("hidden", l.hidden());
                    j.addProperty("out", l.out());
                    j.addProperty("activation", lower(l.activation()));
                    j.addProperty("teacher_forcing", l.teacherForcing());
                },
                (j, layers) -> new JordanLayer(positive(j, "in"), positive(j, "hidden"), positive(j, "out"),
                        JordanLayer.OutputActivation.valueOf(upper(j, "activation")),
                        required(j, "teacher_forcing").getAsBoolean()),
                j -> {
                    long i = positive(j, "in");
                    long h = positive(j, "hidden");
                    long o = positive(j, "out");
                    return h * i + h * o + h + o * h + o; // W_ih, W_ch, b_h, W_ho, b_o
                }));
    }

    static {
        register(format("last_valid_step", LastValidStep.class,
                (l, j, names) -> j.addProperty("bidirectional", l.isBidirectional()),
                (j, layers) -> required(j, "bidirectional").getAsBoolean() ? LastValidStep.bidirectional() : LastValidStep.of(),
                j -> 0));
        register(format("attention", Attention.class,
                (l, j, names) -> writeAttention(l, j),
                (j, layers) -> new Attention(score(j), positive(j, "query_size"), positive(j, "memory_size"),
                        nonNegative(j, "attention_size")),
                j -> Attention.parameterCount(score(j), positive(j, "query_size"), positive(j, "memory_size"),
                        nonNegative(j, "attention_size"))));
        register(format("attention_decoder", AttentionDecoder.class,
                (l, j, names) -> writeDecoder(l, j),
                (j, layers) -> readDecoder(j),
                j -> AttentionDecoder.parameterCount(recurrentConfig(j), positive(j, "memory_size"), positive(j, "summary_size"),
                        decoderScore(j), nonNegative(j, "attention_size"), required(j, "input_feeding").getAsBoolean())));
        register(format("parallel_segment_decoder", ParallelSegmentDecoder.class,
                (l, j, names) -> {
                    j.addProperty("encoder", names.apply(l.encoder()));
                    j.addProperty("segments", l.segments());
                    j.addProperty("channels", l.channels());
                    j.addProperty("channel_ids", l.channelIds());
                    j.addProperty("hidden", l.hidden());
                },
                LayerFormats::readSegmentDecoder,
                // its embeddings; the GRU it steps is the encoder's, counted there
                j -> ParallelSegmentDecoder.parameterCount(positive(j, "segments"), positive(j, "channels"), positive(j, "hidden"),
                        required(j, "channel_ids").getAsBoolean())));
        register(format("input_attention_encoder", InputAttentionEncoder.class,
                (l, j, names) -> {
                    writeRecurrentConfig(l.rnn(), j);
                    j.addProperty("window", l.window());
                    j.addProperty("attention_size", l.attentionSize());
                },
                (j, layers) -> new InputAttentionEncoder(recurrentConfig(j), positive(j, "window"), positive(j, "attention_size")),
                j -> InputAttentionEncoder.parameterCount(recurrentConfig(j), positive(j, "window"), positive(j, "attention_size"))));
        ConvLayerFormats.registerAll();
        TextLayerFormats.registerAll();
    }

    /** Adds (or replaces) the format of one layer class. */
    public static void register(LayerFormat<?> format) {
        BY_CLASS.put(format.layerClass(), format);
        BY_TYPE.put(format.type(), format);
    }

    /** The format of this layer's class, or an exception naming the layer that cannot be saved. */
    @SuppressWarnings("unchecked")
    static <L> LayerFormat<L> forLayer(String node, L layer) {
        LayerFormat<L> f = (LayerFormat<L>) BY_CLASS.get(layer.getClass());
        if (f == null) {
            throw new IllegalArgumentException("layer '" + node + "' of type " + layer.getClass().getSimpleName()
                    + " cannot be saved: no LayerFormat is registered for it (LayerFormats.register)");
        }
        return f;
    }

    static LayerFormat<?> forType(String type) {
        LayerFormat<?> f = BY_TYPE.get(type);
        if (f == null) {
            throw new IllegalArgumentException("unknown layer type '" + type + "'");
        }
        return f;
    }

    /** A format from its three functions. */
    public static <L> LayerFormat<L> format(String type, Class<L> layerClass, Writer<L> writer,
                                            BiFunction<JsonObject, Function<String, Object>, L> reader,
                                            ToLongFunction<JsonObject> parameterCount) {
        return new LayerFormat<>() {
            @Override
            public String type() {
                return type;
            }

            @Override
            public Class<L> layerClass() {
                return layerClass;
            }

            @Override
            public void write(L layer, JsonObject json, Function<Object, String> nodeNameOf) {
                writer.write(layer, json, nodeNameOf);
            }

            @Override
            public L read(JsonObject json, Function<String, Object> layerNamed) {
                return reader.apply(json, layerNamed);
            }

            @Override
            public long parameterCount(JsonObject json) {
                return parameterCount.applyAsLong(json);
            }
        };
    }

    /** The writing half of a format. */
    @FunctionalInterface
    public interface Writer<L> {
        void write(L layer, JsonObject json, Function<Object, String> nodeNameOf);
    }

    private static void writeDense(Dense d, JsonObject j, Function<Object, String> nodeNameOf) {
        j.addProperty("in", d.in());
        j.addProperty("out", d.out());
        if (d.tiedEmbedding() != null) {
            j.addProperty("tied_to", nodeNameOf.apply(d.tiedEmbedding()));
        }
    }

    private static Dense readDense(JsonObject j, Function<String, Object> layerNamed) {
        if (!j.has("tied_to")) {
            return new Dense(positive(j, "in"), positive(j, "out"));
        }
        String node = required(j, "tied_to").getAsString();
        Object owner = layerNamed.apply(node);
        if (owner == null || owner.getClass() != Embedding.class) {
            throw new IllegalArgumentException("dense layer is tied to '" + node + "', which is no earlier embedding");
        }
        Dense d = Dense.tiedTo((Embedding) owner);
        if (d.in() != positive(j, "in") || d.out() != positive(j, "out")) {
            throw new IllegalArgumentException("dense layer tied to '" + node + "' declares (" + positive(j, "out") + ", "
                    + positive(j, "in") + "), the embedding is (" + d.out() + ", " + d.in() + ")");
        }
        return d;
    }

    private static ParallelSegmentDecoder readSegmentDecoder(JsonObject j, Function<String, Object> layerNamed) {
        String node = required(j, "encoder").getAsString();
        Object encoder = layerNamed.apply(node);
        if (!(encoder instanceof RecurrentLayer r)) {
            throw new IllegalArgumentException("segment decoder steps '" + node + "', which is no earlier recurrent layer");
        }
        ParallelSegmentDecoder d = new ParallelSegmentDecoder(r, positive(j, "segments"), positive(j, "channels"),
                required(j, "channel_ids").getAsBoolean());
        if (d.hidden() != positive(j, "hidden")) {
            throw new IllegalArgumentException("segment decoder declares hidden size " + positive(j, "hidden") + ", its encoder '"
                    + node + "' has " + d.hidden());
        }
        return d;
    }

    private static Activation readActivation(JsonObject j, Function<String, Object> layerNamed) {
        Activation.Kind kind = Activation.Kind.valueOf(upper(j, "kind"));
        return kind == Activation.Kind.LEAKY_RELU ? Activation.leakyRelu(required(j, "negative_slope").getAsFloat())
                : new Activation(kind);
    }

    private static void writeRecurrent(RecurrentLayer r, JsonObject l, Function<Object, String> nodeNameOf) {
        writeRecurrentConfig(r.stack().config(), l);
        l.addProperty("output", lower(r.output()));
    }

    private static void writeRecurrentConfig(RecurrentConfig c, JsonObject l) {
        l.addProperty("cell", lower(c.cell()));
        l.addProperty("input_size", c.inputSize());
        l.addProperty("hidden_size", c.hiddenSize());
        l.addProperty("num_layers", c.numLayers());
        l.addProperty("bidirectional", c.bidirectional());
        l.addProperty("merge", lower(c.merge()));
        l.addProperty("dropout", c.dropout());
        l.addProperty("nonlinearity", lower(c.nonlinearity()));
        l.addProperty("gru_variant", lower(c.gruVariant()));
        l.addProperty("peepholes", c.peepholes());
        if (c.forgetBias() != null) {
            l.addProperty("forget_bias", c.forgetBias());
        }
        if (!c.clockPeriods().isEmpty()) {
            JsonArray periods = new JsonArray();
            c.clockPeriods().forEach(periods::add);
            l.add("clock_periods", periods);
        }
    }

    private static void writeAttention(Attention a, JsonObject j) {
        j.addProperty("score", lower(a.score()));
        j.addProperty("query_size", a.querySize());
        j.addProperty("memory_size", a.memorySize());
        j.addProperty("attention_size", a.attentionSize());
    }

    private static Attention.Score score(JsonObject j) {
        return Attention.Score.valueOf(upper(j, "score"));
    }

    /** A decoder's score, or null for "none" (a decoder without attention). */
    private static Attention.Score decoderScore(JsonObject j) {
        return "NONE".equals(upper(j, "score")) ? null : score(j);
    }

    private static void writeDecoder(AttentionDecoder d, JsonObject j) {
        writeRecurrentConfig(d.rnn(), j);
        j.addProperty("memory_size", d.memorySize());
        j.addProperty("summary_size", d.summarySize());
        j.addProperty("score", d.attention() == null ? "none" : lower(d.attention().score()));
        j.addProperty("attention_size", d.attention() == null ? 0 : d.attention().attentionSize());
        j.addProperty("input_feeding", d.inputFeeding());
    }

    private static AttentionDecoder readDecoder(JsonObject j) {
        return new AttentionDecoder(recurrentConfig(j), positive(j, "memory_size"), positive(j, "summary_size"), decoderScore(j),
                nonNegative(j, "attention_size"), required(j, "input_feeding").getAsBoolean());
    }

    static int nonNegative(JsonObject o, String key) {
        long v = required(o, key).getAsLong();
        if (v < 0 || v > MAX_SIZE) {
            throw new IllegalArgumentException(key + " must be in 0.." + MAX_SIZE + ", got " + v);
        }
        return (int) v;
    }

    private static RecurrentConfig recurrentConfig(JsonObject l) {
        List<Integer> periods = new ArrayList<>();
        if (l.has("clock_periods")) {
            for (JsonElement p : l.getAsJsonArray("clock_periods")) {
                periods.add(p.getAsInt());
            }
        }
        return new RecurrentConfig(
                RecurrentConfig.CellType.valueOf(upper(l, "cell")),
                positive(l, "input_size"), positive(l, "hidden_size"), positive(l, "num_layers"),
                required(l, "bidirectional").getAsBoolean(),
                RecurrentConfig.Merge.valueOf(upper(l, "merge")),
                required(l, "dropout").getAsFloat(),
                SimpleRnn.Nonlinearity.valueOf(upper(l, "nonlinearity")),
                Gru.Variant.valueOf(upper(l, "gru_variant")),
                required(l, "peepholes").getAsBoolean(),
                l.has("forget_bias") && !l.get("forget_bias").isJsonNull() ? l.get("forget_bias").getAsFloat() : null,
                periods);
    }

    /** Sizes above this are refused before anything is allocated (2^24 units or rows). */
    static final int MAX_SIZE = 1 << 24;

    static int positive(JsonObject o, String key) {
        long v = required(o, key).getAsLong();
        if (v < 1 || v > MAX_SIZE) {
            throw new IllegalArgumentException(key + " must be in 1.." + MAX_SIZE + ", got " + v);
        }
        return (int) v;
    }

    static JsonElement required(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException("field '" + key + "' is missing");
        }
        return e;
    }

    static String upper(JsonObject o, String key) {
        return required(o, key).getAsString().toUpperCase(Locale.ROOT);
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
