package io.rnn4j.io;

/**
 * IEEE 754 binary16 ("F16", PyTorch's {@code float16}) and bfloat16 ("BF16") to and from float.
 * BF16 is the upper half of a float32; F16 has 5 exponent and 10 mantissa bits, with
 * subnormals. Narrowing rounds to nearest, ties to even, and overflows to infinity, as PyTorch's
 * {@code .half()} and {@code .bfloat16()} do.
 */
public final class HalfFloats {

    private HalfFloats() {
    }

    /** The float a 16-bit pattern stands for. */
    public static float decode(short bits, boolean bfloat16) {
        if (bfloat16) {
            return Float.intBitsToFloat((bits & 0xffff) << 16);
        }
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            // Subnormal (or zero): mantissa · 2^−24.
            float v = mantissa * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** The nearest 16-bit pattern (ties to even). */
    public static short encode(float value, boolean bfloat16) {
        int f = Float.floatToRawIntBits(value);
        if (bfloat16) {
            if (Float.isNaN(value)) {
                return (short) ((f >>> 16) | 0x40);
            }
            int rounding = 0x7fff + ((f >>> 16) & 1);
            return (short) ((f + rounding) >>> 16);
        }
        int sign = (f >>> 16) & 0x8000;
        int exponent = (f >>> 23) & 0xff;
        int mantissa = f & 0x7fffff;
        if (exponent == 0xff) {
            return (short) (sign | 0x7c00 | (mantissa != 0 ? 0x200 : 0));
        }
        int e = exponent - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            if (e < -10) {
                return (short) sign;
            }
            // Subnormal: shift the mantissa (with its hidden bit) right, rounding to nearest even.
            int m = mantissa | 0x800000;
            int shift = 14 - e;
            int half = 1 << (shift - 1);
            int rounded = (m + half - 1 + ((m >>> shift) & 1)) >>> shift;
            return (short) (sign | rounded);
        }
        int rounded = (mantissa + 0xfff + ((mantissa >>> 13) & 1)) >>> 13;
        // A mantissa that rounds up to 2^10 carries into the exponent, which is what adding does.
        return (short) (sign | ((e << 10) + rounded));
    }
}
