package io.rnn4j.speech;

import java.util.SplittableRandom;

/**
 * SpecAugment's masking (Park et al. 2019) for training: {@code frequencyMasks} bands of up to
 * {@code maxFrequencyWidth} consecutive coefficients and {@code timeMasks} spans of up to
 * {@code maxTimeFraction} of the utterance's frames (at most {@code maxTimeWidth}) are set to 0,
 * the mean of normalised features. A band masks a coefficient together with its deltas.
 * Widths and positions are uniform, from the caller's random stream (so an epoch's masks are
 * reproducible from the run's seed).
 */
public record SpecAugment(int frequencyMasks, int maxFrequencyWidth, int timeMasks, int maxTimeWidth, double maxTimeFraction) {

    /** No masking. */
    public static final SpecAugment NONE = new SpecAugment(0, 0, 0, 0, 0);

    public SpecAugment {
        if (frequencyMasks < 0 || maxFrequencyWidth < 0 || timeMasks < 0 || maxTimeWidth < 0) {
            throw new IllegalArgumentException("SpecAugment counts and widths must be >= 0");
        }
        if (!(maxTimeFraction >= 0 && maxTimeFraction <= 1)) {
            throw new IllegalArgumentException("SpecAugment's time fraction must be in [0, 1], got " + maxTimeFraction);
        }
    }

    /** Two frequency bands of up to {@code f} coefficients and two time spans of up to {@code t} frames (≤ 20 %). */
    public static SpecAugment of(int f, int t) {
        return new SpecAugment(2, f, 2, t, 0.2);
    }

    public boolean off() {
        return (frequencyMasks == 0 || maxFrequencyWidth == 0) && (timeMasks == 0 || maxTimeWidth == 0 || maxTimeFraction == 0);
    }

    /** Masks {@code x} (frames × width, in place): base coefficients [0, base) and their deltas at +base, +2·base. */
    public void apply(float[] x, int frames, int width, int base, SplittableRandom random) {
        for (int i = 0; i < frequencyMasks && maxFrequencyWidth > 0; i++) {
            int w = random.nextInt(Math.min(maxFrequencyWidth, base) + 1);
            int start = random.nextInt(base - w + 1);
            for (int t = 0; t < frames; t++) {
                for (int c = start; c < start + w; c++) {
                    for (int d = c; d < width; d += base) {
                        x[t * width + d] = 0;
                    }
                }
            }
        }
        int longest = Math.min(maxTimeWidth, (int) (maxTimeFraction * frames));
        for (int i = 0; i < timeMasks && longest > 0; i++) {
            int w = random.nextInt(longest + 1);
            int start = random.nextInt(frames - w + 1);
            java.util.Arrays.fill(x, start * width, (start + w) * width, 0f);
        }
    }
}
