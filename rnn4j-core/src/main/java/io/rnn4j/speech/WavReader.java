package io.rnn4j.speech;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads WAV files with the JDK's {@code javax.sound.sampled}: linear PCM of 8 (unsigned), 16 or 24
 * bits and 32-bit float, mono or with several channels (averaged into one), at any rate. Samples
 * come back in [−1, 1): a signed b-bit sample x as x / 2^(b−1). μ-law, A-law and anything else
 * is refused in one line naming the file and the encoding.
 */
public final class WavReader {

    private WavReader() {
    }

    /** A mono clip: its samples and their rate. */
    public record Audio(float[] samples, float sampleRate) {
        public double seconds() {
            return samples.length / (double) sampleRate;
        }
    }

    public static Audio read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            return read(raw, file.toString());
        } catch (NoSuchFileException x) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException x) {
            throw new UncheckedIOException(file + ": " + x.getMessage(), x);
        }
    }

    /** A WAV file's bytes, read as {@link #read(Path)} reads the file; {@code where} names it in messages. */
    public static Audio read(byte[] file, String where) {
        try {
            return read(new java.io.ByteArrayInputStream(file), where);
        } catch (IOException x) {
            throw new UncheckedIOException(where + ": " + x.getMessage(), x);
        }
    }

    private static Audio read(InputStream raw, String where) throws IOException {
        try (AudioInputStream in = AudioSystem.getAudioInputStream(raw)) {
            AudioFormat f = in.getFormat();
            AudioFormat.Encoding e = f.getEncoding();
            int bits = f.getSampleSizeInBits();
            boolean pcm = (e == AudioFormat.Encoding.PCM_SIGNED && (bits == 16 || bits == 24))
                    || (e == AudioFormat.Encoding.PCM_UNSIGNED && bits == 8)
                    || (e == AudioFormat.Encoding.PCM_SIGNED && bits == 8)
                    || (e == AudioFormat.Encoding.PCM_FLOAT && bits == 32);
            if (!pcm) {
                throw new IllegalArgumentException(where + ": " + e + " " + bits + "-bit audio is not supported (8-, 16- or 24-bit"
                        + " PCM, or 32-bit float)");
            }
            byte[] bytes = in.readAllBytes();
            int channels = f.getChannels();
            int width = bits / 8;
            int frames = bytes.length / (width * channels);
            float[] samples = new float[frames];
            for (int t = 0; t < frames; t++) {
                double sum = 0;
                for (int ch = 0; ch < channels; ch++) {
                    sum += sample(bytes, (t * channels + ch) * width, width, e, f.isBigEndian());
                }
                samples[t] = (float) (sum / channels);
            }
            return new Audio(samples, f.getSampleRate());
        } catch (UnsupportedAudioFileException x) {
            throw new IllegalArgumentException(where + ": not a WAV file this reader understands (a damaged or cut header, or"
                    + " another format)");
        }
    }

    private static double sample(byte[] b, int at, int width, AudioFormat.Encoding e, boolean bigEndian) {
        if (width == 1) {
            return e == AudioFormat.Encoding.PCM_UNSIGNED ? ((b[at] & 0xff) - 128) / 128.0 : b[at] / 128.0;
        }
        int v = 0;
        for (int i = 0; i < width; i++) {
            int byteIndex = bigEndian ? at + i : at + width - 1 - i; // most significant first
            v = (v << 8) | (b[byteIndex] & 0xff);
        }
        if (e == AudioFormat.Encoding.PCM_FLOAT) {
            return Float.intBitsToFloat(v);
        }
        int shift = 32 - 8 * width;
        v = (v << shift) >> shift; // sign-extend
        return v / (double) (1 << (8 * width - 1));
    }
}
