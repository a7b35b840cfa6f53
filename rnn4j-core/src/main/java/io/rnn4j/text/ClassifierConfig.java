package io.rnn4j.text;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnn4j.nn.AttentionPooling;
import io.rnn4j.nn.Activation;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Dropout;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.EmbeddingBag;
import io.rnn4j.nn.LastValidStep;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.Merge;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.conv.Conv1d;
import io.rnn4j.nn.conv.ConvAxis;
import io.rnn4j.nn.conv.GlobalPool1d;
import io.rnn4j.nn.conv.PoolKind;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shape of a many-to-one text classifier, and the graph it builds:
 *
 * <pre>
 *   words (T, B) → embedding (T, B, E) → dropout → encoder → pooling (1, B, F) → dropout → dense → K logits
 * </pre>
 *
 * Encoders: {@code lstm} or {@code gru} ({@code layers} deep, {@code hidden} units, both
 * directions unless {@code bidirectional} is false; F = hidden × directions) with pooling over
 * the valid steps by {@code last} state (a bidirectional encoder's forward half at the last word,
 * reverse half at the first), {@code max}, {@code mean} or {@code attention} (weights exposed);
 * {@code cnn}, Kim (2014)'s parallel convolutions of {@code widths} words with {@code filters}
 * each, ReLU and max-over-time pooling (F = filters × widths; each sentence zero-padded by
 * width − 1 on both sides, so the shortest still fill a window); and {@code bag}, no encoder:
 * the pooling of the embeddings themselves (mean: a fastText-style bag of words, F = E, computed
 * by an {@link EmbeddingBag}, with dropout only after the pooling), which
 * with {@code ngrams} = 2 or 3 also reads every pair (and triple) of neighbouring words seen at
 * least twice in training as a token of its own (Joulin et al. 2017, "Bag of Tricks for
 * Efficient Text Classification"), and with {@code charNgrams} = n every run of n characters
 * of each word (marked with "&lt;" and "&gt;" at its ends) seen at least twice, so words never seen in
 * training still count through their pieces (fastText's subword features, Bojanowski et al. 2017).
 *
 * <p>An immutable record with defaults ({@link #defaults()}) and named withers; the values are
 * checked when the model is built.
 */
public record ClassifierConfig(String encoder, int embedding, int hidden, int layers, boolean bidirectional, String pooling,
                               int attention, List<Integer> widths, int filters, float dropout, int maxWords, int ngrams,
                               int charNgrams) {

    /** The encoders and poolings a config may name. */
    public static final List<String> ENCODERS = List.of("lstm", "gru", "cnn", "bag");
    public static final List<String> POOLINGS = List.of("last", "max", "mean", "attention");

    public ClassifierConfig {
        encoder = encoder.toLowerCase(Locale.ROOT);
        pooling = pooling.toLowerCase(Locale.ROOT);
        if (!ENCODERS.contains(encoder)) {
            throw new IllegalArgumentException("encoder must be one of " + ENCODERS + ", got '" + encoder + "'");
        }
        if (!POOLINGS.contains(pooling)) {
            throw new IllegalArgumentException("pooling must be one of " + POOLINGS + ", got '" + pooling + "'");
        }
        if (encoder.equals("bag") && pooling.equals("last")) {
            throw new IllegalArgumentException("a bag of words has no last state: pool it by max, mean or attention");
        }
        if (embedding < 1 || hidden < 1 || layers < 1 || filters < 1 || attention < 1) {
            throw new IllegalArgumentException("embedding, hidden, layers, filters and attention size must be >= 1, got "
                    + embedding + ", " + hidden + ", " + layers + ", " + filters + ", " + attention);
        }
        if (widths.isEmpty() || widths.stream().anyMatch(w -> w < 1)) {
            throw new IllegalArgumentException("convolution widths must be one or more sizes >= 1, got " + widths);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (ngrams < 1 || ngrams > 3) {
            throw new IllegalArgumentException("n-grams must be 1, 2 or 3, got " + ngrams);
        }
        if (charNgrams != 0 && (charNgrams < 2 || charNgrams > 6)) {
            throw new IllegalArgumentException("character n-grams must be 0 (none) or 2..6 characters, got " + charNgrams);
        }
        if ((ngrams > 1 || charNgrams > 0) && !encoder.equals("bag")) {
            throw new IllegalArgumentException("word and character n-gram tokens are for the bag encoder, which ignores word order; " + encoder
                    + " reads the order itself");
        }
        if (maxWords < 0) {
            throw new IllegalArgumentException("the word limit must be >= 0 (0: none), got " + maxWords);
        }
        widths = List.copyOf(widths);
    }

    /** A bidirectional LSTM of 128 units over 128-wide embeddings, max-pooled, dropout 0.5. */
    public static ClassifierConfig defaults() {
        return new ClassifierConfig("lstm", 128, 128, 1, true, "max", 64, List.of(3, 4, 5), 100, 0.5f, 0, 1, 0);
    }

    public ClassifierConfig withEncoder(String e) {
        return new ClassifierConfig(e, embedding, hidden, layers, bidirectional, pooling, attention, widths, filters, dropout,
                maxWords, ngrams, charNgrams);
    }

    public ClassifierConfig withEmbedding(int e) {
        return new ClassifierConfig(encoder, e, hidden, layers, bidirectional, pooling, attention, widths, filters, dropout,
                maxWords, ngrams, charNgrams);
    }

    public ClassifierConfig withHidden(int h) {
        return new ClassifierConfig(encoder, embedding, h, layers, bidirectional, pooling, attention, widths, filters, dropout,
                maxWords, ngrams, charNgrams);
    }

    public ClassifierConfig withLayers(int l) {
        return new ClassifierConfig(encoder, embedding, hidden, l, bidirectional, pooling, attention, widths, filters, dropout,
                maxWords, ngrams, charNgrams);
    }

    public ClassifierConfig withBidirectional(boolean b) {
        return new ClassifierConfig(encoder, embedding, hidden, layers, b, pooling, attention, widths, filters, dropout, maxWords,
                ngrams, charNgrams);
    }

    public ClassifierConfig withPooling(String p) {
        return new ClassifierConfig(encoder, embedding, hidden, layers, bidirectional, p, attention, widths, filters, dropout,
                maxWords, ngrams, charNgrams);
    }

    public ClassifierConfig withFilters(int f, List<Integer> w) {
        return new ClassifierConfig(encoder, embedding, hidden, layers, bidirectional, pooling, attention, w, f, dropout, maxWords,
                ngrams, charNgrams);
    }

    public ClassifierConfig withDropout(float p) {
        return new ClassifierConfig(encoder, embedding, hidden, layers, bidirectional, pooling, attention, widths, filters, p,
                maxWords, ngrams, charNgrams);
    }

    public ClassifierConfig withNgrams(int n) {
        return new ClassifierConfig(encoder, embedding, hidden, layers, bidirectional, pooling, attention, widths, filters, dropout,
                maxWords, n, charNgrams);
    }

    public ClassifierConfig withCharNgrams(int n) {
        return new ClassifierConfig(encoder, embedding, hidden, layers, bidirectional, pooling, attention, widths, filters, dropout,
                maxWords, ngrams, n);
    }

    public ClassifierConfig withMaxWords(int n) {
        return new ClassifierConfig(encoder, embedding, hidden, layers, bidirectional, pooling, attention, widths, filters, dropout,
                n, ngrams, charNgrams);
    }

    /** The graph over a vocabulary of {@code vocab} words and {@code classes} classes (not initialised). */
    public SequenceModel build(int vocab, int classes) {
        SequenceModel m = SequenceModel.graph().input("words", vocab);
        if (encoder.equals("bag") && pooling.equals("mean")) {
            // the mean of the embeddings without forming them: several times faster on documents
            m.add("embed", new EmbeddingBag(vocab, embedding), "words");
            String last = "embed";
            if (dropout > 0) {
                m.add("dropout", new Dropout(dropout), last);
                last = "dropout";
            }
            m.add("head", new Dense(embedding, classes), last);
            return m.output("logits", "head");
        }
        m.add("embed", new Embedding(vocab, embedding), "words");
        String last = "embed";
        if (dropout > 0) {
            m.add("embed_dropout", new Dropout(dropout), last);
            last = "embed_dropout";
        }
        int features;
        switch (encoder) {
            case "cnn" -> {
                List<String> pooled = new ArrayList<>();
                for (int w : widths) {
                    m.add("conv" + w, new Conv1d(embedding, filters, ConvAxis.of(w).withPadding(w - 1), true), last);
                    m.add("relu" + w, new Activation(Activation.Kind.RELU), "conv" + w);
                    m.add("pool" + w, new GlobalPool1d(PoolKind.MAX), "relu" + w);
                    pooled.add("pool" + w);
                }
                features = filters * widths.size();
                if (pooled.size() == 1) {
                    last = pooled.get(0);
                } else {
                    m.add("features", Merge.concat(), pooled.toArray(new String[0]));
                    last = "features";
                }
            }
            case "bag" -> {
                features = embedding;
                m.add("pool", pooling(features), last);
                last = "pool";
            }
            default -> {
                RecurrentConfig rc = (encoder.equals("gru") ? RecurrentConfig.gru(embedding, hidden)
                        : RecurrentConfig.lstm(embedding, hidden)).layers(layers);
                if (layers > 1 && dropout > 0) {
                    rc = rc.dropout(dropout);
                }
                if (bidirectional) {
                    rc = rc.bidirectional(RecurrentConfig.Merge.CONCAT);
                }
                m.add("rnn", new RecurrentLayer(rc, RecurrentLayer.Output.SEQUENCE), last);
                features = rc.outputSize();
                m.add("pool", pooling(features), "rnn");
                last = "pool";
            }
        }
        if (dropout > 0) {
            m.add("dropout", new Dropout(dropout), last);
            last = "dropout";
        }
        m.add("head", new Dense(features, classes), last);
        return m.output("logits", "head");
    }

    private Layer pooling(int features) {
        return switch (pooling) {
            case "last" -> bidirectional ? LastValidStep.bidirectional() : LastValidStep.of();
            case "max" -> new GlobalPool1d(PoolKind.MAX);
            case "mean" -> new GlobalPool1d(PoolKind.AVG);
            default -> new AttentionPooling(features, attention);
        };
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("encoder", encoder);
        o.addProperty("embedding", embedding);
        o.addProperty("hidden", hidden);
        o.addProperty("layers", layers);
        o.addProperty("bidirectional", bidirectional);
        o.addProperty("pooling", pooling);
        o.addProperty("attention", attention);
        JsonArray w = new JsonArray();
        widths.forEach(w::add);
        o.add("widths", w);
        o.addProperty("filters", filters);
        o.addProperty("dropout", dropout);
        o.addProperty("max_words", maxWords);
        o.addProperty("ngrams", ngrams);
        o.addProperty("char_ngrams", charNgrams);
        return o;
    }

    public static ClassifierConfig fromJson(JsonElement json) {
        if (json == null || !json.isJsonObject()) {
            throw new IllegalArgumentException("the classifier's \"config\" must be a JSON object");
        }
        JsonObject o = json.getAsJsonObject();
        List<Integer> widths = new ArrayList<>();
        for (JsonElement e : field(o, "widths").getAsJsonArray()) {
            widths.add(e.getAsInt());
        }
        return new ClassifierConfig(field(o, "encoder").getAsString(), field(o, "embedding").getAsInt(),
                field(o, "hidden").getAsInt(), field(o, "layers").getAsInt(), field(o, "bidirectional").getAsBoolean(),
                field(o, "pooling").getAsString(), field(o, "attention").getAsInt(), widths, field(o, "filters").getAsInt(),
                field(o, "dropout").getAsFloat(), field(o, "max_words").getAsInt(), field(o, "ngrams").getAsInt(),
                field(o, "char_ngrams").getAsInt());
    }

    static JsonElement field(JsonObject o, String name) {
        JsonElement e = o.get(name);
        if (e == null || e.isJsonNull()) {
            throw new IllegalArgumentException("the classifier config lacks \"" + name + "\"");
        }
        return e;
    }
}
