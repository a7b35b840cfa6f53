package io.rnn4j.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnn4j.nn.AttentionPooling;
import io.rnn4j.nn.EmbeddingBag;
import io.rnn4j.nn.conv.CharCnn;
import io.rnn4j.nn.crf.LinearChainCrf;

import static io.rnn4j.io.LayerFormats.format;
import static io.rnn4j.io.LayerFormats.positive;
import static io.rnn4j.io.LayerFormats.register;
import static io.rnn4j.io.LayerFormats.required;

/**
 * The model-file formats of the layers text classifiers and taggers add: the embedding bag,
 * attention pooling and
 * the character CNN and the linear-chain CRF, whose allowed transitions are stored as rows of 0/1 ({@code "allowed"},
 * K × K) with {@code "allowed_start"} and {@code "allowed_end"} (K each).
 */
final class TextLayerFormats {

    private TextLayerFormats() {
    }

    static void registerAll() {
        register(format("embedding_bag", EmbeddingBag.class,
                (l, j, names) -> {
                    j.addProperty("vocab_size", l.vocabSize());
                    j.addProperty("dim", l.dim());
                },
                (j, layers) -> new EmbeddingBag(positive(j, "vocab_size"), positive(j, "dim")),
                j -> (long) positive(j, "vocab_size") * positive(j, "dim")));
        register(format("attention_pooling", AttentionPooling.class,
                (l, j, names) -> {
                    j.addProperty("features", l.features());
                    j.addProperty("attention_size", l.attention());
                },
                (j, layers) -> new AttentionPooling(positive(j, "features"), positive(j, "attention_size")),
                j -> (long) positive(j, "attention_size") * (positive(j, "features") + 2)));
        register(format("char_cnn", CharCnn.class,
                (l, j, names) -> {
                    j.addProperty("chars", l.chars());
                    j.addProperty("dim", l.dim());
                    j.addProperty("filters", l.filters());
                    j.addProperty("kernel", l.kernel());
                    j.addProperty("width", l.width());
                },
                (j, layers) -> new CharCnn(positive(j, "chars"), positive(j, "dim"), positive(j, "filters"), positive(j, "kernel"),
                        positive(j, "width")),
                j -> CharCnn.parameterCount(positive(j, "chars"), positive(j, "dim"), positive(j, "filters"),
                        positive(j, "kernel"))));
        register(format("linear_chain_crf", LinearChainCrf.class,
                (l, j, names) -> {
                    j.addProperty("tags", l.tags());
                    JsonArray rows = new JsonArray();
                    for (boolean[] row : l.allowed()) {
                        rows.add(bits(row));
                    }
                    j.add("allowed", rows);
                    j.add("allowed_start", bits(l.allowedStart()));
                    j.add("allowed_end", bits(l.allowedEnd()));
                },
                (j, layers) -> {
                    int k = positive(j, "tags");
                    JsonElement rows = required(j, "allowed");
                    if (!rows.isJsonArray() || rows.getAsJsonArray().size() != k) {
                        throw new IllegalArgumentException("field 'allowed' must be " + k + " rows of " + k + " flags");
                    }
                    boolean[][] allowed = new boolean[k][];
                    for (int i = 0; i < k; i++) {
                        allowed[i] = flags(rows.getAsJsonArray().get(i), k, "allowed");
                    }
                    return new LinearChainCrf(k, allowed, flags(required(j, "allowed_start"), k, "allowed_start"),
                            flags(required(j, "allowed_end"), k, "allowed_end"));
                },
                j -> {
                    long k = positive(j, "tags");
                    return k * k + 2 * k;
                }));
    }

    private static JsonArray bits(boolean[] row) {
        JsonArray a = new JsonArray();
        for (boolean b : row) {
            a.add(b ? 1 : 0);
        }
        return a;
    }

    private static boolean[] flags(JsonElement e, int k, String field) {
        if (!e.isJsonArray() || e.getAsJsonArray().size() != k) {
            throw new IllegalArgumentException("field '" + field + "' must hold " + k + " flags (0 or 1)");
        }
        boolean[] out = new boolean[k];
        for (int i = 0; i < k; i++) {
            int v = e.getAsJsonArray().get(i).getAsInt();
            if (v != 0 && v != 1) {
                throw new IllegalArgumentException("field '" + field + "' holds " + v + "; flags are 0 or 1");
            }
            out[i] = v == 1;
        }
        return out;
    }
}
