package io.rnn4j.nn.conv;

import io.rnn4j.kernel.Runs;

/**
 * Lowers a stride-1 2-D convolution over one image to a matrix product with long copies only.
 * The image is first zero-padded to (C, Hp, Wp); an output pixel (y', x') is then given the
 * "wide" column index p = y'·Wp + x', as if the output were Wp wide. With that indexing, row
 * (c, i, j) of the column matrix is one contiguous run of the padded plane,
 *
 * <pre>  col[(c·kh + i)·kw + j, p] = Xp[c, i·d_h·Wp + j·d_w + p],   p in [0, N),  N = (H'−1)·Wp + W'</pre>
 *
 * so lowering is C·kh·kw array copies of N values instead of C·kh·kw·H' copies of W' (the
 * per-copy cost dominated {@link Im2Col} on small images). The price is the Wp − W' columns per
 * output row that fall between rows: the GEMM computes them (about (Wp/W')× the work) and they
 * are dropped. Scattering a column-matrix gradient back is the same runs added in reverse.
 */
final class PaddedLowering {

    private final ImageShape in;
    private final int padTop;
    private final int padLeft;
    private final int paddedHeight;
    private final int paddedWidth;
    private final int outHeight;
    private final int outWidth;
    /** Start of each column-matrix row within its padded plane: i·d_h·Wp + j·d_w. */
    private final int[] tapOffsets;

    PaddedLowering(ImageShape in, ConvAxis rows, ConvAxis cols, ImageShape out) {
        if (rows.stride() != 1 || cols.stride() != 1) {
            throw new IllegalArgumentException("padded lowering needs stride 1, got " + rows.stride() + " x " + cols.stride());
        }
        this.in = in;
        this.padTop = rows.padBefore();
        this.padLeft = cols.padBefore();
        this.paddedHeight = in.height() + rows.padBefore() + rows.padAfter();
        this.paddedWidth = in.width() + cols.padBefore() + cols.padAfter();
        this.outHeight = out.height();
        this.outWidth = out.width();
        this.tapOffsets = new int[rows.kernel() * cols.kernel()];
        for (int i = 0, t = 0; i < rows.kernel(); i++) {
            for (int j = 0; j < cols.kernel(); j++, t++) {
                tapOffsets[t] = i * rows.dilation() * paddedWidth + j * cols.dilation();
            }
        }
    }

    /** N, the columns of the wide column matrix. */
    int wideColumns() {
        return (outHeight - 1) * paddedWidth + outWidth;
    }

    int paddedWidth() {
        return paddedWidth;
    }

    /** Size of one padded image, C·Hp·Wp. */
    int paddedSize() {
        return in.channels() * paddedHeight * paddedWidth;
    }

    /** Copies the image at {@code x[xOff]} into the interior of {@code padded}, whose border must be zero. */
    void pad(float[] x, int xOff, float[] padded) {
        int h = in.height();
        int w = in.width();
        for (int c = 0; c < in.channels(); c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(x, xOff + (c * h + y) * w, padded, (c * paddedHeight + y + padTop) * paddedWidth + padLeft, w);
            }
        }
    }

    /** Adds the interior of the padded gradient {@code dPadded} onto the image gradient at {@code dx[dxOff]}. */
    void cropAdd(float[] dPadded, float[] dx, int dxOff) {
        int h = in.height();
        int w = in.width();
        for (int c = 0; c < in.channels(); c++) {
            for (int y = 0; y < h; y++) {
                Runs.addInto(dPadded, (c * paddedHeight + y + padTop) * paddedWidth + padLeft, dx, dxOff + (c * h + y) * w, w);
            }
        }
    }

    /** Writes the (C·kh·kw, N) wide column matrix of a padded image into {@code col}. */
    void lower(float[] padded, float[] col) {
        int n = wideColumns();
        int plane = paddedHeight * paddedWidth;
        int r = 0;
        for (int c = 0; c < in.channels(); c++) {
            for (int offset : tapOffsets) {
                System.arraycopy(padded, c * plane + offset, col, r++ * n, n);
            }
        }
    }

    /** Adds the wide column-matrix gradient {@code dCol} onto the padded image gradient {@code dPadded}. */
    void addBack(float[] dCol, float[] dPadded) {
        int n = wideColumns();
        int plane = paddedHeight * paddedWidth;
        int r = 0;
        for (int c = 0; c < in.channels(); c++) {
            for (int offset : tapOffsets) {
                Runs.addInto(dCol, r++ * n, dPadded, c * plane + offset, n);
            }
        }
    }

    /** Adds the valid columns of a wide (O, N) result onto the (O, H'·W') output at {@code y[yOff]}. */
    void narrowAdd(float[] wide, float[] y, int yOff, int channels) {
        int n = wideColumns();
        for (int o = 0; o < channels; o++) {
            for (int oy = 0; oy < outHeight; oy++) {
                Runs.addInto(wide, o * n + oy * paddedWidth, y, yOff + (o * outHeight + oy) * outWidth, outWidth);
            }
        }
    }

    /** Spreads the (O, H'·W') gradient at {@code dy[dyOff]} into a wide (O, N) matrix, zero between output rows. */
    void widen(float[] dy, int dyOff, float[] wide, int channels) {
        int n = wideColumns();
        for (int o = 0; o < channels; o++) {
            for (int oy = 0; oy < outHeight; oy++) {
                int dst = o * n + oy * paddedWidth;
                System.arraycopy(dy, dyOff + (o * outHeight + oy) * outWidth, wide, dst, outWidth);
                if (oy < outHeight - 1) {
                    java.util.Arrays.fill(wide, dst + outWidth, dst + paddedWidth, 0f);
                }
            }
        }
    }
}
