package io.rnn4j.nn.conv;

/**
 * Lowers a 2-D convolution over one image to a matrix product (Chellapilla et al. 2006): the
 * column matrix holds, for every kernel tap (c, i, j) (rows, in PyTorch's weight order
 * {@code (c·kh + i)·kw + j}) and every output pixel p = y'·W' + x' (columns), the input value the
 * tap reads there, or 0 in the padding. With it the convolution is {@code Y (O, H'W') = W (O,
 * C·kh·kw) · col}, and {@link #addBack} scatters a gradient of the column matrix back onto the
 * image.
 */
final class Im2Col {

    private Im2Col() {
    }

    /** Writes the (C·kh·kw, H'·W') column matrix of the image at {@code x[xOff]} into {@code col}. */
    static void lower(float[] x, int xOff, ImageShape in, ConvAxis rows, ConvAxis cols, int outH, int outW, float[] col) {
        int h = in.height();
        int w = in.width();
        int kh = rows.kernel();
        int kw = cols.kernel();
        int outArea = outH * outW;
        int r = 0;
        for (int c = 0; c < in.channels(); c++) {
            int plane = xOff + c * h * w;
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++, r++) {
                    int base = r * outArea;
                    for (int oy = 0; oy < outH; oy++) {
                        int iy = oy * rows.stride() - rows.padBefore() + i * rows.dilation();
                        int dst = base + oy * outW;
                        if (iy < 0 || iy >= h) {
                            java.util.Arrays.fill(col, dst, dst + outW, 0f);
                            continue;
                        }
                        int src = plane + iy * w;
                        int ix0 = -cols.padBefore() + j * cols.dilation();
                        if (cols.stride() == 1) {
                            // one contiguous run of the input row, zeros either side of it
                            int lo = Math.min(outW, Math.max(0, -ix0));
                            int hi = Math.max(lo, Math.min(outW, w - ix0));
                            java.util.Arrays.fill(col, dst, dst + lo, 0f);
                            if (hi > lo) {
                                System.arraycopy(x, src + ix0 + lo, col, dst + lo, hi - lo);
                            }
                            java.util.Arrays.fill(col, dst + hi, dst + outW, 0f);
                            continue;
                        }
                        int ix = ix0;
                        for (int ox = 0; ox < outW; ox++, ix += cols.stride()) {
                            col[dst + ox] = ix >= 0 && ix < w ? x[src + ix] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** Adds the column-matrix gradient {@code dCol} onto the image gradient at {@code dx[dxOff]}. */
    static void addBack(float[] dCol, ImageShape in, ConvAxis rows, ConvAxis cols, int outH, int outW, float[] dx, int dxOff) {
        int h = in.height();
        int w = in.width();
        int kh = rows.kernel();
        int kw = cols.kernel();
        int outArea = outH * outW;
        int r = 0;
        for (int c = 0; c < in.channels(); c++) {
            int plane = dxOff + c * h * w;
            for (int i = 0; i < kh; i++) {
                for (int j = 0; j < kw; j++, r++) {
                    int base = r * outArea;
                    for (int oy = 0; oy < outH; oy++) {
                        int iy = oy * rows.stride() - rows.padBefore() + i * rows.dilation();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        int src = base + oy * outW;
                        int dst = plane + iy * w;
                        int ix0 = -cols.padBefore() + j * cols.dilation();
                        if (cols.stride() == 1) {
                            int lo = Math.min(outW, Math.max(0, -ix0));
                            int hi = Math.max(lo, Math.min(outW, w - ix0));
                            for (int ox = lo; ox < hi; ox++) {
                                dx[dst + ix0 + ox] += dCol[src + ox];
                            }
                            continue;
                        }
                        int ix = ix0;
                        for (int ox = 0; ox < outW; ox++, ix += cols.stride()) {
                            if (ix >= 0 && ix < w) {
                                dx[dst + ix] += dCol[src + ox];
                            }
                        }
                    }
                }
            }
        }
    }
}
