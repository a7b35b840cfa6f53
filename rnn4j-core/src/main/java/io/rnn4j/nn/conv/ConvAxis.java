package io.rnn4j.nn.conv;

/**
 * How a convolution or pooling window moves along one axis (time, image rows or image columns):
 * kernel size k, stride s, zero padding p before and after, and dilation d. An input of length L
 * gives
 *
 * <pre>  L' = ⌊(L + p_before + p_after − d·(k − 1) − 1) / s⌋ + 1</pre>
 *
 * <p>outputs, output i reading inputs {@code i·s − p_before + j·d} for j = 0..k−1, as PyTorch's
 * {@code nn.Conv1d/Conv2d}, {@code MaxPool} and {@code AvgPool} do. {@link #same()} pads so that
 * L' = L: {@code d·(k−1)} zeros in all, the smaller half before (PyTorch's {@code padding='same'},
 * which also needs stride 1).
 *
 * @param kernel   window size, at least 1
 * @param stride   step between windows, at least 1
 * @param padding  zeros before and after the input; ignored when {@code same}
 * @param dilation spacing of the window's taps, at least 1
 * @param same     pad so that the output is as long as the input
 */
public record ConvAxis(int kernel, int stride, int padding, int dilation, boolean same) {

    public ConvAxis {
        if (kernel < 1 || stride < 1 || padding < 0 || dilation < 1) {
            throw new IllegalArgumentException("a window needs kernel >= 1, stride >= 1, padding >= 0 and dilation >= 1, got kernel "
                    + kernel + ", stride " + stride + ", padding " + padding + ", dilation " + dilation);
        }
        if (same && stride != 1) {
            throw new IllegalArgumentException("'same' padding needs stride 1 (as in PyTorch), got stride " + stride);
        }
    }

    /** A window of {@code kernel} taps, stride 1, no padding, no dilation. */
    public static ConvAxis of(int kernel) {
        return new ConvAxis(kernel, 1, 0, 1, false);
    }

    /** A pooling window: stride equal to the kernel, as PyTorch's pooling layers default to. */
    public static ConvAxis pool(int kernel) {
        return new ConvAxis(kernel, kernel, 0, 1, false);
    }

    public ConvAxis withStride(int s) {
        return new ConvAxis(kernel, s, padding, dilation, same);
    }

    public ConvAxis withPadding(int p) {
        return new ConvAxis(kernel, stride, p, dilation, false);
    }

    public ConvAxis withDilation(int d) {
        return new ConvAxis(kernel, stride, padding, d, same);
    }

    /** Padding that keeps the length ('same'). */
    public ConvAxis samePadding() {
        return new ConvAxis(kernel, stride, 0, dilation, true);
    }

    /** The span of the window in input positions: {@code d·(k−1) + 1}. */
    public int span() {
        return dilation * (kernel - 1) + 1;
    }

    /** Zeros before the input. */
    public int padBefore() {
        return same ? (span() - 1) / 2 : padding;
    }

    /** Zeros after the input. */
    public int padAfter() {
        return same ? span() - 1 - (span() - 1) / 2 : padding;
    }

    /** The output length for an input of {@code length}; 0 or less when the padded input is shorter than the window. */
    public int outputLength(int length) {
        int padded = length + padBefore() + padAfter();
        return padded < span() ? 0 : (padded - span()) / stride + 1;
    }

    /**
     * The output length for an input of {@code length}, or an exception naming {@code what} when
     * the padded input is shorter than the window.
     */
    public int requireOutputLength(int length, String what) {
        int out = outputLength(length);
        if (out < 1) {
            throw new IllegalArgumentException(what + " of " + length + " is shorter than the window, which spans " + span()
                    + " with " + padBefore() + " + " + padAfter() + " padding");
        }
        return out;
    }

    @Override
    public String toString() {
        return "kernel " + kernel + (stride != 1 ? ", stride " + stride : "") + (same ? ", same padding"
                : padding != 0 ? ", padding " + padding : "") + (dilation != 1 ? ", dilation " + dilation : "");
    }
}
