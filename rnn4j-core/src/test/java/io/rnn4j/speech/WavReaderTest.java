package io.rnn4j.speech;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** WAV files written by the JDK in each supported encoding read back to their samples; other files are refused in one line. */
class WavReaderTest {

    @TempDir
    Path dir;

    private Path write(String name, AudioFormat format, byte[] data) throws Exception {
        Path file = dir.resolve(name);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(data), format, data.length / format.getFrameSize())) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }

    @Test
    void pcmOfEachWidthReadsBackToItsSamples() throws Exception {
        // 16-bit little-endian mono: 0, 16384, -32768, 32767
        WavReader.Audio a = WavReader.read(write("s16.wav", new AudioFormat(8000f, 16, 1, true, false),
                new byte[]{0, 0, 0, 0x40, 0, (byte) 0x80, (byte) 0xff, 0x7f}));
        assertEquals(8000f, a.sampleRate());
        assertEquals(4, a.samples().length);
        assertEquals(0f, a.samples()[0]);
        assertEquals(0.5f, a.samples()[1]);
        assertEquals(-1f, a.samples()[2]);
        assertEquals(32767 / 32768f, a.samples()[3]);
        // 8-bit unsigned stereo: frames (128, 192) and (0, 255) → means 0.25 and (-1 + 127/128) / 2
        WavReader.Audio b = WavReader.read(write("u8.wav", new AudioFormat(16000f, 8, 2, false, false),
                new byte[]{(byte) 128, (byte) 192, 0, (byte) 255}));
        assertEquals(2, b.samples().length);
        assertEquals(0.25f, b.samples()[0]);
        assertEquals((float) ((-1 + 127 / 128.0) / 2), b.samples()[1]);
        // 24-bit little-endian mono: 0x400000 = 0.5, 0x800000 = -1
        WavReader.Audio c = WavReader.read(write("s24.wav", new AudioFormat(22050f, 24, 1, true, false),
                new byte[]{0, 0, 0x40, 0, 0, (byte) 0x80}));
        assertEquals(0.5f, c.samples()[0]);
        assertEquals(-1f, c.samples()[1]);
        assertEquals(2 / 22050.0, c.seconds(), 1e-12);
        // 32-bit float little-endian mono: 0.25, -0.5
        java.nio.ByteBuffer fl = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putFloat(0.25f).putFloat(-0.5f);
        WavReader.Audio d = WavReader.read(write("f32.wav", new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, 8000f, 32, 1, 4, 8000f, false),
                fl.array()));
        assertEquals(0.25f, d.samples()[0]);
        assertEquals(-0.5f, d.samples()[1]);
    }

    @Test
    void otherFilesAreRefusedNamingThem() throws Exception {
        Path text = dir.resolve("notes.wav");
        Files.writeString(text, "not audio at all");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WavReader.read(text)).getMessage()
                .startsWith(text + ": not a WAV file"));
        Path good = write("s16.wav", new AudioFormat(8000f, 16, 1, true, false), new byte[]{0, 0, 0, 0x40});
        Path cut = dir.resolve("cut.wav");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(good), 20));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WavReader.read(cut)).getMessage()
                .startsWith(cut + ": not a WAV file"));
        Path ulaw = write("ulaw.wav", new AudioFormat(AudioFormat.Encoding.ULAW, 8000f, 8, 1, 1, 8000f, false), new byte[]{1, 2, 3});
        String m = assertThrows(IllegalArgumentException.class, () -> WavReader.read(ulaw)).getMessage();
        assertTrue(m.startsWith(ulaw + ": ULAW 8-bit audio is not supported"), m);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> WavReader.read(dir.resolve("none.wav"))).getMessage()
                .endsWith("none.wav: no such file"));
    }
}
