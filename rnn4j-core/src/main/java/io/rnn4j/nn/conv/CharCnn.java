package io.rnn4j.nn.conv;

import io.rnn4j.kernel.Blas;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.Parameter;
import io.rnn4j.tensor.Seq;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A word's vector from its characters (Ma &amp; Hovy 2016; Chiu &amp; Nichols 2016): the characters
 * are embedded, convolved with F filters of width k over the word (zero-padded by (k − 1)/2 on
 * each side) and max-pooled over the word's characters, so a word never seen in training still
 * gets a vector from its spelling (capitals, suffixes, digits, hyphens).
 *
 * <pre>
 *   input   (T, B, W)  the character ids of each word, 1..C−1, then 0 (padding) to width W
 *   e_j     = E[c_j]                                        E (C, D): parameter char_embedding
 *   y_j[o]  = bias[o] + Σ_{d,i} weight[o, d, i] · e_{j−p+i}[d]     p = (k − 1)/2, e outside the word = 0
 *   out[o]  = max_{j &lt; n} y_j[o]                            n: the word's characters
 *   output  (T, B, F)
 * </pre>
 *
 * Parameters {@code char_embedding} (C, D) ~ N(0, 1), {@code weight} (F, D, k) and {@code bias}
 * (F) ~ U(−1/√(D·k), +1/√(D·k)), as PyTorch's {@code nn.Embedding} and {@code nn.Conv1d}. Padded
 * steps (t ≥ the sentence's length) and words of no characters give zeros. Character ids arrive
 * as exact whole numbers in a real-valued input, so the layer sits on a graph input of width W.
 */
public final class CharCnn implements Layer {

    private final int chars;
    private final int dim;
    private final int filters;
    private final int kernel;
    private final int width;
    private final Parameter embedding;
    private final Parameter weight;
    private final Parameter bias;

    /**
     * @param chars   C, the size of the character vocabulary (id 0 is padding)
     * @param dim     D, the character embedding size
     * @param filters F, the output features
     * @param kernel  k, the window in characters (odd)
     * @param width   W, the characters per word in the input
     */
    public CharCnn(int chars, int dim, int filters, int kernel, int width) {
        if (chars < 2 || dim < 1 || filters < 1 || width < 1) {
            throw new IllegalArgumentException("char CNN needs >= 2 characters, dim, filters and width >= 1, got " + chars + ", "
                    + dim + ", " + filters + ", " + width);
        }
        if (kernel < 1 || kernel % 2 == 0) {
            throw new IllegalArgumentException("char CNN window must be odd and >= 1, got " + kernel);
        }
        this.chars = chars;
        this.dim = dim;
        this.filters = filters;
        this.kernel = kernel;
        this.width = width;
        this.embedding = new Parameter("char_embedding", chars, dim);
        this.weight = new Parameter("weight", filters, dim, kernel);
        this.bias = new Parameter("bias", filters);
    }

    public int chars() {
        return chars;
    }

    public int dim() {
        return dim;
    }

    public int filters() {
        return filters;
    }

    public int kernel() {
        return kernel;
    }

    public int width() {
        return width;
    }

    /** Parameters the settings declare. */
    public static long parameterCount(int chars, int dim, int filters, int kernel) {
        return (long) chars * dim + (long) filters * dim * kernel + filters;
    }

    @Override
    public int outputSize(int inputSize) {
        if (inputSize != width) {
            throw new IllegalArgumentException("char CNN reads " + width + " character ids per word, got " + inputSize);
        }
        return filters;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(embedding, weight, bias);
    }

    @Override
    public void initialize(Init scheme, SplittableRandom rng) {
        for (int i = 0; i < embedding.size(); i++) {
            embedding.set(i, (float) Init.gaussian(rng));
        }
        double k = 1 / Math.sqrt(dim * kernel);
        for (int i = 0; i < weight.size(); i++) {
            weight.set(i, (float) ((rng.nextDouble() * 2 - 1) * k));
        }
        for (int i = 0; i < bias.size(); i++) {
            bias.set(i, (float) ((rng.nextDouble() * 2 - 1) * k));
        }
    }

    /** What backward needs: each position's (row, character) and id window, the columns and the argmax positions. */
    private record Cache(int[] rowOf, int[] ids, float[] columns, int[] argmax, int positions) {
    }

    @Override
    public Pass forward(Seq x, ForwardContext context) {
        if (x.isTokens()) {
            throw new IllegalArgumentException("char CNN reads character ids as " + width + " values per word, got token ids");
        }
        outputSize(x.features);
        int rows = x.steps * x.batch;
        // the valid (row, character) positions
        int[] length = new int[rows];
        int positions = 0;
        for (int r = 0; r < rows; r++) {
            if (x.valid(r / x.batch, r % x.batch)) {
                length[r] = wordLength(x.values, r);
                positions += length[r];
            }
        }
        int[] rowOf = new int[positions];
        int[] ids = new int[positions * kernel]; // the window's character ids, −1 outside the word
        int pad = (kernel - 1) / 2;
        int p = 0;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < length[r]; j++, p++) {
                rowOf[p] = r;
                for (int i = 0; i < kernel; i++) {
                    int c = j - pad + i;
                    ids[p * kernel + i] = c >= 0 && c < length[r] ? (int) x.values[r * width + c] : -1;
                }
            }
        }
        int cols = dim * kernel;
        float[] columns = new float[positions * cols]; // (P, D·k), column d·k + i, as the weight (F, D, k) is laid out
        float[] e = embedding.dataForReading();
        int eo = embedding.offset();
        for (p = 0; p < positions; p++) {
            for (int i = 0; i < kernel; i++) {
                int id = ids[p * kernel + i];
                if (id >= 0) {
                    for (int d = 0; d < dim; d++) {
                        columns[p * cols + d * kernel + i] = e[eo + id * dim + d];
                    }
                }
            }
        }
        float[] y = new float[positions * filters];
        for (p = 0; p < positions; p++) {
            System.arraycopy(bias.dataForReading(), bias.offset(), y, p * filters, filters);
        }
        if (positions > 0) {
            Blas.gemm(false, true, positions, filters, cols, 1f, columns, 0, cols, weight.dataForReading(), weight.offset(), cols, 1f,
                    y, 0, filters);
        }
        float[] out = new float[rows * filters];
        int[] argmax = new int[rows * filters];
        java.util.Arrays.fill(argmax, -1);
        for (p = 0; p < positions; p++) {
            int r = rowOf[p];
            for (int o = 0; o < filters; o++) {
                int at = r * filters + o;
                if (argmax[at] < 0 || y[p * filters + o] > out[at]) {
                    out[at] = y[p * filters + o];
                    argmax[at] = p;
                }
            }
        }
        return new Pass(x, x.withValues(out, filters), new Cache(rowOf, ids, columns, argmax, positions));
    }

    /** Characters before the first 0 of row r; ids must be whole numbers in 0..C−1, padding only at the end. */
    private int wordLength(float[] v, int r) {
        int n = 0;
        while (n < width && v[r * width + n] != 0) {
            n++;
        }
        for (int j = 0; j < width; j++) {
            float c = v[r * width + j];
            if (c != (int) c || c < 0 || c >= chars || (j >= n && c != 0)) {
                throw new IllegalArgumentException("character id " + c + " at word " + r + ", position " + j + " is not a whole"
                        + " number in 0.." + (chars - 1) + (j >= n && c != 0 ? " after the padding" : ""));
            }
        }
        return n;
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        Cache c = (Cache) pass.cache();
        int positions = c.positions();
        if (positions == 0) {
            return;
        }
        int cols = dim * kernel;
        float[] dy = new float[positions * filters];
        for (int at = 0; at < c.argmax().length; at++) {
            int p = c.argmax()[at];
            if (p >= 0) {
                dy[p * filters + at % filters] += dOut[at];
            }
        }
        Blas.gemm(true, false, filters, cols, positions, 1f, dy, 0, filters, c.columns(), 0, cols, 1f, weight.grad(), weight.offset(),
                cols);
        float[] gb = bias.grad();
        for (int p = 0; p < positions; p++) {
            for (int o = 0; o < filters; o++) {
                gb[bias.offset() + o] += dy[p * filters + o];
            }
        }
        float[] dCol = new float[positions * cols];
        Blas.gemm(false, false, positions, cols, filters, 1f, dy, 0, filters, weight.dataForReading(), weight.offset(), cols, 0f,
                dCol, 0, cols);
        float[] ge = embedding.grad();
        int eo = embedding.offset();
        for (int p = 0; p < positions; p++) {
            for (int i = 0; i < kernel; i++) {
                int id = c.ids()[p * kernel + i];
                if (id >= 0) {
                    for (int d = 0; d < dim; d++) {
                        ge[eo + id * dim + d] += dCol[p * cols + d * kernel + i];
                    }
                }
            }
        }
        // character ids are not differentiable: dIn gets nothing
    }
}
