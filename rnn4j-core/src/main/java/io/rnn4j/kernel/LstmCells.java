package io.rnn4j.kernel;

/**
 * The LSTM cell update on gate pre-activations, fused into one pass: for each unit u of a block of
 * {@code width} units whose gates lie side by side in {@code z} (i, f, g, o, each {@code width}
 * long, from {@code row}),
 * <pre>
 *   c[u] = σ(f)·c[u] + σ(i)·tanh(g),   h[u] = tanh(c[u])·σ(o)
 * </pre>
 * with the same rational tanh and σ(x) = ½ + ½·tanh(x/2) as {@link Activations}, operation for
 * operation, so the result equals the separate passes bit for bit. The streaming LSTM step runs
 * it on each thread's chunk of units. The float version uses 512-bit vectors where the vector
 * kernels are on ({@link VectorKernels}): one pass keeps the five activations of a unit in
 * registers, where separate passes over the block reload them.
 */
public final class LstmCells {

    interface Update {
        void update(float[] z, int row, int width, float[] c, int cOff, float[] h, int hOff);
    }

    private static final Update VECTOR = VectorKernels.load("io.rnn4j.kernel.VectorLstmCells", Update.class);

    private LstmCells() {
    }

    /** The fused update above; {@code z} is read only, {@code c} is updated in place, {@code h} written. */
    public static void update(float[] z, int row, int width, float[] c, int cOff, float[] h, int hOff) {
        if (VECTOR != null) {
            VECTOR.update(z, row, width, c, cOff, h, hOff);
            return;
        }
        plain(z, row, width, c, cOff, h, hOff, 0);
    }

    /** The scalar update of units [from, width). */
    static void plain(float[] z, int row, int width, float[] c, int cOff, float[] h, int hOff, int from) {
        for (int u = from; u < width; u++) {
            float i = Activations.sigmoid(z[row + u]);
            float f = Activations.sigmoid(z[row + width + u]);
            float g = Activations.tanh(z[row + 2 * width + u]);
            float o = Activations.sigmoid(z[row + 3 * width + u]);
            float cu = f * c[cOff + u] + i * g;
            c[cOff + u] = cu;
            h[hOff + u] = Activations.tanh(cu) * o;
        }
    }

    /** The double-precision twin's {@link #update(float[], int, int, float[], int, float[], int)}. */
    public static void update(double[] z, int row, int width, double[] c, int cOff, double[] h, int hOff) {
        for (int u = 0; u < width; u++) {
            double i = Activations.sigmoid(z[row + u]);
            double f = Activations.sigmoid(z[row + width + u]);
            double g = Activations.tanh(z[row + 2 * width + u]);
            double o = Activations.sigmoid(z[row + 3 * width + u]);
            double cu = f * c[cOff + u] + i * g;
            c[cOff + u] = cu;
            h[hOff + u] = Activations.tanh(cu) * o;
        }
    }
}
