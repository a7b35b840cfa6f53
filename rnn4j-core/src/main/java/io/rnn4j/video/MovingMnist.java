package io.rnn4j.video;

import io.rnn4j.data.image.ImageSet;

import java.util.SplittableRandom;

/**
 * Moving MNIST (Srivastava et al. 2015, "Unsupervised Learning of Video Representations using
 * LSTMs"), generated the usual way: two MNIST digits (28 × 28) bounce inside a 64 × 64 frame for
 * 20 frames. Each digit starts at a uniformly random place, (y, x) ∈ [0, 1]² scaled to the
 * 36 pixels a digit can move, and moves in a uniformly random direction θ with step 0.1 of that
 * range per frame (3.6 pixels); reaching an edge, it stops there and its velocity along that axis
 * flips. A frame is the pixel-wise maximum of the two digits. The first frame shows the starting
 * places; each later one is one step on.
 *
 * <p>Everything comes from one seeded {@link SplittableRandom}, sequence by sequence (the two
 * digits' indices, then each digit's start and direction), so a seed and a digit set give the same
 * file on every machine.
 */
public final class MovingMnist {

    public static final int SIZE = 64;
    public static final int FRAMES = 20;
    public static final int DIGITS = 2;
    public static final double STEP = 0.1;

    private MovingMnist() {
    }

    /**
     * @param digits  the MNIST images to draw from (28 × 28, one channel)
     * @param count   sequences to generate
     * @param seed    the random source's seed
     * @return (20, count, 64, 64)
     */
    public static Video generate(ImageSet digits, int count, long seed) {
        int side = digits.shape().height();
        if (digits.shape().channels() != 1 || side != digits.shape().width() || side >= SIZE) {
            throw new IllegalArgumentException("Moving MNIST draws square grey digits smaller than " + SIZE + " pixels, got "
                    + digits.shape());
        }
        if (count < 1) {
            throw new IllegalArgumentException("need >= 1 sequence, got " + count);
        }
        int range = SIZE - side;
        byte[] pixels = new byte[FRAMES * count * SIZE * SIZE];
        SplittableRandom rng = new SplittableRandom(seed);
        int area = side * side;
        for (int s = 0; s < count; s++) {
            for (int d = 0; d < DIGITS; d++) {
                int image = rng.nextInt(digits.size());
                double y = rng.nextDouble();
                double x = rng.nextDouble();
                double theta = rng.nextDouble() * 2 * Math.PI;
                double vy = Math.sin(theta);
                double vx = Math.cos(theta);
                for (int f = 0; f < FRAMES; f++) {
                    int top = (int) Math.round(y * range);
                    int left = (int) Math.round(x * range);
                    int frame = (f * count + s) * SIZE * SIZE;
                    for (int r = 0; r < side; r++) {
                        for (int c = 0; c < side; c++) {
                            int v = digits.pixels()[image * area + r * side + c] & 0xff;
                            int at = frame + (top + r) * SIZE + left + c;
                            if (v > (pixels[at] & 0xff)) {
                                pixels[at] = (byte) v;
                            }
                        }
                    }
                    y += vy * STEP;
                    x += vx * STEP;
                    if (y <= 0) {
                        y = 0;
                        vy = -vy;
                    } else if (y >= 1) {
                        y = 1;
                        vy = -vy;
                    }
                    if (x <= 0) {
                        x = 0;
                        vx = -vx;
                    } else if (x >= 1) {
                        x = 1;
                        vx = -vx;
                    }
                }
            }
        }
        return new Video(FRAMES, count, SIZE, SIZE, pixels);
    }
}
