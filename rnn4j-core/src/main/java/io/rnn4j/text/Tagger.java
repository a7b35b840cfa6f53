package io.rnn4j.text;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnn4j.eval.ChunkF1;
import io.rnn4j.kernel.Activations;
import io.rnn4j.loss.Loss;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.crf.CrfLoss;
import io.rnn4j.nn.crf.LinearChainCrf;
import io.rnn4j.tensor.Seq;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained sequence tagger (part-of-speech tags, chunks, named entities): the model
 * ({@link TaggerConfig}), its word table ({@link WordIds}), its characters ({@link CharIds}) and
 * its tags; a model file keeps all of it ({@code io.rnn4j.io.TaggerFile}). Sentences arrive as
 * tokens; each gets one tag per token, by Viterbi decoding when the tagger has a CRF, else the
 * best tag of each word.
 */
public final class Tagger {

    private static final int BATCH = 128;

    private final SequenceModel model;
    private final WordIds words;
    private final CharIds chars;
    private final List<String> tags;
    private final Map<String, Integer> tagIds = new HashMap<>();
    private final TaggerConfig config;
    /** The values of each feature column the model reads (empty when it reads none). */
    private final List<WordIds> features;

    public Tagger(SequenceModel model, WordIds words, CharIds chars, List<WordIds> features, List<String> tags,
                  TaggerConfig config) {
        if (!model.inputs().get("words").equals(words.size())) {
            throw new IllegalArgumentException("the model reads " + model.inputs().get("words") + " word ids, the table has "
                    + words.size());
        }
        if (config.chars() && !Integer.valueOf(config.charWidth()).equals(model.inputs().get("chars"))) {
            throw new IllegalArgumentException("the model's character input does not match its config");
        }
        if (model.outputSize() != tags.size()) {
            throw new IllegalArgumentException("the model scores " + model.outputSize() + " tags, the tagger names " + tags.size());
        }
        this.model = model;
        this.words = words;
        this.chars = chars;
        this.tags = List.copyOf(tags);
        for (int i = 0; i < tags.size(); i++) {
            tagIds.put(tags.get(i), i);
        }
        this.config = config;
        for (int j = 0; j < features.size(); j++) {
            if (!Integer.valueOf(features.get(j).size()).equals(model.inputs().get("feature" + (j + 1)))) {
                throw new IllegalArgumentException("the model's feature input " + (j + 1) + " does not match its value table");
            }
        }
        this.features = List.copyOf(features);
    }

    /**
     * A fresh (uninitialised) tagger over the training sentences' words, characters, feature
     * values (when the config reads features) and tags.
     */
    public static Tagger create(TaggerConfig config, TaggedSentences train, int minCount, int maxWords) {
        WordIds w = WordIds.of(train.words(), minCount, maxWords);
        CharIds c = CharIds.of(train.words(), 1000);
        List<String> tags = train.tagSet();
        List<WordIds> f = new ArrayList<>();
        if (config.features()) {
            for (int j = 0; j < train.featureCount(); j++) {
                int column = j;
                List<List<String>> values = new ArrayList<>();
                for (List<List<String>> s : train.features()) {
                    values.add(s.stream().map(v -> v.get(column)).toList());
                }
                f.add(WordIds.of(values, 1, 10_000));
            }
        }
        int[] sizes = f.stream().mapToInt(WordIds::size).toArray();
        return new Tagger(config.build(w.size(), c.size(), sizes, tags), w, c, f, tags, config);
    }

    /** The value tables of the feature columns the model reads. */
    public List<WordIds> features() {
        return features;
    }

    /** Refuses sentences whose words carry fewer feature columns than the model reads. */
    public void checkFeatures(TaggedSentences data) {
        if (data.size() > 0 && data.featureCount() < features.size()) {
            throw new IllegalArgumentException(data.origins().get(0) + ": words with " + data.featureCount() + " feature columns,"
                    + " the tagger reads " + features.size() + " (the columns between the word and its tag)");
        }
    }

    public SequenceModel model() {
        return model;
    }

    public WordIds words() {
        return words;
    }

    public CharIds chars() {
        return chars;
    }

    public List<String> tags() {
        return tags;
    }

    public TaggerConfig config() {
        return config;
    }

    /** The id of a tag; a tag training never saw is refused. */
    public int tagId(String tag) {
        Integer id = tagIds.get(tag);
        if (id == null) {
            throw new IllegalArgumentException("tag '" + tag + "' was never seen in training; the tagger knows " + tags);
        }
        return id;
    }

    /**
     * Words of {@code data} whose gold tag the tagger does not know (it can never predict them;
     * conll2000's test set has one I-LST that its training set lacks): null when there are none,
     * else one line naming the first and the count.
     */
    public String unknownTags(TaggedSentences data) {
        String first = null;
        long count = 0;
        for (int s = 0; s < data.size(); s++) {
            List<String> t = data.tags().get(s);
            for (int i = 0; i < t.size(); i++) {
                if (!tagIds.containsKey(t.get(i))) {
                    if (first == null) {
                        first = data.origins().get(s) + " (word " + (i + 1) + "): tag '" + t.get(i) + "' was never seen in training";
                    }
                    count++;
                }
            }
        }
        return first == null ? null : first + (count > 1 ? " (" + count + " words with unknown tags)" : "")
                + "; they count as errors";
    }

    /** The sentences whose every tag the tagger knows (those a loss can be computed on). */
    public TaggedSentences withKnownTags(TaggedSentences data) {
        List<Integer> keep = new ArrayList<>();
        for (int s = 0; s < data.size(); s++) {
            if (tagIds.keySet().containsAll(data.tags().get(s))) {
                keep.add(s);
            }
        }
        return data.subset(keep.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The loss training minimises: the CRF's negative log-likelihood, or per-word cross-entropy. */
    public Loss loss() {
        LinearChainCrf crf = crf();
        return crf != null ? new CrfLoss(crf) : new SoftmaxCrossEntropy();
    }

    private LinearChainCrf crf() {
        Layer l = model.layers().get("crf");
        return l instanceof LinearChainCrf c ? c : null;
    }

    /** Indices of sentences from shortest to longest. */
    static int[] lengthOrder(List<List<String>> sentences) {
        return LengthBuckets.order(sentences.stream().mapToInt(List::size).toArray());
    }

    /** The tags of every sentence, as names (a tagger that reads no feature columns). */
    public List<List<String>> tag(List<List<String>> sentences) {
        return tag(sentences, null);
    }

    /** The tags of every sentence, as names, each word with its feature values (null when the tagger reads none). */
    public List<List<String>> tag(List<List<String>> sentences, List<List<List<String>>> features) {
        int[][] ids = predict(sentences, features);
        List<List<String>> out = new ArrayList<>();
        for (int[] s : ids) {
            List<String> t = new ArrayList<>(s.length);
            for (int id : s) {
                t.add(tags.get(id));
            }
            out.add(t);
        }
        return out;
    }

    /** The tag ids of every sentence, computed in length-sorted batches. */
    public int[][] predict(List<List<String>> sentences, List<List<List<String>>> features) {
        int[] order = lengthOrder(sentences);
        int[][] out = new int[sentences.size()][];
        LinearChainCrf crf = crf();
        int k = tags.size();
        for (int from = 0; from < order.length; from += BATCH) {
            int to = Math.min(order.length, from + BATCH);
            List<List<String>> batch = new ArrayList<>();
            List<List<List<String>>> batchFeatures = features == null ? null : new ArrayList<>();
            for (int i = from; i < to; i++) {
                batch.add(sentences.get(order[i]));
                if (features != null) {
                    batchFeatures.add(features.get(order[i]));
                }
            }
            Seq scores = model.forward(TaggerBatches.inputs(this, batch, batchFeatures), ForwardContext.inference()).output();
            int[][] best;
            if (crf != null) {
                best = crf.decode(scores);
            } else {
                best = new int[batch.size()][];
                for (int b = 0; b < batch.size(); b++) {
                    best[b] = new int[batch.get(b).size()];
                    for (int t = 0; t < best[b].length; t++) {
                        best[b][t] = Activations.argmax(scores.values, (t * scores.batch + b) * k, k);
                    }
                }
            }
            for (int b = 0; b < batch.size(); b++) {
                out[order[from + b]] = best[b];
            }
        }
        return out;
    }

    /**
     * Token accuracy and (for chunk tags) conlleval's span scores of the tagger on {@code data};
     * words with tags the tagger does not know count as errors ({@link #unknownTags}).
     */
    public ChunkF1.Result evaluate(TaggedSentences data) {
        checkFeatures(data);
        return ChunkF1.of(data.tags(), tag(data.words(), features.isEmpty() ? null : data.features()));
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.add("config", config.toJson());
        JsonArray t = new JsonArray();
        tags.forEach(t::add);
        o.add("tags", t);
        o.add("words", words.toJson());
        o.add("chars", chars.toJson());
        JsonArray f = new JsonArray();
        features.forEach(v -> f.add(v.toJson()));
        o.add("features", f);
        return o;
    }

    public static Tagger fromJson(SequenceModel model, JsonElement json) {
        if (json == null || !json.isJsonObject()) {
            throw new IllegalArgumentException("the \"tagger\" entry must be a JSON object");
        }
        JsonObject o = json.getAsJsonObject();
        TaggerConfig config = TaggerConfig.fromJson(o.get("config"));
        JsonElement t = o.get("tags");
        if (t == null || !t.isJsonArray()) {
            throw new IllegalArgumentException("the \"tagger\" entry needs an array \"tags\"");
        }
        List<String> tags = new ArrayList<>();
        t.getAsJsonArray().forEach(e -> tags.add(e.getAsString()));
        List<WordIds> features = new ArrayList<>();
        JsonElement f = o.get("features");
        if (f == null || !f.isJsonArray()) {
            throw new IllegalArgumentException("the \"tagger\" entry needs an array \"features\"");
        }
        f.getAsJsonArray().forEach(e -> features.add(WordIds.fromJson(e)));
        return new Tagger(model, WordIds.fromJson(o.get("words")), CharIds.fromJson(o.get("chars")), features, tags, config);
    }
}
