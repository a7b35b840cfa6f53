package io.rnn4j.text;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Dropout;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.Merge;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.conv.CharCnn;
import io.rnn4j.nn.crf.LinearChainCrf;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;

import java.util.List;
import java.util.Locale;

/**
 * The shape of a sequence tagger (Huang, Xu &amp; Yu 2015; Lample et al. 2016; Ma &amp; Hovy 2016),
 * and the graph it builds:
 *
 * <pre>
 *   words (T, B) → embedding (E) ────────┐
 *   chars (T, B, W) → char CNN (F) ──────┤
 *   feature j (T, B) → embedding (D) ────┴→ concat → dropout → bi-LSTM/GRU (2H) → dropout → dense (K) → CRF → tags
 * </pre>
 *
 * Without {@code chars} the char CNN is left out; without {@code features} the words' feature
 * columns (a CoNLL file's part-of-speech column) are not read; without {@code crf} the dense
 * layer's scores are the output and each word is tagged on its own (softmax cross-entropy,
 * argmax).
 *
 * @param charWidth  characters per word the char CNN reads (longer words are cut)
 * @param featureDim the embedding size of each feature column's values
 */
public record TaggerConfig(String cell, int embedding, int hidden, int layers, boolean chars, int charDim, int charFilters,
                           int charWindow, int charWidth, boolean crf, float dropout, boolean features, int featureDim) {

    public TaggerConfig {
        cell = cell.toLowerCase(Locale.ROOT);
        if (!cell.equals("lstm") && !cell.equals("gru")) {
            throw new IllegalArgumentException("cell must be lstm or gru, got '" + cell + "'");
        }
        if (embedding < 1 || hidden < 1 || layers < 1 || charDim < 1 || charFilters < 1 || charWidth < 1) {
            throw new IllegalArgumentException("sizes must be >= 1, got embedding " + embedding + ", hidden " + hidden + ", layers "
                    + layers + ", char dim " + charDim + ", char filters " + charFilters + ", char width " + charWidth);
        }
        if (charWindow < 1 || charWindow % 2 == 0) {
            throw new IllegalArgumentException("the char CNN window must be odd, got " + charWindow);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (featureDim < 1) {
            throw new IllegalArgumentException("the feature embedding size must be >= 1, got " + featureDim);
        }
    }

    /**
     * Bi-LSTM 100 per direction over 100-wide word vectors, a 30-filter char CNN (25-wide chars,
     * window 3), feature columns in 20-wide vectors, CRF, dropout 0.5.
     */
    public static TaggerConfig defaults() {
        return new TaggerConfig("lstm", 100, 100, 1, true, 25, 30, 3, 20, true, 0.5f, true, 20);
    }

    public TaggerConfig withChars(boolean on) {
        return new TaggerConfig(cell, embedding, hidden, layers, on, charDim, charFilters, charWindow, charWidth, crf, dropout,
                features, featureDim);
    }

    public TaggerConfig withCrf(boolean on) {
        return new TaggerConfig(cell, embedding, hidden, layers, chars, charDim, charFilters, charWindow, charWidth, on, dropout,
                features, featureDim);
    }

    public TaggerConfig withFeatures(boolean on) {
        return new TaggerConfig(cell, embedding, hidden, layers, chars, charDim, charFilters, charWindow, charWidth, crf, dropout,
                on, featureDim);
    }

    /**
     * The graph over {@code words} words, {@code charIds} character ids, feature columns of
     * {@code featureSizes} values each (read only when {@code features}) and the named tags (not
     * initialised).
     */
    public SequenceModel build(int words, int charIds, int[] featureSizes, List<String> tags) {
        SequenceModel m = SequenceModel.graph().input("words", words);
        if (chars) {
            m.input("chars", charWidth);
        }
        int columns = features ? featureSizes.length : 0;
        for (int j = 0; j < columns; j++) {
            m.input("feature" + (j + 1), featureSizes[j]);
        }
        m.add("embed", new Embedding(words, embedding), "words");
        String last = "embed";
        int features = embedding;
        java.util.List<String> parts = new java.util.ArrayList<>(List.of("embed"));
        if (chars) {
            m.add("char_cnn", new CharCnn(charIds, charDim, charFilters, charWindow, charWidth), "chars");
            parts.add("char_cnn");
            features += charFilters;
        }
        for (int j = 0; j < columns; j++) {
            m.add("embed_feature" + (j + 1), new Embedding(featureSizes[j], featureDim), "feature" + (j + 1));
            parts.add("embed_feature" + (j + 1));
            features += featureDim;
        }
        if (parts.size() > 1) {
            m.add("word_features", Merge.concat(), parts.toArray(new String[0]));
            last = "word_features";
        }
        if (dropout > 0) {
            m.add("input_dropout", new Dropout(dropout), last);
            last = "input_dropout";
        }
        RecurrentConfig rc = (cell.equals("gru") ? RecurrentConfig.gru(features, hidden) : RecurrentConfig.lstm(features, hidden))
                .layers(layers).bidirectional(RecurrentConfig.Merge.CONCAT);
        if (layers > 1 && dropout > 0) {
            rc = rc.dropout(dropout);
        }
        m.add("rnn", new RecurrentLayer(rc, RecurrentLayer.Output.SEQUENCE), last);
        last = "rnn";
        if (dropout > 0) {
            m.add("dropout", new Dropout(dropout), last);
            last = "dropout";
        }
        m.add("emissions", new Dense(rc.outputSize(), tags.size()), last);
        last = "emissions";
        if (crf) {
            m.add("crf", LinearChainCrf.forTags(tags), last);
            last = "crf";
        }
        return m.output("tags", last);
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("cell", cell);
        o.addProperty("embedding", embedding);
        o.addProperty("hidden", hidden);
        o.addProperty("layers", layers);
        o.addProperty("chars", chars);
        o.addProperty("char_dim", charDim);
        o.addProperty("char_filters", charFilters);
        o.addProperty("char_window", charWindow);
        o.addProperty("char_width", charWidth);
        o.addProperty("crf", crf);
        o.addProperty("dropout", dropout);
        o.addProperty("features", features);
        o.addProperty("feature_dim", featureDim);
        return o;
    }

    public static TaggerConfig fromJson(JsonElement json) {
        if (json == null || !json.isJsonObject()) {
            throw new IllegalArgumentException("the tagger's \"config\" must be a JSON object");
        }
        JsonObject o = json.getAsJsonObject();
        return new TaggerConfig(ClassifierConfig.field(o, "cell").getAsString(), ClassifierConfig.field(o, "embedding").getAsInt(),
                ClassifierConfig.field(o, "hidden").getAsInt(), ClassifierConfig.field(o, "layers").getAsInt(),
                ClassifierConfig.field(o, "chars").getAsBoolean(), ClassifierConfig.field(o, "char_dim").getAsInt(),
                ClassifierConfig.field(o, "char_filters").getAsInt(), ClassifierConfig.field(o, "char_window").getAsInt(),
                ClassifierConfig.field(o, "char_width").getAsInt(), ClassifierConfig.field(o, "crf").getAsBoolean(),
                ClassifierConfig.field(o, "dropout").getAsFloat(), ClassifierConfig.field(o, "features").getAsBoolean(),
                ClassifierConfig.field(o, "feature_dim").getAsInt());
    }
}
