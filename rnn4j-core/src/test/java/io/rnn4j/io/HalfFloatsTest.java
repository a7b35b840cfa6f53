package io.rnn4j.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * F16 and BF16 rounding against PyTorch 1.13's {@code .half()} and {@code .bfloat16()} bit
 * patterns (ties to even, subnormals, overflow to infinity), and safetensors files in both.
 */
class HalfFloatsTest {

    static final float[] VALUES = {1.0f, 0.1f, -2.5f, 65504f, 65520f, 1e-7f, 6.1e-5f, 1 + 0x1p-11f, 1 + 3 * 0x1p-11f, 3.0e-8f,
            -0.0f, 1e-40f, 3.3895e38f};
    // torch.tensor(VALUES).half().view(torch.int16) and .bfloat16().view(torch.int16)
    static final int[] F16 = {0x3c00, 0x2e66, 0xc100, 0x7bff, 0x7c00, 0x2, 0x3ff, 0x3c00, 0x3c02, 0x1, 0x8000, 0x0, 0x7c00};
    static final int[] BF16 = {0x3f80, 0x3dcd, 0xc020, 0x4780, 0x4780, 0x33d7, 0x3880, 0x3f80, 0x3f80, 0x3301, 0x8000, 0x1, 0x7f7f};

    @Test
    void roundsAsPyTorchDoes() {
        for (int i = 0; i < VALUES.length; i++) {
            assertEquals(F16[i], HalfFloats.encode(VALUES[i], false) & 0xffff, "f16 of " + VALUES[i]);
            assertEquals(BF16[i], HalfFloats.encode(VALUES[i], true) & 0xffff, "bf16 of " + VALUES[i]);
        }
    }

    @Test
    void everyHalfPatternSurvivesARoundTrip() {
        for (int bits = 0; bits < 0x10000; bits++) {
            for (boolean bf : new boolean[]{false, true}) {
                float f = HalfFloats.decode((short) bits, bf);
                if (!Float.isNaN(f)) {
                    assertEquals(bits, HalfFloats.encode(f, bf) & 0xffff, (bf ? "bf16 " : "f16 ") + Integer.toHexString(bits));
                }
            }
        }
        assertEquals(65504f, HalfFloats.decode((short) 0x7bff, false));
        assertEquals(0x1p-24f, HalfFloats.decode((short) 1, false));
        assertEquals(Float.NEGATIVE_INFINITY, HalfFloats.decode((short) 0xfc00, false));
    }

    @Test
    void safetensorsFilesHoldHalfPrecision(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("half.safetensors");
        Map<String, SafeTensors.Entry> entries = new LinkedHashMap<>();
        entries.put("a", SafeTensors.Entry.f16(new float[]{1f, 0.1f, -2.5f}, 3));
        entries.put("b", SafeTensors.Entry.bf16(new float[]{1f, 0.1f}, 1, 2));
        entries.put("c", SafeTensors.Entry.f32(new float[]{0.1f}, 1));
        SafeTensors.writeEntries(file, entries, Map.of());
        Map<String, SafeTensors.Entry> read = SafeTensors.readEntries(file, new LinkedHashMap<>());
        assertEquals("F16", read.get("a").dtype());
        assertEquals("BF16", read.get("b").dtype());
        assertArrayEquals(new float[]{1f, HalfFloats.decode((short) 0x2e66, false), -2.5f}, read.get("a").floats());
        assertArrayEquals(new float[]{1f, HalfFloats.decode((short) 0x3dcd, true)}, read.get("b").floats());
        assertArrayEquals(new float[]{0.1f}, read.get("c").floats());
        // 8-byte header length + header + 6 + 4 + 4 data bytes
        assertEquals(14, java.nio.file.Files.size(file) - 8 - headerLength(file));
    }

    static long headerLength(Path file) throws Exception {
        byte[] b = java.nio.file.Files.readAllBytes(file);
        return java.nio.ByteBuffer.wrap(b, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    }
}
