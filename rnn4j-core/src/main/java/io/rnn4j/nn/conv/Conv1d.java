package io.rnn4j.nn.conv;

import io.rnn4j.kernel.Blas;
import io.rnn4j.nn.BufferPool;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.Parameter;
import io.rnn4j.tensor.Seq;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A 1-D convolution along time, as PyTorch's {@code nn.Conv1d} applied to each sequence on its
 * own (input (T, B, C) read as B sequences of C channels):
 *
 * <pre>  y_{t'}[o] = b[o] + Σ_{c,j} W[o, c, j] · x_{t'·s − p_before + j·d}[c]</pre>
 *
 * <p>with zeros before the start and from the sequence's own length on, so a padded batch gives
 * each sequence what it would get alone. Output (T', B, O) with T' and each sequence's length
 * from {@link ConvAxis#outputLength}; steps past a sequence's length are zero. Parameters
 * {@code weight} (O, C, k) and {@code bias} (O), initialised as PyTorch's: {@code U(−1/√(C·k), +)}.
 *
 * <p>All (t', b) rows are lowered to one column matrix (T'·B, C·k) and multiplied by the weight
 * through {@link Blas}, the rows split over rnn4j's threads; column buffers are recycled.
 */
public final class Conv1d implements Layer {

    private final int inChannels;
    private final int outChannels;
    private final ConvAxis time;
    private final Parameter weight;
    private final Parameter bias;
    private final BufferPool pool = new BufferPool();

    /**
     * @param inChannels  C, the features of each input step
     * @param outChannels O, the number of filters
     * @param time        the window along time (kernel, stride, padding, dilation)
     * @param bias        whether each filter adds a bias
     */
    public Conv1d(int inChannels, int outChannels, ConvAxis time, boolean bias) {
        if (inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException("conv1d needs at least 1 input and 1 output channel, got " + inChannels + " and "
                    + outChannels);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.time = time;
        this.weight = new Parameter("weight", outChannels, inChannels, time.kernel());
        this.bias = bias ? new Parameter("bias", outChannels) : null;
    }

    public int inChannels() {
        return inChannels;
    }

    public int outChannels() {
        return outChannels;
    }

    public ConvAxis time() {
        return time;
    }

    public boolean hasBias() {
        return bias != null;
    }

    @Override
    public int outputSize(int inputSize) {
        if (inputSize != inChannels) {
            throw new IllegalArgumentException("conv1d expects " + inChannels + " input channels, got " + inputSize);
        }
        return outChannels;
    }

    @Override
    public boolean keepsTimeSteps() {
        return time.stride() == 1 && time.same();
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public void initialize(Init scheme, SplittableRandom rng) {
        if (scheme == Init.PYTORCH) {
            double k = 1.0 / Math.sqrt(inChannels * time.kernel());
            Init.uniform(weight, k, rng);
            if (bias != null) {
                Init.uniform(bias, k, rng);
            }
        } else {
            Init.uniform(weight, Math.sqrt(6.0 / ((inChannels + outChannels) * (double) time.kernel())), rng);
            if (bias != null) {
                Arrays.fill(bias.data(), bias.offset(), bias.offset() + bias.size(), 0f);
            }
        }
    }

    /** Output lengths: T' for every sequence, or each sequence's own. */
    private int[] outputLengths(Seq x) {
        if (x.lengths == null) {
            return null;
        }
        int[] out = new int[x.batch];
        for (int b = 0; b < x.batch; b++) {
            if (x.lengths[b] > 0) {
                out[b] = time.requireOutputLength(x.lengths[b], "conv1d: sequence " + b + ", of length");
            }
        }
        return out;
    }

    @Override
    public Pass forward(Seq x, ForwardContext context) {
        outputSize(x.features);
        int outSteps = time.requireOutputLength(x.steps, "conv1d: a batch of sequences of length");
        int[] outLengths = outputLengths(x);
        int rowsTotal = outSteps * x.batch;
        int taps = inChannels * time.kernel();
        float[] y = new float[rowsTotal * outChannels];
        Chunks.run(rowsTotal, Chunks.count(rowsTotal), (chunk, from, to) -> {
            float[] col = pool.take((to - from) * taps, false);
            lower(x, outLengths, from, to, col);
            if (bias != null) {
                for (int r = from; r < to; r++) {
                    System.arraycopy(bias.data(), bias.offset(), y, r * outChannels, outChannels);
                }
            }
            Blas.gemm(false, true, to - from, outChannels, taps, 1f, col, 0, taps, weight.data(), weight.offset(), taps,
                    1f, y, from * outChannels, outChannels);
            for (int r = from; r < to; r++) {
                if (!valid(outLengths, r / x.batch, r % x.batch)) {
                    Arrays.fill(y, r * outChannels, (r + 1) * outChannels, 0f);
                }
            }
            pool.give(col);
        });
        return new Pass(x, Seq.ofValues(y, outSteps, x.batch, outChannels, outLengths), outLengths);
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        Seq x = pass.input();
        int[] outLengths = (int[]) pass.cache();
        int rowsTotal = pass.output().steps * x.batch;
        int taps = inChannels * time.kernel();
        int chunks = Chunks.count(rowsTotal);
        float[][] weightGrads = new float[chunks][];
        float[][] biasGrads = new float[chunks][];
        Chunks.run(rowsTotal, chunks, (chunk, from, to) -> {
            int n = to - from;
            float[] col = pool.take(n * taps, false);
            lower(x, outLengths, from, to, col);
            // padded output rows have all-zero columns, so they add nothing to the weight gradient
            float[] gw = pool.take(weight.size(), true);
            Blas.gemm(true, false, outChannels, taps, n, 1f, dOut, from * outChannels, outChannels, col, 0, taps, 1f, gw, 0, taps);
            weightGrads[chunk] = gw;
            if (bias != null) {
                float[] gb = pool.take(outChannels, true);
                for (int r = from; r < to; r++) {
                    if (valid(outLengths, r / x.batch, r % x.batch)) {
                        for (int o = 0; o < outChannels; o++) {
                            gb[o] += dOut[r * outChannels + o];
                        }
                    }
                }
                biasGrads[chunk] = gb;
            }
            pool.give(col);
        });
        Chunks.sumInto(weightGrads, weight.grad(), weight.offset());
        if (bias != null) {
            Chunks.sumInto(biasGrads, bias.grad(), bias.offset());
        }
        for (int c = 0; c < chunks; c++) {
            pool.give(weightGrads[c], biasGrads[c]);
        }
        if (dIn != null) {
            addInputGradient(x, outLengths, dOut, dIn, rowsTotal, taps);
        }
    }

    /**
     * dIn += the scatter of dCol = dOut · W (T'·B, C·k): the product in chunks of rows, then the
     * scatter in chunks of sequences, so that no two chunks write the same input row.
     */
    private void addInputGradient(Seq x, int[] outLengths, float[] dOut, float[] dIn, int rowsTotal, int taps) {
        int outSteps = rowsTotal / x.batch;
        int k = time.kernel();
        float[] dCol = pool.take(rowsTotal * taps, false);
        Chunks.run(rowsTotal, Chunks.count(rowsTotal), (chunk, from, to) ->
                Blas.gemm(false, false, to - from, taps, outChannels, 1f, dOut, from * outChannels, outChannels,
                        weight.data(), weight.offset(), taps, 0f, dCol, from * taps, taps));
        Chunks.run(x.batch, Chunks.count(x.batch), (chunk, b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int len = x.lengths == null ? x.steps : x.lengths[b];
                for (int t = 0; t < outSteps; t++) {
                    if (!valid(outLengths, t, b)) {
                        continue;
                    }
                    int row = (t * x.batch + b) * taps;
                    for (int j = 0; j < k; j++) {
                        int src = t * time.stride() - time.padBefore() + j * time.dilation();
                        if (src < 0 || src >= len) {
                            continue;
                        }
                        int dst = (src * x.batch + b) * inChannels;
                        for (int c = 0; c < inChannels; c++) {
                            dIn[dst + c] += dCol[row + c * k + j];
                        }
                    }
                }
            }
        });
        pool.give(dCol);
    }

    private static boolean valid(int[] lengths, int t, int b) {
        return lengths == null || t < lengths[b];
    }

    /** Writes the column-matrix rows {@code [from, to)}: row (t', b) holds x[t'·s − p + j·d, b, c] at c·k + j. */
    private void lower(Seq x, int[] outLengths, int from, int to, float[] col) {
        int k = time.kernel();
        int taps = inChannels * k;
        for (int r = from; r < to; r++) {
            int t = r / x.batch;
            int b = r % x.batch;
            int row = (r - from) * taps;
            if (!valid(outLengths, t, b)) {
                Arrays.fill(col, row, row + taps, 0f);
                continue;
            }
            int len = x.lengths == null ? x.steps : x.lengths[b];
            for (int j = 0; j < k; j++) {
                int src = t * time.stride() - time.padBefore() + j * time.dilation();
                if (src < 0 || src >= len) {
                    for (int c = 0; c < inChannels; c++) {
                        col[row + c * k + j] = 0f;
                    }
                } else {
                    int base = (src * x.batch + b) * inChannels;
                    for (int c = 0; c < inChannels; c++) {
                        col[row + c * k + j] = x.values[base + c];
                    }
                }
            }
        }
    }
}
