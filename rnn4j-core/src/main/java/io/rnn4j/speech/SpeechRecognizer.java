package io.rnn4j.speech;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnn4j.eval.ErrorRates;
import io.rnn4j.kernel.Activations;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.tensor.Seq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A trained CTC recogniser: the model ({@link SpeechConfig}), the features it reads
 * ({@link FeatureConfig}) and the characters it writes ({@link Alphabet}); a model file keeps all
 * of it ({@code io.rnn4j.io.SpeechModelFile}). Clips at any rate are resampled to the features'
 * rate; transcripts come from greedy (best-path) decoding, a {@link CtcBeamSearch} (with a
 * character language model or not), or a choice among candidate texts (closed vocabulary).
 */
public final class SpeechRecognizer {

    private static final int BATCH = 32;

    private final SequenceModel model;
    private final SpeechConfig config;
    private final FeatureConfig features;
    private final FeatureStatistics statistics;
    private final Alphabet alphabet;

    public SpeechRecognizer(SequenceModel model, SpeechConfig config, FeatureConfig features, Alphabet alphabet) {
        this(model, config, features, null, alphabet);
    }

    /** @param statistics the training frames' statistics, for (and only for) features normalised {@code global} */
    public SpeechRecognizer(SequenceModel model, SpeechConfig config, FeatureConfig features, FeatureStatistics statistics,
                            Alphabet alphabet) {
        new AudioFeatures(features, statistics); // the same checks
        if (!Integer.valueOf(features.width()).equals(model.inputs().get("features"))) {
            throw new IllegalArgumentException("the model reads " + model.inputs().get("features") + " values a frame, the features"
                    + " have " + features.width());
        }
        if (model.outputSize() != alphabet.outputs()) {
            throw new IllegalArgumentException("the model scores " + model.outputSize() + " symbols, the alphabet has "
                    + alphabet.outputs() + " with the blank");
        }
        this.model = model;
        this.config = config;
        this.features = features;
        this.statistics = statistics;
        this.alphabet = alphabet;
    }

    /** A fresh (uninitialised) recogniser. */
    public static SpeechRecognizer create(SpeechConfig config, FeatureConfig features, Alphabet alphabet) {
        return create(config, features, null, alphabet);
    }

    /** A fresh (uninitialised) recogniser whose features are normalised by the training frames' {@code statistics}. */
    public static SpeechRecognizer create(SpeechConfig config, FeatureConfig features, FeatureStatistics statistics,
                                          Alphabet alphabet) {
        return new SpeechRecognizer(config.build(features.width(), alphabet.outputs()), config, features, statistics, alphabet);
    }

    public SequenceModel model() {
        return model;
    }

    public SpeechConfig config() {
        return config;
    }

    public FeatureConfig features() {
        return features;
    }

    public Alphabet alphabet() {
        return alphabet;
    }

    /** The training frames' statistics of global normalisation, or null. */
    public FeatureStatistics statistics() {
        return statistics;
    }

    /** Computes a set's features as this recogniser reads them. */
    public SpeechSet featuresOf(List<Utterance> utterances) {
        return SpeechSet.compute(utterances, features, statistics);
    }

    /** The features of a clip; {@code where} names it in messages (silent, too short). */
    public float[] featuresOf(WavReader.Audio audio, String where) {
        return SpeechSet.of(new AudioFeatures(features, statistics), audio, where);
    }

    /**
     * Per-frame log-probabilities (T' × C, row-major) of each utterance's features, computed in
     * length-sorted batches.
     */
    public List<double[]> logProbabilities(List<float[]> inputs) {
        int width = features.width();
        int c = alphabet.outputs();
        Integer[] order = new Integer[inputs.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Integer.compare(inputs.get(a).length, inputs.get(b).length));
        double[][] out = new double[inputs.size()][];
        for (int from = 0; from < order.length; from += BATCH) {
            int b = Math.min(BATCH, order.length - from);
            List<float[]> group = new ArrayList<>(b);
            for (int j = 0; j < b; j++) {
                group.add(inputs.get(order[from + j]));
            }
            Seq scores = model.forward(Map.of("features", SpeechBatches.pad(group, width)), ForwardContext.inference()).output();
            for (int j = 0; j < b; j++) {
                int frames = scores.lengths == null ? scores.steps : scores.lengths[j];
                double[] logp = new double[frames * c];
                for (int t = 0; t < frames; t++) {
                    int row = (t * b + j) * c;
                    double log = Activations.logSumExp(scores.values, row, c);
                    for (int k = 0; k < c; k++) {
                        logp[t * c + k] = scores.values[row + k] - log;
                    }
                }
                out[order[from + j]] = logp;
            }
        }
        return Arrays.asList(out);
    }

    /** Best-path transcripts of each utterance's features. */
    public List<String> transcribe(List<float[]> inputs) {
        return transcribe(inputs, null);
    }

    /** Transcripts of each utterance's features: best path when {@code beam} is null, else its search (utterances in parallel). */
    public List<String> transcribe(List<float[]> inputs, CtcBeamSearch beam) {
        List<double[]> logp = logProbabilities(inputs);
        String[] out = new String[logp.size()];
        int c = alphabet.outputs();
        Parallel.forRange(out.length, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                out[i] = beam == null ? alphabet.decode(CtcDecoding.greedy(logp.get(i), logp.get(i).length / c, c, Alphabet.BLANK))
                        : beam.decode(logp.get(i));
            }
        });
        return Arrays.asList(out);
    }

    /**
     * Closed-vocabulary transcripts: for each utterance the one of {@code candidates} (normalised
     * texts in the alphabet) that CTC finds most likely.
     */
    public List<String> choose(List<float[]> inputs, List<String> candidates) {
        List<int[]> labels = candidates.stream().map(t -> alphabet.encode(t, "candidate \"" + t + "\"")).toList();
        List<String> out = new ArrayList<>();
        int c = alphabet.outputs();
        for (double[] logp : logProbabilities(inputs)) {
            out.add(candidates.get(CtcDecoding.mostLikely(logp, logp.length / c, c, labels, Alphabet.BLANK)));
        }
        return out;
    }

    /** Scores of a set of transcripts against their references. */
    public record Evaluation(int utterances, double cer, double wer, double accuracy, List<String> hypotheses) {
    }

    /** Character and word error rates and whole-utterance accuracy (exact transcript) of hypotheses. */
    public static Evaluation score(List<String> references, List<String> hypotheses) {
        int right = 0;
        for (int i = 0; i < references.size(); i++) {
            if (references.get(i).equals(hypotheses.get(i))) {
                right++;
            }
        }
        return new Evaluation(references.size(), ErrorRates.characterErrorRate(references, hypotheses),
                ErrorRates.wordErrorRate(references, hypotheses), references.isEmpty() ? 0 : (double) right / references.size(),
                List.copyOf(hypotheses));
    }

    /** Best-path transcripts of a set, scored against its transcripts. */
    public Evaluation evaluate(SpeechSet set) {
        return evaluate(set, null);
    }

    /** Transcripts of a set ({@link #transcribe(List, CtcBeamSearch)}), scored against its transcripts. */
    public Evaluation evaluate(SpeechSet set, CtcBeamSearch beam) {
        return score(set.transcripts(), transcribe(inputsOf(set), beam));
    }

    /** Closed-vocabulary transcripts of a set ({@link #choose}), scored against its transcripts. */
    public Evaluation evaluateChoosing(SpeechSet set, List<String> candidates) {
        return score(set.transcripts(), choose(inputsOf(set), candidates));
    }

    private static List<float[]> inputsOf(SpeechSet set) {
        List<float[]> inputs = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            inputs.add(set.features(i));
        }
        return inputs;
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.add("model", config.toJson());
        o.add("features", features.toJson());
        if (statistics != null) {
            o.add("statistics", statistics.toJson());
        }
        o.add("alphabet", alphabet.toJson());
        return o;
    }

    public static SpeechRecognizer fromJson(SequenceModel model, JsonElement json) {
        if (json == null || !json.isJsonObject()) {
            throw new IllegalArgumentException("the speech model's description must be a JSON object");
        }
        JsonObject o = json.getAsJsonObject();
        return new SpeechRecognizer(model, SpeechConfig.fromJson(o.get("model")), FeatureConfig.fromJson(o.get("features")),
                o.has("statistics") ? FeatureStatistics.fromJson(o.get("statistics")) : null, Alphabet.fromJson(o.get("alphabet")));
    }
}
