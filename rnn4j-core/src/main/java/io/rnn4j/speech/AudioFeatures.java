package io.rnn4j.speech;

import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Turns a clip into a (frames × width) feature matrix as its {@link FeatureConfig} says; the
 * numbers follow torchaudio 0.13's {@code MelSpectrogram}, {@code MFCC} and
 * {@code compute_deltas} (checked against them in {@code AudioFeaturesTest}).
 *
 * <pre>
 *   P_t[k]   = |Σ_n w[n] · x[t·hop − window/2 + n] · e^{−2πi·k·n / fft}|²     (periodic Hann w, reflect-padded x)
 *   M_t[m]   = Σ_k P_t[k] · F[k, m]                                         (HTK mel triangles F, 0 Hz .. rate / 2)
 *   logmel   = ln(M_t[m] + 1e-6)
 *   mfcc     = DCT-II_ortho(max(10·log10(max(M, 1e-10)), peak − 80))[0 .. mfccs)
 *   Δc_t     = Σ_{k=1}^{2} k·(c_{t+k} − c_{t−k}) / 10                         (ends repeated)
 * </pre>
 *
 * then each column standardised as the config says: over the utterance's frames, or by the
 * training set's {@link FeatureStatistics} (then an MFCC frame's floor is 80 dB below the loudest
 * frame so far, not the utterance's peak, so that nothing depends on later frames). A clip is
 * resampled to the config's rate first ({@link Resampler}). Instances keep the filterbank, the
 * window and the FFT plan; they are not thread-safe (use one per thread).
 */
public final class AudioFeatures {

    private static final double LOG_FLOOR = 1e-6;
    private static final double TOP_DB = 80;

    private final FeatureConfig config;
    private final FeatureStatistics statistics;
    private final double[] window;
    /** (fft/2 + 1) × mels, row-major. */
    private final double[] filterbank;
    private final double[] dct;
    private final DoubleFFT_1D fft;
    private final double[] buffer;

    /** Features with per-utterance or no normalisation. */
    public AudioFeatures(FeatureConfig config) {
        this(config, null);
    }

    /** @param statistics the training frames' statistics; required for, and only for, {@code global} normalisation */
    public AudioFeatures(FeatureConfig config, FeatureStatistics statistics) {
        if (config.normalize().equals("global") != (statistics != null)) {
            throw new IllegalArgumentException(statistics == null ? "global normalisation needs the training frames' statistics"
                    : "feature statistics are for global normalisation; these features are normalised " + config.normalize());
        }
        if (statistics != null && statistics.width() != config.width()) {
            throw new IllegalArgumentException("the feature statistics have " + statistics.width() + " columns, the features "
                    + config.width());
        }
        this.config = config;
        this.statistics = statistics;
        this.window = hann(config.window(), config.fft());
        this.filterbank = melFilterbank(config.fft() / 2 + 1, config.mels(), config.sampleRate());
        this.dct = config.kind().equals("mfcc") ? dct(config.mfccs(), config.mels()) : null;
        this.fft = new DoubleFFT_1D(config.fft());
        this.buffer = new double[2 * config.fft()];
    }

    public FeatureConfig config() {
        return config;
    }

    /**
     * The features of a clip recorded at {@code rate} Hz: (frames × width) values, row-major.
     *
     * @throws IllegalArgumentException for a clip too short to reflect-pad (under window / 2 + 1
     *                                  samples at the feature rate)
     */
    public float[] compute(float[] samples, int rate) {
        float[] x = new Resampler(rate, config.sampleRate()).apply(samples);
        int pad = config.fft() / 2;
        if (x.length <= pad) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "the clip is %.1f ms long, shorter than one %.1f ms frame", 1000.0 * samples.length / rate,
                    1000.0 * config.fft() / config.sampleRate()));
        }
        int frames = config.frames(x.length);
        int base = config.base();
        int mels = config.mels();
        double[] mel = new double[frames * mels];
        double[] one = new double[mels];
        for (int t = 0; t < frames; t++) {
            melFrame(x, 0, x.length, t * config.hop() - config.fft() / 2, one);
            System.arraycopy(one, 0, mel, t * mels, mels);
        }
        double[] coefficients = new double[frames * base];
        double[] c = new double[base];
        double peak = config.normalize().equals("global") ? Double.NEGATIVE_INFINITY : peakDb(mel, 0, mel.length);
        for (int t = 0; t < frames; t++) {
            System.arraycopy(mel, t * mels, one, 0, mels);
            if (config.normalize().equals("global")) {
                peak = Math.max(peak, peakDb(one, 0, mels));
            }
            coefficients(one, peak, c);
            System.arraycopy(c, 0, coefficients, t * base, base);
        }
        int width = config.width();
        float[] out = new float[frames * width];
        for (int t = 0; t < frames; t++) {
            for (int m = 0; m < base; m++) {
                out[t * width + m] = (float) coefficients[t * base + m];
            }
        }
        if (config.deltas() >= 1) {
            deltas(out, frames, width, 0, base);
        }
        if (config.deltas() == 2) {
            deltas(out, frames, width, base, 2 * base);
        }
        if (config.normalize().equals("utterance")) {
            standardize(out, frames, width);
        } else if (statistics != null) {
            statistics.apply(out, frames);
        }
        return out;
    }

    /** The statistics of global normalisation, or null. */
    public FeatureStatistics statistics() {
        return statistics;
    }

    /**
     * The mel power of the frame whose window starts at sample {@code start} (may be negative) of
     * a clip of {@code length} samples, reflected at both ends as torch.stft pads a centred clip;
     * {@code x[i]} holds sample {@code offset + i} (a stream keeps only the samples still needed).
     */
    void melFrame(float[] x, long offset, long length, long start, double[] out) {
        int n = config.fft();
        int bins = n / 2 + 1;
        int mels = config.mels();
        for (int i = 0; i < n; i++) {
            buffer[i] = window[i] == 0 ? 0 : window[i] * x[(int) (reflect(start + i, length) - offset)];
        }
        fft.realForwardFull(buffer);
        java.util.Arrays.fill(out, 0, mels, 0);
        for (int k = 0; k < bins; k++) {
            double re = buffer[2 * k];
            double im = buffer[2 * k + 1];
            double p = re * re + im * im;
            if (p != 0) {
                int row = k * mels;
                for (int m = 0; m < mels; m++) {
                    out[m] += p * filterbank[row + m];
                }
            }
        }
    }

    /** The loudest value of mel[from, to) in dB (floored at 1e-10 power, as torchaudio's amplitude_to_DB). */
    static double peakDb(double[] mel, int from, int to) {
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = from; i < to; i++) {
            peak = Math.max(peak, 10 * Math.log10(Math.max(mel[i], 1e-10)));
        }
        return peak;
    }

    /** One frame's log-mels or MFCCs (the dB floor {@code peakDb} − 80 for MFCCs) into {@code out}. */
    void coefficients(double[] mel, double peakDb, double[] out) {
        int mels = config.mels();
        if (!config.kind().equals("mfcc")) {
            for (int m = 0; m < mels; m++) {
                out[m] = Math.log(mel[m] + LOG_FLOOR);
            }
            return;
        }
        double floor = peakDb - TOP_DB;
        for (int c = 0; c < config.mfccs(); c++) {
            double sum = 0;
            for (int m = 0; m < mels; m++) {
                sum += Math.max(10 * Math.log10(Math.max(mel[m], 1e-10)), floor) * dct[c * mels + m];
            }
            out[c] = sum;
        }
    }

    static long reflect(long i, long n) {
        if (i < 0) {
            return -i;
        }
        if (i >= n) {
            return 2 * (n - 1) - i;
        }
        return i;
    }

    /** Writes the deltas of columns [from, to) into [to, 2·to − from). */
    private static void deltas(float[] out, int frames, int width, int from, int to) {
        int shift = to - from;
        for (int t = 0; t < frames; t++) {
            for (int c = from; c < to; c++) {
                double d = 0;
                for (int k = 1; k <= 2; k++) {
                    int ahead = Math.min(frames - 1, t + k);
                    int behind = Math.max(0, t - k);
                    d += k * (out[ahead * width + c] - out[behind * width + c]);
                }
                out[t * width + c + shift] = (float) (d / 10);
            }
        }
    }

    /** Each column to mean 0 and variance 1 over the frames (a constant column becomes 0). */
    static void standardize(float[] out, int frames, int width) {
        for (int c = 0; c < width; c++) {
            double sum = 0;
            for (int t = 0; t < frames; t++) {
                sum += out[t * width + c];
            }
            double mean = sum / frames;
            double squares = 0;
            for (int t = 0; t < frames; t++) {
                double d = out[t * width + c] - mean;
                squares += d * d;
            }
            double std = Math.sqrt(squares / frames);
            double scale = std > 1e-8 ? 1 / std : 0;
            for (int t = 0; t < frames; t++) {
                out[t * width + c] = (float) ((out[t * width + c] - mean) * scale);
            }
        }
    }

    /** A periodic Hann window of {@code length}, centred in {@code fft} points (zeros around it). */
    static double[] hann(int length, int fft) {
        double[] w = new double[fft];
        int offset = (fft - length) / 2;
        for (int n = 0; n < length; n++) {
            w[offset + n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / length);
        }
        return w;
    }

    /**
     * HTK-scale triangular filters, (bins × mels) row-major: the bins at
     * {@code linspace(0, ⌊rate / 2⌋, bins)} Hz, the mels + 2 edges evenly spaced in
     * mel = 2595·log10(1 + f / 700) from 0 Hz to rate / 2, no area normalisation.
     */
    static double[] melFilterbank(int bins, int mels, int rate) {
        double top = rate / 2;
        double melMax = hzToMel(top);
        double[] edges = new double[mels + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = melToHz(melMax * i / (mels + 1));
        }
        double[] fb = new double[bins * mels];
        for (int k = 0; k < bins; k++) {
            double f = bins == 1 ? 0 : top * k / (bins - 1);
            for (int m = 0; m < mels; m++) {
                double down = (f - edges[m]) / (edges[m + 1] - edges[m]);
                double up = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
                fb[k * mels + m] = Math.max(0, Math.min(down, up));
            }
        }
        return fb;
    }

    static double hzToMel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    static double melToHz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    /** The orthonormal DCT-II, (mfccs × mels) row-major. */
    static double[] dct(int mfccs, int mels) {
        double[] d = new double[mfccs * mels];
        for (int k = 0; k < mfccs; k++) {
            double scale = Math.sqrt(2.0 / mels) * (k == 0 ? 1 / Math.sqrt(2) : 1);
            for (int n = 0; n < mels; n++) {
                d[k * mels + n] = scale * Math.cos(Math.PI / mels * (n + 0.5) * k);
            }
        }
        return d;
    }
}
