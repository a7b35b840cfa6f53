package io.rnn4j.speech;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.Locale;

/**
 * What {@link AudioFeatures} computes from a clip: log-mel filterbank energies or MFCCs, with
 * optional deltas, per frame.
 *
 * <p>Frames are {@code window} samples long, {@code hop} apart, centred (the clip padded by
 * window / 2 on each side by reflection), Hann-windowed and zero-padded to {@code fft} points,
 * as torchaudio's {@code MelSpectrogram(center=True, pad_mode="reflect")}: a clip of N samples
 * gives ⌊(N + 2⌊fft / 2⌋ − fft) / hop⌋ + 1 frames (⌊N / hop⌋ + 1 for an even FFT). Each frame has {@link #width()} values: {@code mels} log-mel
 * energies or {@code mfccs} coefficients, then as many first and, when {@code deltas} is 2, second
 * differences.
 *
 * @param kind       {@code "logmel"} (log(mel power + 1e-6)) or {@code "mfcc"} (torchaudio's
 *                   MFCC: DCT-II, orthonormal, of the mel power in dB floored 80 dB below its peak)
 * @param sampleRate the rate in Hz every clip is resampled to first
 * @param window     frame length in samples (400 = 25 ms at 16 kHz)
 * @param hop        frame step in samples (160 = 10 ms at 16 kHz)
 * @param fft        FFT length, ≥ window
 * @param mels       triangular mel filters (HTK scale) from 0 Hz to the Nyquist frequency
 * @param mfccs      cepstral coefficients kept (MFCC only; ≤ mels)
 * @param deltas     0, 1 (deltas) or 2 (deltas and delta-deltas), over 5 frames as torchaudio's
 *                   {@code compute_deltas}
 * @param normalize  how each value is standardised: {@code utterance} (mean 0, variance 1 over
 *                   the utterance's frames: per-utterance cepstral mean and variance normalisation),
 *                   {@code global} (by the mean and deviation of the training frames,
 *                   {@link FeatureStatistics}; causal, so a {@link StreamingRecognizer} can use it; MFCCs
 *                   then floor each frame 80 dB below the loudest frame so far instead of the
 *                   utterance's peak) or {@code none}
 */
public record FeatureConfig(String kind, int sampleRate, int window, int hop, int fft, int mels, int mfccs, int deltas,
                            String normalize) {

    /** The normalisation modes. */
    public static final java.util.List<String> NORMALIZATIONS = java.util.List.of("utterance", "global", "none");

    public FeatureConfig {
        normalize = normalize == null ? "" : normalize.toLowerCase(Locale.ROOT);
        if (!NORMALIZATIONS.contains(normalize)) {
            throw new IllegalArgumentException("feature normalisation must be utterance, global or none, got '" + normalize + "'");
        }
        kind = kind == null ? "" : kind.toLowerCase(Locale.ROOT);
        if (!kind.equals("logmel") && !kind.equals("mfcc")) {
            throw new IllegalArgumentException("features must be logmel or mfcc, got '" + kind + "'");
        }
        if (sampleRate < 1000 || sampleRate > 192_000) {
            throw new IllegalArgumentException("the feature sample rate must be in 1000..192000 Hz, got " + sampleRate);
        }
        if (window < 8 || hop < 1 || fft < window) {
            throw new IllegalArgumentException("frames need window >= 8, hop >= 1 and fft >= window; got window " + window
                    + ", hop " + hop + ", fft " + fft);
        }
        if (mels < 1 || mels > fft / 2 + 1) {
            throw new IllegalArgumentException("mel filters must be in 1.." + (fft / 2 + 1) + " for a " + fft
                    + "-point FFT, got " + mels);
        }
        if (kind.equals("mfcc") && (mfccs < 1 || mfccs > mels)) {
            throw new IllegalArgumentException("MFCCs must be in 1.." + mels + " (the mel filters), got " + mfccs);
        }
        if (deltas < 0 || deltas > 2) {
            throw new IllegalArgumentException("deltas must be 0, 1 or 2, got " + deltas);
        }
    }

    /**
     * 25 ms frames every 10 ms at {@code sampleRate}, the FFT the next power of two, and
     * {@code mels} log-mel energies, normalised per utterance, no deltas.
     */
    public static FeatureConfig logMel(int sampleRate, int mels) {
        int window = Math.round(sampleRate * 0.025f);
        return new FeatureConfig("logmel", sampleRate, window, Math.round(sampleRate * 0.010f), nextPowerOfTwo(window), mels, 0, 0,
                "utterance");
    }

    /** 25 ms / 10 ms frames, 40 mel filters, {@code mfccs} MFCCs with deltas and delta-deltas, normalised. */
    public static FeatureConfig mfcc(int sampleRate, int mfccs) {
        int window = Math.round(sampleRate * 0.025f);
        return new FeatureConfig("mfcc", sampleRate, window, Math.round(sampleRate * 0.010f), nextPowerOfTwo(window), 40, mfccs, 2,
                "utterance");
    }

    static int nextPowerOfTwo(int n) {
        int p = 1;
        while (p < n) {
            p <<= 1;
        }
        return p;
    }

    /** Values per frame: the base coefficients times (1 + deltas). */
    public int width() {
        return base() * (1 + deltas);
    }

    /** Log-mel energies or MFCCs per frame, before deltas. */
    public int base() {
        return kind.equals("mfcc") ? mfccs : mels;
    }

    /** The same features with another normalisation. */
    public FeatureConfig withNormalize(String mode) {
        return new FeatureConfig(kind, sampleRate, window, hop, fft, mels, mfccs, deltas, mode);
    }

    /** Frames a streaming extractor must see after frame t before frame t is final: 2 per order of deltas. */
    public int lookahead() {
        return 2 * deltas;
    }

    /** Frames of a clip of {@code samples} samples at {@link #sampleRate()}. */
    public int frames(int samples) {
        return (samples + 2 * (fft / 2) - fft) / hop + 1;
    }

    /** Milliseconds between frames. */
    public double hopMillis() {
        return 1000.0 * hop / sampleRate;
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", kind);
        o.addProperty("sample_rate", sampleRate);
        o.addProperty("window", window);
        o.addProperty("hop", hop);
        o.addProperty("fft", fft);
        o.addProperty("mels", mels);
        o.addProperty("mfccs", mfccs);
        o.addProperty("deltas", deltas);
        o.addProperty("normalize", normalize);
        return o;
    }

    public static FeatureConfig fromJson(JsonElement json) {
        if (json == null || !json.isJsonObject()) {
            throw new IllegalArgumentException("the speech model's \"features\" must be a JSON object");
        }
        JsonObject o = json.getAsJsonObject();
        for (String key : new String[] {"kind", "sample_rate", "window", "hop", "fft", "mels", "mfccs", "deltas", "normalize"}) {
            if (!o.has(key)) {
                throw new IllegalArgumentException("the speech model's \"features\" lack \"" + key + "\"");
            }
        }
        JsonElement n = o.get("normalize");
        // the first speech models (2026-12-02) wrote true for per-utterance normalisation
        String mode = n.isJsonPrimitive() && n.getAsJsonPrimitive().isBoolean() ? (n.getAsBoolean() ? "utterance" : "none")
                : n.getAsString();
        return new FeatureConfig(o.get("kind").getAsString(), o.get("sample_rate").getAsInt(), o.get("window").getAsInt(),
                o.get("hop").getAsInt(), o.get("fft").getAsInt(), o.get("mels").getAsInt(), o.get("mfccs").getAsInt(),
                o.get("deltas").getAsInt(), mode);
    }

    @Override
    public String toString() {
        String base = kind.equals("mfcc") ? mfccs + " MFCCs" : mels + " log-mels";
        return String.format(Locale.ROOT, "%s%s at %d Hz, %.0f ms frames every %.0f ms%s", base,
                deltas == 0 ? "" : deltas == 1 ? " + deltas" : " + deltas + delta-deltas", sampleRate, 1000.0 * window / sampleRate,
                hopMillis(), normalize.equals("utterance") ? ", per-utterance normalised"
                        : normalize.equals("global") ? ", normalised by the training frames' statistics" : "");
    }
}
