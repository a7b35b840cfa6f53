package io.rnn4j.nn.conv;

import io.rnn4j.kernel.Parallel;
import io.rnn4j.kernel.WindowMax;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Layer;
import io.rnn4j.tensor.Seq;

/**
 * 2-D max or average pooling of the image at every valid step, channel by channel, as PyTorch's
 * {@code nn.MaxPool2d} / {@code nn.AvgPool2d} (floor mode):
 *
 * <pre>  max: Y[c, y', x'] = max_{i,j} X[c, y'·s_h − p_h + i·d_h, x'·s_w − p_w + j·d_w]   (padding is −∞)
 *  avg: Y[c, y', x'] = (1 / (kh·kw)) Σ_{i,j} X[c, y'·s_h − p_h + i, x'·s_w − p_w + j]   (padding is 0)</pre>
 *
 * <p>Input (C, H, W) per step, output (C, H', W'). As in PyTorch, padding may be at most half the
 * kernel, so every max window holds a real pixel, and only max pooling is dilated. The gradient
 * of max pooling goes to the first largest value of each window.
 */
public final class Pool2d implements Layer {

    private final PoolKind kind;
    private final ImageShape in;
    private final ImageShape out;
    private final ConvAxis rows;
    private final ConvAxis cols;
    /** Offset of each window tap from the window's top-left pixel, in a plane. */
    private final int[] taps;

    public Pool2d(PoolKind kind, ImageShape in, ConvAxis rows, ConvAxis cols) {
        Pool1d.checkWindow(kind, rows, "pool2d rows");
        Pool1d.checkWindow(kind, cols, "pool2d columns");
        this.kind = kind;
        this.in = in;
        this.rows = rows;
        this.cols = cols;
        this.out = new ImageShape(in.channels(), rows.requireOutputLength(in.height(), "pool2d input height"),
                cols.requireOutputLength(in.width(), "pool2d input width"));
        this.taps = new int[rows.kernel() * cols.kernel()];
        for (int i = 0, k = 0; i < rows.kernel(); i++) {
            for (int j = 0; j < cols.kernel(); j++, k++) {
                taps[k] = i * rows.dilation() * in.width() + j * cols.dilation();
            }
        }
    }

    /** A square window, stride equal to the kernel (PyTorch's default). */
    public static Pool2d of(PoolKind kind, ImageShape in, int kernel) {
        return new Pool2d(kind, in, ConvAxis.pool(kernel), ConvAxis.pool(kernel));
    }

    public PoolKind kind() {
        return kind;
    }

    public ImageShape inputShape() {
        return in;
    }

    public ImageShape outputShape() {
        return out;
    }

    public ConvAxis rows() {
        return rows;
    }

    public ConvAxis cols() {
        return cols;
    }

    @Override
    public int outputSize(int inputSize) {
        in.check(inputSize, "pool2d");
        return out.size();
    }

    @Override
    public Pass forward(Seq x, ForwardContext context) {
        outputSize(x.features);
        int planes = x.steps * x.batch * in.channels();
        float[] y = new float[planes * out.area()];
        int[] argmax = kind == PoolKind.MAX && context.gradients() ? new int[y.length] : null;
        Parallel.forRange(planes, 1, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int img = plane / in.channels();
                if (x.valid(img / x.batch, img % x.batch)) {
                    pool(x.values, plane * in.area(), y, plane * out.area(), argmax);
                }
            }
        });
        return new Pass(x, x.withValues(y, out.size()), argmax);
    }

    private void pool(float[] x, int xOff, float[] y, int yOff, int[] argmax) {
        if (kind == PoolKind.MAX && rows.padBefore() == 0 && cols.padBefore() == 0) {
            maxPoolInside(x, xOff, y, yOff, argmax);
            return;
        }
        int h = in.height();
        int w = in.width();
        float scale = 1f / (rows.kernel() * cols.kernel());
        for (int oy = 0; oy < out.height(); oy++) {
            int y0 = oy * rows.stride() - rows.padBefore();
            for (int ox = 0; ox < out.width(); ox++) {
                int x0 = ox * cols.stride() - cols.padBefore();
                int o = yOff + oy * out.width() + ox;
                if (kind == PoolKind.MAX) {
                    float best = Float.NEGATIVE_INFINITY;
                    int at = -1;
                    for (int i = 0; i < rows.kernel(); i++) {
                        int iy = y0 + i * rows.dilation();
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        for (int j = 0; j < cols.kernel(); j++) {
                            int ix = x0 + j * cols.dilation();
                            if (ix >= 0 && ix < w && (at < 0 || x[xOff + iy * w + ix] > best)) {
                                best = x[xOff + iy * w + ix];
                                at = iy * w + ix;
                            }
                        }
                    }
                    y[o] = best;
                    if (argmax != null) {
                        argmax[o] = at;
                    }
                } else {
                    float s = 0f;
                    for (int i = 0; i < rows.kernel(); i++) {
                        int iy = y0 + i;
                        if (iy < 0 || iy >= h) {
                            continue;
                        }
                        for (int j = 0; j < cols.kernel(); j++) {
                            int ix = x0 + j;
                            if (ix >= 0 && ix < w) {
                                s += x[xOff + iy * w + ix];
                            }
                        }
                    }
                    y[o] = s * scale;
                }
            }
        }
    }

    /** Max pooling when no window reaches outside the image (no padding), row by row through {@link WindowMax}. */
    private void maxPoolInside(float[] x, int xOff, float[] y, int yOff, int[] argmax) {
        int w = in.width();
        for (int oy = 0; oy < out.height(); oy++) {
            int rowStart = oy * rows.stride() * w;
            int o = yOff + oy * out.width();
            WindowMax.maxRow(x, xOff + rowStart, cols.stride(), taps, y, o, out.width(), argmax);
            if (argmax != null) {
                for (int ox = 0; ox < out.width(); ox++) {
                    argmax[o + ox] = rowStart + ox * cols.stride() + taps[argmax[o + ox]];
                }
            }
        }
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        if (dIn == null) {
            return;
        }
        Seq x = pass.input();
        int[] argmax = (int[]) pass.cache();
        if (kind == PoolKind.MAX && argmax == null) {
            throw new IllegalStateException("pool2d: this forward pass ran for inference and cannot be back-propagated");
        }
        int planes = x.steps * x.batch * in.channels();
        int h = in.height();
        int w = in.width();
        float scale = 1f / (rows.kernel() * cols.kernel());
        Parallel.forRange(planes, 1, (from, to) -> {
            for (int plane = from; plane < to; plane++) {
                int img = plane / in.channels();
                if (!x.valid(img / x.batch, img % x.batch)) {
                    continue;
                }
                int xOff = plane * in.area();
                int yOff = plane * out.area();
                for (int oy = 0; oy < out.height(); oy++) {
                    for (int ox = 0; ox < out.width(); ox++) {
                        int o = yOff + oy * out.width() + ox;
                        if (kind == PoolKind.MAX) {
                            dIn[xOff + argmax[o]] += dOut[o];
                            continue;
                        }
                        float g = dOut[o] * scale;
                        int y0 = oy * rows.stride() - rows.padBefore();
                        int x0 = ox * cols.stride() - cols.padBefore();
                        for (int i = 0; i < rows.kernel(); i++) {
                            int iy = y0 + i;
                            if (iy < 0 || iy >= h) {
                                continue;
                            }
                            for (int j = 0; j < cols.kernel(); j++) {
                                int ix = x0 + j;
                                if (ix >= 0 && ix < w) {
                                    dIn[xOff + iy * w + ix] += g;
                                }
                            }
                        }
                    }
                }
            }
        });
    }
}
