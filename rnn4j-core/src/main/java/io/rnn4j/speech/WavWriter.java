package io.rnn4j.speech;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes mono 16-bit PCM WAV files (samples in [−1, 1], clipped), atomically: a temporary file renamed into place. */
public final class WavWriter {

    private WavWriter() {
    }

    public static void write16(Path file, float[] samples, int rate) throws IOException {
        byte[] data = new byte[2 * samples.length];
        for (int i = 0; i < samples.length; i++) {
            int v = (int) Math.max(-32768, Math.min(32767, Math.round(samples[i] * 32768.0)));
            data[2 * i] = (byte) v;
            data[2 * i + 1] = (byte) (v >> 8);
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(data), format, samples.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, tmp.toFile());
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
