package io.rnn4j.video;

/**
 * A set of grey-scale videos of equal length, stored as the widely shared Moving MNIST file is
 * ({@code mnist_test_seq.npy}): unsigned bytes, frame-major, shape (frames, count, height, width),
 * 0 black to 255 white.
 */
public record Video(int frames, int count, int height, int width, byte[] pixels) {

    public Video {
        if (frames < 1 || count < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("a video set needs >= 1 frame, sequence, row and column, got (" + frames + ", "
                    + count + ", " + height + ", " + width + ")");
        }
        if (pixels.length != (long) frames * count * height * width) {
            throw new IllegalArgumentException("a video set of (" + frames + ", " + count + ", " + height + ", " + width
                    + ") holds " + (long) frames * count * height * width + " pixels, got " + pixels.length);
        }
    }

    /** Pixels per frame. */
    public int area() {
        return height * width;
    }

    /** Offset of frame f of sequence s. */
    public int offset(int frame, int sequence) {
        return (frame * count + sequence) * area();
    }

    /** Pixel (y, x) of frame f of sequence s, 0..255. */
    public int value(int frame, int sequence, int y, int x) {
        return pixels[offset(frame, sequence) + y * width + x] & 0xff;
    }

    /** Frame f of sequence s as H·W values in [0, 1] (pixel / 255), rows in order. */
    public float[] frame(int frame, int sequence) {
        float[] out = new float[area()];
        int at = offset(frame, sequence);
        for (int i = 0; i < out.length; i++) {
            out[i] = (pixels[at + i] & 0xff) / 255f;
        }
        return out;
    }

    /** Sequences [from, to) as a set of their own. */
    public Video slice(int from, int to) {
        if (from < 0 || to > count || from >= to) {
            throw new IllegalArgumentException("sequences [" + from + ", " + to + ") are not within the set's " + count);
        }
        int n = to - from;
        byte[] p = new byte[frames * n * area()];
        for (int f = 0; f < frames; f++) {
            System.arraycopy(pixels, offset(f, from), p, f * n * area(), n * area());
        }
        return new Video(frames, n, height, width, p);
    }
}
