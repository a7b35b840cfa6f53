package io.rnn4j.speech;

import io.rnn4j.kernel.Parallel;

import java.util.List;

/**
 * Utterances with their feature matrices, computed once (in parallel, one {@link AudioFeatures}
 * per thread) and kept in memory: utterance i has {@code frames(i)} rows of
 * {@code config.width()} values in {@code features(i)}.
 */
public final class SpeechSet {

    private final List<Utterance> utterances;
    private final FeatureConfig config;
    private final float[][] features;
    private final double seconds;

    private SpeechSet(List<Utterance> utterances, FeatureConfig config, float[][] features, double seconds) {
        this.utterances = List.copyOf(utterances);
        this.config = config;
        this.features = features;
        this.seconds = seconds;
    }

    /**
     * Reads every recording and computes its features. A file that cannot be read, is silent or
     * is shorter than one frame is refused in one line naming it.
     */
    public static SpeechSet compute(List<Utterance> utterances, FeatureConfig config) {
        return compute(utterances, config, null);
    }

    /** As {@link #compute(List, FeatureConfig)}, normalised by {@code statistics} when the config's normalisation is global. */
    public static SpeechSet compute(List<Utterance> utterances, FeatureConfig config, FeatureStatistics statistics) {
        new AudioFeatures(config, statistics); // refuses a config and statistics that do not go together, before any work
        float[][] features = new float[utterances.size()][];
        double[] seconds = new double[utterances.size()];
        Parallel.forRange(utterances.size(), 16, (from, to) -> {
            AudioFeatures f = new AudioFeatures(config, statistics);
            for (int i = from; i < to; i++) {
                WavReader.Audio audio = WavReader.read(utterances.get(i).file());
                seconds[i] = audio.seconds();
                features[i] = of(f, audio, utterances.get(i).file().toString());
            }
        });
        double total = 0;
        for (double s : seconds) {
            total += s;
        }
        return new SpeechSet(utterances, config, features, total);
    }

    /** The features of one clip; {@code where} names it when it is silent or too short. */
    public static float[] of(AudioFeatures f, WavReader.Audio audio, String where) {
        float peak = 0;
        for (float x : audio.samples()) {
            peak = Math.max(peak, Math.abs(x));
        }
        if (peak == 0) {
            throw new IllegalArgumentException(where + ": the clip is silent (every sample is 0)");
        }
        try {
            return f.compute(audio.samples(), Math.round(audio.sampleRate()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    /**
     * This set (computed without normalisation) normalised by {@code statistics}, in place: the
     * arrays are shared, so this set must not be used afterwards.
     */
    public SpeechSet normalizedBy(FeatureStatistics statistics) {
        if (!config.normalize().equals("none")) {
            throw new IllegalStateException("these features are already normalised (" + config.normalize() + ")");
        }
        for (int i = 0; i < features.length; i++) {
            statistics.apply(features[i], frames(i));
        }
        return new SpeechSet(utterances, config.withNormalize("global"), features, seconds);
    }

    /** The features of every utterance, in order. */
    public List<float[]> allFeatures() {
        return java.util.Arrays.asList(features);
    }

    public int size() {
        return utterances.size();
    }

    public List<Utterance> utterances() {
        return utterances;
    }

    public Utterance utterance(int i) {
        return utterances.get(i);
    }

    public FeatureConfig config() {
        return config;
    }

    public float[] features(int i) {
        return features[i];
    }

    public int frames(int i) {
        return features[i].length / config.width();
    }

    /** Seconds of audio in all. */
    public double seconds() {
        return seconds;
    }

    /** The transcripts, in order. */
    public List<String> transcripts() {
        return utterances.stream().map(Utterance::transcript).toList();
    }
}
