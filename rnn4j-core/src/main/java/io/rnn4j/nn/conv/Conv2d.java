package io.rnn4j.nn.conv;

import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.PackedOperand;
import io.rnn4j.nn.BufferPool;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.Parameter;
import io.rnn4j.tensor.Seq;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A 2-D convolution over the image at every valid step, as PyTorch's {@code nn.Conv2d}:
 *
 * <pre>  Y[o, y', x'] = b[o] + Σ_{c,i,j} W[o, c, i, j] · X[c, y'·s_h − p_top + i·d_h, x'·s_w − p_left + j·d_w]</pre>
 *
 * <p>with zeros outside the image. Input: each step is one image of {@link #inputShape()} (C, H,
 * W), flattened channel-major; output: one feature map of {@link #outputShape()} (O, H', W').
 * Parameters {@code weight} (O, C, kh, kw) and {@code bias} (O), initialised as PyTorch's:
 * {@code U(−1/√(C·kh·kw), +)}.
 *
 * <p>Each image is lowered to a column matrix and multiplied by the weight in one GEMM through
 * {@link Blas}: with stride 1 the padded-row lowering ({@link PaddedLowering}, long copies),
 * otherwise {@link Im2Col}. Images are split over rnn4j's threads, and the buffers are recycled
 * from one batch to the next. Backward recomputes the column matrix rather than keep one per
 * image. Padded steps of a sequence of images are skipped and get zero output.
 */
public final class Conv2d implements Layer {

    private final ImageShape in;
    private final ImageShape out;
    private final ConvAxis rows;
    private final ConvAxis cols;
    private final Parameter weight;
    private final Parameter bias;
    private final BufferPool pool = new BufferPool();
    /** The stride-1 lowering, or null for strided convolutions. */
    private final PaddedLowering padded;

    /**
     * @param in          the input image shape (C, H, W)
     * @param outChannels O, the number of filters
     * @param rows        the window along image rows (kernel height, stride, padding, dilation)
     * @param cols        the window along image columns
     * @param bias        whether each filter adds a bias
     */
    public Conv2d(ImageShape in, int outChannels, ConvAxis rows, ConvAxis cols, boolean bias) {
        this(in, outChannels, rows, cols, bias, "");
    }

    /**
     * As the five-argument constructor, with the parameter names prefixed: a layer built of
     * several convolutions (a ConvLSTM cell's input and state convolutions) names them apart.
     */
    public Conv2d(ImageShape in, int outChannels, ConvAxis rows, ConvAxis cols, boolean bias, String prefix) {
        if (outChannels < 1) {
            throw new IllegalArgumentException("conv2d needs at least 1 output channel, got " + outChannels);
        }
        this.in = in;
        this.rows = rows;
        this.cols = cols;
        this.out = new ImageShape(outChannels, rows.requireOutputLength(in.height(), "conv2d input height"),
                cols.requireOutputLength(in.width(), "conv2d input width"));
        this.weight = new Parameter(prefix + "weight", outChannels, in.channels(), rows.kernel(), cols.kernel());
        this.bias = bias ? new Parameter(prefix + "bias", outChannels) : null;
        this.padded = rows.stride() == 1 && cols.stride() == 1 ? new PaddedLowering(in, rows, cols, out) : null;
    }

    /** A square kernel with the same window along rows and columns. */
    public Conv2d(ImageShape in, int outChannels, ConvAxis window) {
        this(in, outChannels, window, window, true);
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

    public boolean hasBias() {
        return bias != null;
    }

    public Parameter weight() {
        return weight;
    }

    /** Rows of the column matrix: C·kh·kw. */
    private int taps() {
        return in.channels() * rows.kernel() * cols.kernel();
    }

    @Override
    public int outputSize(int inputSize) {
        in.check(inputSize, "conv2d");
        return out.size();
    }

    @Override
    public List<Parameter> parameters() {
        return bias == null ? List.of(weight) : List.of(weight, bias);
    }

    @Override
    public void initialize(Init scheme, SplittableRandom rng) {
        int area = rows.kernel() * cols.kernel();
        if (scheme == Init.PYTORCH) {
            double k = 1.0 / Math.sqrt(taps());
            Init.uniform(weight, k, rng);
            if (bias != null) {
                Init.uniform(bias, k, rng);
            }
        } else {
            Init.uniform(weight, Math.sqrt(6.0 / ((in.channels() + out.channels()) * (double) area)), rng);
            if (bias != null) {
                java.util.Arrays.fill(bias.data(), bias.offset(), bias.offset() + bias.size(), 0f);
            }
        }
    }

    @Override
    public Pass forward(Seq x, ForwardContext context) {
        outputSize(x.features);
        int images = x.steps * x.batch;
        float[] y = new float[images * out.size()];
        float[] packedW = packingBuffer();
        PackedOperand w = Blas.prepare(false, out.channels(), taps(), weight.data(), weight.offset(), taps(), packedW);
        Chunks.run(images, Chunks.count(images), (chunk, from, to) -> {
            if (padded != null) {
                forwardPadded(x, from, to, w, y);
            } else {
                forwardStrided(x, from, to, w, y);
            }
        });
        pool.give(packedW);
        return new Pass(x, x.withValues(y, out.size()), null);
    }

    /** A recycled buffer for the packed weights, or null where nothing is packed. */
    private float[] packingBuffer() {
        int size = Blas.preparedSize(out.channels(), taps());
        return size == 0 ? null : pool.take(size, false);
    }

    /**
     * One GEMM per image. (Putting four images' column matrices side by side for one wider GEMM
     * measured 15–25 % slower on the MNIST CNN: the wider matrices leave the core's cache.)
     */
    private void forwardPadded(Seq x, int from, int to, PackedOperand w, float[] y) {
        int n = padded.wideColumns();
        float[] image = pool.take(padded.paddedSize(), true);
        float[] col = pool.take(taps() * n, false);
        float[] wide = pool.take(out.channels() * n, false);
        for (int img = from; img < to; img++) {
            if (!x.valid(img / x.batch, img % x.batch)) {
                continue;
            }
            padded.pad(x.values, img * in.size(), image);
            padded.lower(image, col);
            Blas.packedGemm(w, false, n, col, 0, n, 0f, wide, 0, n);
            fillBias(y, img * out.size());
            padded.narrowAdd(wide, y, img * out.size(), out.channels());
        }
        pool.give(image, col, wide);
    }

    private void forwardStrided(Seq x, int from, int to, PackedOperand w, float[] y) {
        int outArea = out.area();
        float[] col = pool.take(taps() * outArea, false);
        for (int img = from; img < to; img++) {
            if (!x.valid(img / x.batch, img % x.batch)) {
                continue;
            }
            Im2Col.lower(x.values, img * in.size(), in, rows, cols, out.height(), out.width(), col);
            fillBias(y, img * out.size());
            Blas.packedGemm(w, false, outArea, col, 0, outArea, 1f, y, img * out.size(), outArea);
        }
        pool.give(col);
    }

    private void fillBias(float[] y, int yOff) {
        if (bias != null) {
            for (int o = 0; o < out.channels(); o++) {
                java.util.Arrays.fill(y, yOff + o * out.area(), yOff + (o + 1) * out.area(), bias.data()[bias.offset() + o]);
            }
        }
    }

    /** Adds each filter's sum of the output gradient of one image into {@code gb}. */
    private void addBiasGradient(float[] dOut, int dyOff, float[] gb) {
        int outArea = out.area();
        for (int o = 0; o < out.channels(); o++) {
            float s = 0f;
            for (int p = dyOff + o * outArea, end = p + outArea; p < end; p++) {
                s += dOut[p];
            }
            gb[o] += s;
        }
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        Seq x = pass.input();
        int images = x.steps * x.batch;
        int chunks = Chunks.count(images);
        float[][] weightGrads = new float[chunks][];
        float[][] biasGrads = new float[chunks][];
        // op(A) = Wᵀ (C·kh·kw × O) for the column-matrix gradient, shared by every image.
        float[] packedWT = dIn == null ? null : packingBuffer();
        PackedOperand wT = dIn == null ? null : Blas.prepare(true, taps(), out.channels(), weight.data(), weight.offset(), taps(), packedWT);
        Chunks.run(images, chunks, (chunk, from, to) -> {
            float[] gw = pool.take(weight.size(), true);
            float[] gb = bias == null ? null : pool.take(out.channels(), true);
            if (padded != null) {
                backwardPadded(x, from, to, dOut, dIn, wT, gw, gb);
            } else {
                backwardStrided(x, from, to, dOut, dIn, wT, gw, gb);
            }
            weightGrads[chunk] = gw;
            biasGrads[chunk] = gb;
        });
        Chunks.sumInto(weightGrads, weight.grad(), weight.offset());
        if (bias != null) {
            Chunks.sumInto(biasGrads, bias.grad(), bias.offset());
        }
        for (int c = 0; c < chunks; c++) {
            pool.give(weightGrads[c], biasGrads[c]);
        }
        pool.give(packedWT);
    }

    private void backwardPadded(Seq x, int from, int to, float[] dOut, float[] dIn, PackedOperand wT, float[] gw, float[] gb) {
        int n = padded.wideColumns();
        int taps = taps();
        float[] image = pool.take(padded.paddedSize(), true);
        float[] col = pool.take(taps * n, false);
        float[] dWide = pool.take(out.channels() * n, false);
        float[] dCol = dIn == null ? null : pool.take(taps * n, false);
        float[] dImage = dIn == null ? null : pool.take(padded.paddedSize(), false);
        for (int img = from; img < to; img++) {
            if (!x.valid(img / x.batch, img % x.batch)) {
                continue;
            }
            int dyOff = img * out.size();
            padded.pad(x.values, img * in.size(), image);
            padded.lower(image, col);
            padded.widen(dOut, dyOff, dWide, out.channels());
            Blas.packedGemm(false, true, out.channels(), taps, n, 1f, dWide, 0, n, col, 0, n, 1f, gw, 0, taps);
            if (gb != null) {
                addBiasGradient(dOut, dyOff, gb);
            }
            if (dCol != null) {
                Blas.packedGemm(wT, false, n, dWide, 0, n, 0f, dCol, 0, n);
                java.util.Arrays.fill(dImage, 0f);
                padded.addBack(dCol, dImage);
                padded.cropAdd(dImage, dIn, img * in.size());
            }
        }
        pool.give(image, col, dWide, dCol, dImage);
    }

    private void backwardStrided(Seq x, int from, int to, float[] dOut, float[] dIn, PackedOperand wT, float[] gw, float[] gb) {
        int outArea = out.area();
        int taps = taps();
        float[] col = pool.take(taps * outArea, false);
        float[] dCol = dIn == null ? null : pool.take(taps * outArea, false);
        for (int img = from; img < to; img++) {
            if (!x.valid(img / x.batch, img % x.batch)) {
                continue;
            }
            int dyOff = img * out.size();
            Im2Col.lower(x.values, img * in.size(), in, rows, cols, out.height(), out.width(), col);
            Blas.packedGemm(false, true, out.channels(), taps, outArea, 1f, dOut, dyOff, outArea, col, 0, outArea, 1f, gw, 0, taps);
            if (gb != null) {
                addBiasGradient(dOut, dyOff, gb);
            }
            if (dCol != null) {
                Blas.packedGemm(wT, false, outArea, dOut, dyOff, outArea, 0f, dCol, 0, outArea);
                Im2Col.addBack(dCol, in, rows, cols, out.height(), out.width(), dIn, img * in.size());
            }
        }
        pool.give(col, dCol);
    }
}
