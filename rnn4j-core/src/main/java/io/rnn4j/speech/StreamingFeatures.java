package io.rnn4j.speech;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link AudioFeatures} for audio that arrives in pieces: each frame is given out as soon as the
 * samples under its window and the {@link FeatureConfig#lookahead()} frames its deltas read have
 * arrived, and {@link #finish()} gives the rest, reflected at the end as a whole clip is. The
 * frames are exactly (bit for bit) those {@link AudioFeatures#compute} gives for the whole clip,
 * for features normalised {@code global} or {@code none} (per-utterance normalisation needs the
 * whole utterance). Only the samples and frames still needed are kept. Samples come at the
 * features' rate. Not thread-safe.
 */
final class StreamingFeatures {

    private final FeatureConfig config;
    private final AudioFeatures features;
    private float[] samples = new float[0];
    /** Index of samples[0] in the stream. */
    private long offset;
    private long received;
    private int nextBase;
    private int nextOut;
    private int total = -1;
    private double peak = Double.NEGATIVE_INFINITY;
    private final Map<Integer, float[]> base = new HashMap<>();
    private final Map<Integer, float[]> delta = new HashMap<>();
    private final double[] mel;
    private final double[] coefficients;

    StreamingFeatures(FeatureConfig config, FeatureStatistics statistics) {
        if (config.normalize().equals("utterance")) {
            throw new IllegalArgumentException("per-utterance normalisation needs the whole utterance; a stream needs features"
                    + " normalised global (train with --streaming)");
        }
        this.config = config;
        this.features = new AudioFeatures(config, statistics);
        this.mel = new double[config.mels()];
        this.coefficients = new double[config.base()];
    }

    /** Appends samples; returns the frames (each {@code width} values) that became final. */
    List<float[]> accept(float[] chunk) {
        if (total >= 0) {
            throw new IllegalStateException("the stream has finished");
        }
        float[] grown = Arrays.copyOf(samples, samples.length + chunk.length);
        System.arraycopy(chunk, 0, grown, samples.length, chunk.length);
        samples = grown;
        received += chunk.length;
        int half = config.fft() / 2;
        // frame t is final once its window [t·hop − fft/2, t·hop − fft/2 + fft) has arrived (and the
        // reflection of its left edge, which needs fft/2 + 1 samples)
        while (received > half && (long) nextBase * config.hop() - half + config.fft() <= received) {
            computeBase(nextBase++, received);
        }
        return emit(false);
    }

    /** Ends the stream: the remaining frames, the last ones reflected at the end of the clip. */
    List<float[]> finish() {
        if (received <= config.fft() / 2) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "the clip is %.1f ms long, shorter than one %.1f ms frame", 1000.0 * received / config.sampleRate(),
                    1000.0 * config.fft() / config.sampleRate()));
        }
        total = config.frames((int) received);
        while (nextBase < total) {
            computeBase(nextBase++, received);
        }
        return emit(true);
    }

    private void computeBase(int t, long length) {
        features.melFrame(samples, offset, length, (long) t * config.hop() - config.fft() / 2, mel);
        if (config.normalize().equals("global")) {
            peak = Math.max(peak, AudioFeatures.peakDb(mel, 0, mel.length));
        }
        features.coefficients(mel, peak, coefficients);
        float[] b = new float[coefficients.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) coefficients[i];
        }
        base.put(t, b);
    }

    private int clamp(int j) {
        int last = total >= 0 ? total - 1 : Integer.MAX_VALUE;
        return Math.max(0, Math.min(last, j));
    }

    /** The deltas of base frame j (as AudioFeatures computes them: float differences, then rounded). */
    private float[] deltaOf(int j) {
        int c = clamp(j);
        return delta.computeIfAbsent(c, k -> differences(this::baseAt, k));
    }

    private float[] baseAt(int j) {
        return base.get(clamp(j));
    }

    private static float[] differences(java.util.function.IntFunction<float[]> row, int t) {
        float[] at = row.apply(t);
        float[] out = new float[at.length];
        for (int c = 0; c < at.length; c++) {
            double d = 0;
            for (int k = 1; k <= 2; k++) {
                d += k * (row.apply(t + k)[c] - row.apply(t - k)[c]);
            }
            out[c] = (float) (d / 10);
        }
        return out;
    }

    private List<float[]> emit(boolean all) {
        List<float[]> out = new ArrayList<>();
        int b = config.base();
        while (all ? nextOut < total : nextOut + config.lookahead() < nextBase) {
            int t = nextOut++;
            float[] frame = new float[config.width()];
            System.arraycopy(baseAt(t), 0, frame, 0, b);
            if (config.deltas() >= 1) {
                System.arraycopy(deltaOf(t), 0, frame, b, b);
            }
            if (config.deltas() == 2) {
                System.arraycopy(differences(this::deltaOf, t), 0, frame, 2 * b, b);
            }
            if (features.statistics() != null) {
                features.statistics().apply(frame, 1);
            }
            out.add(frame);
        }
        trim();
        return out;
    }

    /** Drops frames no later frame reads and samples no later window covers. */
    private void trim() {
        int keepFrom = nextOut - 2 * config.lookahead() - 1;
        base.keySet().removeIf(k -> k < keepFrom && k > 0);
        delta.keySet().removeIf(k -> k < keepFrom && k > 0);
        long firstNeeded = (long) nextBase * config.hop() - config.fft() / 2;
        if (firstNeeded > config.fft() && firstNeeded > offset) {
            int drop = (int) (firstNeeded - offset);
            samples = Arrays.copyOfRange(samples, drop, samples.length);
            offset = firstNeeded;
        }
    }
}
