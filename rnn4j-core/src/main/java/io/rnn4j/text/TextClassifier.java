package io.rnn4j.text;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnn4j.data.Tokenizer;
import io.rnn4j.data.WordVocabulary;
import io.rnn4j.kernel.Activations;
import io.rnn4j.nn.AttentionPooling;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.tensor.Seq;

import java.util.ArrayList;
import java.util.List;

/**
 * A trained text classifier: the model ({@link ClassifierConfig}), its vocabulary and its class
 * names; a model file keeps all three ({@code io.rnn4j.io.TextClassifierFile}).
 *
 * <p><b>Tokenisation</b> (the same in training and use): the text is lower-cased (Locale.ROOT) and
 * split into words (runs of letters and digits, with inner apostrophes and hyphens: "it's",
 * "co-writer") and single punctuation marks ({@link WordVocabulary#split}); words outside the
 * vocabulary become {@code <unk>}. A text with no words reads as one {@code <unk>}; with
 * {@code maxWords} set, only its first words are read. With n-grams (bag encoder only) the
 * word ids are followed by the ids of the text's word pairs (and triples) that the n-gram table
 * holds: those seen at least twice in the training texts, joined by a space; with character
 * n-grams, then the ids of the n-character pieces of each word ("&lt;" + word + "&gt;"; stored
 * with a leading "#") the table holds.
 */
public final class TextClassifier {

    private static final int BATCH = 256;

    private final SequenceModel model;
    private final WordVocabulary vocabulary;
    private final List<String> classes;
    private final ClassifierConfig config;
    /** The n-grams read as tokens of their own (ids from the vocabulary's size on), most frequent first. */
    private final List<String> ngrams;
    private final java.util.Map<String, Integer> ngramIds = new java.util.HashMap<>();

    public TextClassifier(SequenceModel model, WordVocabulary vocabulary, List<String> ngrams, List<String> classes,
                          ClassifierConfig config) {
        if (model.inputSize() != vocabulary.size() + ngrams.size()) {
            throw new IllegalArgumentException("the model reads " + model.inputSize() + " token ids, the vocabulary has "
                    + vocabulary.size() + " words and " + ngrams.size() + " n-grams");
        }
        if (!ngrams.isEmpty() && config.ngrams() < 2 && config.charNgrams() == 0) {
            throw new IllegalArgumentException("an n-gram table for a config that reads single words");
        }
        this.ngrams = List.copyOf(ngrams);
        for (int i = 0; i < ngrams.size(); i++) {
            ngramIds.put(ngrams.get(i), vocabulary.size() + i);
        }
        if (model.outputSize() != classes.size()) {
            throw new IllegalArgumentException("the model has " + model.outputSize() + " outputs for " + classes.size() + " classes");
        }
        this.model = model;
        this.vocabulary = vocabulary;
        this.classes = List.copyOf(classes);
        this.config = config;
    }

    /** A fresh (uninitialised) classifier over the vocabulary of {@code texts}. */
    public static TextClassifier create(ClassifierConfig config, List<String> texts, List<String> classes, int minCount,
                                        int maxVocabulary) {
        WordVocabulary v = WordVocabulary.of(String.join(" ", texts), minCount, maxVocabulary, true);
        List<String> table = ngramTable(texts, config.ngrams(), config.charNgrams(), maxVocabulary);
        return new TextClassifier(config.build(v.size() + table.size(), classes.size()), v, table, classes, config);
    }

    /**
     * Word pairs (and triples, up to {@code n} words) and character pieces of {@code c}
     * characters of the texts seen at least twice, most frequent first, at most {@code max}.
     */
    static List<String> ngramTable(List<String> texts, int n, int c, int max) {
        java.util.Map<String, Integer> counts = new java.util.LinkedHashMap<>();
        for (String t : texts) {
            for (String g : pieces(WordVocabulary.split(t.toLowerCase(java.util.Locale.ROOT)), n, c)) {
                counts.merge(g, 1, Integer::sum);
            }
        }
        List<java.util.Map.Entry<String, Integer>> ranked = new ArrayList<>(counts.entrySet());
        ranked.sort((a, b) -> Integer.compare(b.getValue(), a.getValue()));
        List<String> out = new ArrayList<>();
        for (java.util.Map.Entry<String, Integer> e : ranked) {
            if (out.size() >= max || e.getValue() < 2) {
                break;
            }
            out.add(e.getKey());
        }
        return out;
    }

    /** The word n-grams (2..n words, joined by spaces) and character n-grams ("#" + c characters) of the words, in order. */
    static List<String> pieces(List<String> w, int n, int c) {
        List<String> out = new ArrayList<>();
        for (int k = 2; k <= n; k++) {
            for (int i = 0; i + k <= w.size(); i++) {
                out.add(String.join(" ", w.subList(i, i + k)));
            }
        }
        if (c > 0) {
            for (String word : w) {
                int[] cps = ("<" + word + ">").codePoints().toArray();
                for (int i = 0; i + c <= cps.length; i++) {
                    out.add("#" + new String(cps, i, c));
                }
            }
        }
        return out;
    }

    /** The n-grams read as tokens (empty unless the config reads n-grams). */
    public List<String> ngrams() {
        return ngrams;
    }

    public SequenceModel model() {
        return model;
    }

    public WordVocabulary vocabulary() {
        return vocabulary;
    }

    public List<String> classes() {
        return classes;
    }

    public ClassifierConfig config() {
        return config;
    }

    /** Word ids of a text as the model reads them (see the class comment). */
    public int[] encode(String text) {
        List<String> words = vocabulary.tokens(text);
        if (words.isEmpty()) {
            return new int[]{0};
        }
        if (config.maxWords() > 0 && words.size() > config.maxWords()) {
            words = words.subList(0, config.maxWords());
        }
        int[] ids = vocabulary.ids(words);
        if (ngrams.isEmpty()) {
            return ids;
        }
        List<String> pieces = pieces(words, config.ngrams(), config.charNgrams());
        int[] out = java.util.Arrays.copyOf(ids, ids.length + pieces.size());
        int n = ids.length;
        for (String g : pieces) {
            Integer id = ngramIds.get(g);
            if (id != null) {
                out[n++] = id;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Every text encoded. */
    public List<int[]> encodeAll(List<String> texts) {
        List<int[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(encode(t));
        }
        return out;
    }

    /** Class probabilities of every text: (texts, classes), computed in length-sorted batches. */
    public float[][] probabilities(List<String> texts) {
        List<int[]> encoded = encodeAll(texts);
        int[] order = TextBatches.evaluationOrder(encoded);
        int k = classes.size();
        float[][] out = new float[texts.size()][];
        for (int from = 0; from < order.length; from += BATCH) {
            int to = Math.min(order.length, from + BATCH);
            List<int[]> batch = new ArrayList<>();
            for (int i = from; i < to; i++) {
                batch.add(encoded.get(order[i]));
            }
            Seq logits = model.forward(TextBatches.input(batch), ForwardContext.inference()).output();
            for (int b = 0; b < batch.size(); b++) {
                double[] logP = Activations.logSoftmax(logits.values, b * k, k, 1.0);
                float[] p = new float[k];
                for (int c = 0; c < k; c++) {
                    p[c] = (float) Math.exp(logP[c]);
                }
                out[order[from + b]] = p;
            }
        }
        return out;
    }

    /** The most probable class of every text. */
    public int[] predict(List<String> texts) {
        float[][] p = probabilities(texts);
        int[] out = new int[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = Activations.argmax(p[i], 0, p[i].length);
        }
        return out;
    }

    /** The tokens of a text as the model reads them ({@code <unk>} for unknown words; then its n-grams). */
    public List<String> words(String text) {
        List<String> out = new ArrayList<>();
        for (int id : encode(text)) {
            out.add(id < vocabulary.size() ? vocabulary.decode(id) : ngrams.get(id - vocabulary.size()));
        }
        return out;
    }

    /**
     * The attention weight of each word of {@code text} (summing to 1), or null when the model
     * does not pool by attention.
     */
    public float[] attention(String text) {
        if (!config.pooling().equals("attention") || config.encoder().equals("cnn")) {
            return null;
        }
        int[] ids = encode(text);
        Seq in = Seq.ofTokens(ids, ids.length, 1, new int[]{ids.length});
        // run the graph up to the pooling node alone: every node before "pool" is a plain layer in a chain
        Seq x = in;
        Layer.Pass pass = null;
        for (var e : model.layers().entrySet()) {
            pass = e.getValue().forward(x, ForwardContext.inference());
            if (e.getKey().equals("pool")) {
                return AttentionPooling.weights(pass);
            }
            x = pass.output();
        }
        return null;
    }

    /** The manifest entry a model file keeps the vocabulary, classes and config in. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.add("config", config.toJson());
        JsonArray names = new JsonArray();
        classes.forEach(names::add);
        o.add("classes", names);
        o.add("tokenizer", vocabulary.toJson());
        com.google.gson.JsonArray table = new com.google.gson.JsonArray();
        ngrams.forEach(table::add);
        o.add("ngrams", table);
        return o;
    }

    /** Rebuilds a classifier from a model file's graph and manifest entry, checking each field. */
    public static TextClassifier fromJson(SequenceModel model, JsonElement json) {
        if (json == null || !json.isJsonObject()) {
            throw new IllegalArgumentException("the \"text_classifier\" entry must be a JSON object");
        }
        JsonObject o = json.getAsJsonObject();
        ClassifierConfig config = ClassifierConfig.fromJson(o.get("config"));
        JsonElement names = o.get("classes");
        if (names == null || !names.isJsonArray()) {
            throw new IllegalArgumentException("the \"text_classifier\" entry needs an array \"classes\"");
        }
        List<String> classes = new ArrayList<>();
        for (JsonElement n : names.getAsJsonArray()) {
            classes.add(n.getAsString());
        }
        Tokenizer t = Tokenizer.fromJson(o.get("tokenizer"));
        if (!(t instanceof WordVocabulary v)) {
            throw new IllegalArgumentException("a text classifier reads words; its tokenizer is '" + t.kind() + "'");
        }
        JsonElement table = o.get("ngrams");
        if (table == null || !table.isJsonArray()) {
            throw new IllegalArgumentException("the \"text_classifier\" entry needs an array \"ngrams\"");
        }
        List<String> ngrams = new ArrayList<>();
        table.getAsJsonArray().forEach(e -> ngrams.add(e.getAsString()));
        return new TextClassifier(model, v, ngrams, classes, config);
    }
}
