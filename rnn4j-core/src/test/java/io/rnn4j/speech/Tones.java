package io.rnn4j.speech;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * A toy spoken language for tests: letter a, b or c is a 100 ms tone of 400, 1200 or 2400 Hz,
 * letters 50 ms apart, with a little noise throughout; 16-bit WAV at 8 kHz.
 */
final class Tones {

    static final int RATE = 8000;
    private static final double[] PITCH = {400, 1200, 2400};

    private Tones() {
    }

    /** A random word of 2 to 4 letters. */
    static String word(SplittableRandom random) {
        int n = 2 + random.nextInt(3);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append((char) ('a' + random.nextInt(3)));
        }
        return s.toString();
    }

    static float[] say(String word, SplittableRandom random) {
        int tone = RATE / 10;
        int gap = RATE / 20;
        float[] x = new float[gap + word.length() * (tone + gap)];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (0.01 * (random.nextDouble() - 0.5));
        }
        for (int k = 0; k < word.length(); k++) {
            double f = PITCH[word.charAt(k) - 'a'] * (0.95 + 0.1 * random.nextDouble());
            int start = gap + k * (tone + gap);
            for (int i = 0; i < tone; i++) {
                x[start + i] += (float) (0.5 * Math.sin(2 * Math.PI * f * i / RATE));
            }
        }
        return x;
    }

    static void write(Path file, float[] samples) throws IOException {
        byte[] data = new byte[2 * samples.length];
        for (int i = 0; i < samples.length; i++) {
            int v = Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32768)));
            data[2 * i] = (byte) v;
            data[2 * i + 1] = (byte) (v >> 8);
        }
        AudioFormat format = new AudioFormat(RATE, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(data), format, samples.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
