package io.rnn4j.caption;

import io.rnn4j.data.image.ImageSet;
import io.rnn4j.nn.conv.ImageShape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A captioned-image set made from MNIST digits, deterministic for a seed. Each picture is a
 * 64×64 black canvas split into a 3×3 grid of cells (rows top, middle, bottom; columns left,
 * center, right; cell edges at 0, 21, 43 and 64 pixels). One to three cells, drawn without
 * replacement, each hold one MNIST digit, scaled (area averaging) to 12×12 ("small") or 20×20
 * ("large") with equal chance and placed at a random offset inside its cell; overlapping strokes
 * keep the brighter pixel. The caption names the digits in reading order (row by row, left to
 * right):
 *
 * <pre>  a small 3 at top left and a large 7 at bottom right</pre>
 *
 * <p>Picture i depends only on the seed, i and the digit set, so any part of a set can be made
 * again. Training pictures take their digits from MNIST's training images and test pictures
 * from its test images, so no test digit was ever seen in training.
 */
public final class CaptionedDigits {

    /** Side of the canvas, in pixels. */
    public static final int CANVAS = 64;
    /** Cells per side of the grid. */
    public static final int GRID = 3;
    /** Sides of the small and large digits, in pixels. */
    public static final int SMALL = 12;
    public static final int LARGE = 20;
    /** Digits per picture, at most. */
    public static final int MAX_DIGITS = 3;
    public static final ImageShape SHAPE = new ImageShape(1, CANVAS, CANVAS);

    private static final String[] ROWS = {"top", "middle", "bottom"};
    private static final String[] COLUMNS = {"left", "center", "right"};

    private CaptionedDigits() {
    }

    /** Where cell k (0..2) begins along an axis: 0, 21, 43; {@code edge(3)} is 64. */
    static int edge(int k) {
        return Math.round(k * CANVAS / (float) GRID);
    }

    /**
     * {@code count} captioned pictures made from the digits of {@code digits} (28×28 MNIST images
     * labelled 0–9), picture i from the seed and i alone.
     */
    public static CaptionSet generate(ImageSet digits, int count, long seed) {
        if (digits.shape().channels() != 1 || digits.size() == 0) {
            throw new IllegalArgumentException("captioned digits need gray digit images, got " + digits.size() + " of "
                    + digits.shape());
        }
        if (count < 1) {
            throw new IllegalArgumentException("the number of pictures must be >= 1, got " + count);
        }
        byte[] pixels = new byte[count * SHAPE.size()];
        List<String> captions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            captions.add(draw(digits, new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i), pixels, i * SHAPE.size()));
        }
        ImageSet images = new ImageSet(SHAPE, pixels, new int[count], List.of(CaptionSet.IMAGE_CLASS));
        return new CaptionSet(images, captions);
    }

    /** Paints one picture at {@code canvas[off]} and returns its caption. */
    private static String draw(ImageSet digits, SplittableRandom rng, byte[] canvas, int off) {
        int n = 1 + rng.nextInt(MAX_DIGITS);
        int[] cells = new int[GRID * GRID];
        for (int k = 0; k < cells.length; k++) {
            cells[k] = k;
        }
        for (int k = 0; k < n; k++) {
            int j = k + rng.nextInt(cells.length - k);
            int t = cells[k];
            cells[k] = cells[j];
            cells[j] = t;
        }
        int[] chosen = Arrays.copyOf(cells, n);
        Arrays.sort(chosen);
        StringBuilder caption = new StringBuilder();
        for (int cell : chosen) {
            int digit = rng.nextInt(digits.size());
            boolean large = rng.nextBoolean();
            int side = large ? LARGE : SMALL;
            int row = cell / GRID;
            int col = cell % GRID;
            int y0 = edge(row) + rng.nextInt(edge(row + 1) - edge(row) - side + 1);
            int x0 = edge(col) + rng.nextInt(edge(col + 1) - edge(col) - side + 1);
            paint(resize(digits, digit, side), side, canvas, off, y0, x0);
            if (caption.length() > 0) {
                caption.append(" and ");
            }
            caption.append("a ").append(large ? "large" : "small").append(' ').append(digits.labels()[digit])
                    .append(" at ").append(ROWS[row]).append(' ').append(COLUMNS[col]);
        }
        return caption.toString();
    }

    private static void paint(float[] digit, int side, byte[] canvas, int off, int y0, int x0) {
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int p = off + (y0 + y) * CANVAS + x0 + x;
                int v = Math.min(255, Math.round(digit[y * side + x]));
                canvas[p] = (byte) Math.max(canvas[p] & 0xff, v);
            }
        }
    }

    /** Digit {@code index} scaled to side × side by area averaging: each output pixel is the mean of the source area it covers. */
    static float[] resize(ImageSet digits, int index, int side) {
        ImageShape s = digits.shape();
        float[][] rows = coverage(s.height(), side);
        float[][] cols = coverage(s.width(), side);
        float[] tmp = new float[side * s.width()];
        int base = index * s.size();
        for (int y = 0; y < side; y++) {
            for (int sy = 0; sy < s.height(); sy++) {
                float wy = rows[y][sy];
                if (wy != 0f) {
                    for (int x = 0; x < s.width(); x++) {
                        tmp[y * s.width() + x] += wy * (digits.pixels()[base + sy * s.width() + x] & 0xff);
                    }
                }
            }
        }
        float[] out = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                float v = 0f;
                for (int sx = 0; sx < s.width(); sx++) {
                    v += cols[x][sx] * tmp[y * s.width() + sx];
                }
                out[y * side + x] = v;
            }
        }
        return out;
    }

    /** w[d][k]: the share of output pixel d (of n) that source pixel k (of m) covers; each row sums to 1. */
    private static float[][] coverage(int m, int n) {
        float[][] w = new float[n][m];
        double scale = (double) m / n;
        for (int d = 0; d < n; d++) {
            double lo = d * scale;
            double hi = (d + 1) * scale;
            for (int k = (int) Math.floor(lo); k < Math.min(m, (int) Math.ceil(hi)); k++) {
                w[d][k] = (float) ((Math.min(hi, k + 1) - Math.max(lo, k)) / scale);
            }
        }
        return w;
    }
}
