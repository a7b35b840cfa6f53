package io.rnn4j.nn.recurrent;

import io.rnn4j.kernel.Activations;
import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.Parameter;
import io.rnn4j.tensor.Seq;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Parallel multi-step decoding (PMF) of SegRNN (Lin et al. 2023, arXiv 2308.11200): from the
 * encoder's last state h of each series, one step of the encoder's own GRU per output segment j,
 * all segments at once, each fed a learned embedding of its position and of the series' channel:
 * <pre>
 *   e_{j,c} = [p_j ; q_c]                 (D)   p: position (M, D/2), q: channel (C, D/2)
 *   r = σ(W_ir e + b_ir + W_hr h + b_hr)
 *   z = σ(W_iz e + b_iz + W_hz h + b_hz)
 *   a = tanh(W_in e + b_in + r ⊙ (W_hn h + b_hn))
 *   y_{j,b} = (1 − z) ⊙ a + z ⊙ h         (PyTorch's GRU step, reset after)
 * </pre>
 * Without channel embeddings {@code e_j = p_j} with p (M, D). The weights W and b are the
 * encoder's ({@code weight_ih_l0}, …), shared, as SegRNN runs one GRU for both.
 *
 * <p>Shapes: input h (1, N, D), the encoder's {@link RecurrentLayer.Output#LAST} output, where
 * row b of the batch is series {@code b mod C} (a window's C series side by side); output
 * (M, N, D), one step per output segment. Since e depends only on (j, c) and h only on b, the
 * input side is M·C products and the hidden side N, not M·N of each as in a step run per segment.
 */
public final class ParallelSegmentDecoder implements Layer {

    private final RecurrentLayer encoder;
    private final int segments;
    private final int channels;
    private final boolean channelIds;
    private final int hidden;
    private final Parameter positions;
    private final Parameter channelEmbeddings;

    /** Forward state for backward: the input, the activated r, z, a (M, N, 3D), h-side products (N, 3D). */
    private record Cache(Seq input, float[] act, float[] gh, float[] embeddings) {
    }

    /**
     * @param encoder    a one-layer, one-direction GRU (reset after) whose weights this layer steps
     * @param segments   M, output segments
     * @param channels   C, series per window (rows b of a batch are series b mod C)
     * @param channelIds whether each series also gets a learned channel embedding (then D must be even)
     */
    public ParallelSegmentDecoder(RecurrentLayer encoder, int segments, int channels, boolean channelIds) {
        RecurrentConfig c = encoder.stack().config();
        if (c.cell() != RecurrentConfig.CellType.GRU || c.numLayers() != 1 || c.bidirectional()
                || c.gruVariant() != Gru.Variant.RESET_AFTER) {
            throw new IllegalArgumentException("parallel segment decoding steps a one-layer, one-direction GRU (reset after), got "
                    + c.numLayers() + " layer(s) of " + c.cell() + (c.bidirectional() ? ", bidirectional" : ""));
        }
        if (c.inputSize() != c.hiddenSize()) {
            throw new IllegalArgumentException("the decoder feeds the GRU embeddings of its hidden size, so input_size ("
                    + c.inputSize() + ") must equal hidden_size (" + c.hiddenSize() + ")");
        }
        if (segments < 1 || channels < 1) {
            throw new IllegalArgumentException("need >= 1 output segment and >= 1 channel, got " + segments + " and " + channels);
        }
        if (channelIds && c.hiddenSize() % 2 != 0) {
            throw new IllegalArgumentException("channel embeddings take half of hidden_size, which must then be even, got "
                    + c.hiddenSize());
        }
        this.encoder = encoder;
        this.segments = segments;
        this.channels = channels;
        this.channelIds = channelIds;
        this.hidden = c.hiddenSize();
        this.positions = new Parameter("pos_emb", segments, channelIds ? hidden / 2 : hidden);
        this.channelEmbeddings = channelIds ? new Parameter("channel_emb", channels, hidden / 2) : null;
    }

    public RecurrentLayer encoder() {
        return encoder;
    }

    public int segments() {
        return segments;
    }

    public int channels() {
        return channels;
    }

    public boolean channelIds() {
        return channelIds;
    }

    /** D, the GRU's hidden size. */
    public int hidden() {
        return hidden;
    }

    /** Parameters of its own (the encoder's are counted there). */
    public static long parameterCount(int segments, int channels, int hidden, boolean channelIds) {
        return channelIds ? (long) (segments + channels) * (hidden / 2) : (long) segments * hidden;
    }

    @Override
    public int outputSize(int inputSize) {
        if (inputSize != hidden) {
            throw new IllegalArgumentException("the segment decoder reads the encoder's state of " + hidden + " features, got "
                    + inputSize);
        }
        return hidden;
    }

    @Override
    public boolean keepsTimeSteps() {
        return false;
    }

    /** Its embeddings, then the encoder's GRU weights it shares (a model stores those once). */
    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        ps.add(positions);
        if (channelIds) {
            ps.add(channelEmbeddings);
        }
        ps.addAll(gru().parameters());
        return ps;
    }

    /** N(0, 1) embeddings, as SegRNN's {@code torch.randn}; the shared GRU is the encoder's to initialise. */
    @Override
    public void initialize(Init scheme, SplittableRandom rng) {
        fillNormal(positions, rng);
        if (channelIds) {
            fillNormal(channelEmbeddings, rng);
        }
    }

    private static void fillNormal(Parameter p, SplittableRandom rng) {
        float[] d = p.data();
        for (int i = 0; i < p.size(); i++) {
            double u1 = rng.nextDouble();
            double u2 = rng.nextDouble();
            d[p.offset() + i] = (float) (Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2));
        }
    }

    private RecurrentCell gru() {
        return encoder.stack().cell(0, 0);
    }

    private int rowsOfEmbeddings() {
        return segments * (channelIds ? channels : 1);
    }

    /** e_{j,c} for every (j, c): (M·C', D), row j·C' + c, C' = C with channel embeddings, else 1. */
    private float[] embeddings() {
        int cs = channelIds ? channels : 1;
        int half = channelIds ? hidden / 2 : hidden;
        float[] e = new float[rowsOfEmbeddings() * hidden];
        float[] p = positions.dataForReading();
        for (int j = 0; j < segments; j++) {
            for (int c = 0; c < cs; c++) {
                int row = (j * cs + c) * hidden;
                System.arraycopy(p, positions.offset() + j * half, e, row, half);
                if (channelIds) {
                    System.arraycopy(channelEmbeddings.dataForReading(), channelEmbeddings.offset() + c * half, e, row + half, half);
                }
            }
        }
        return e;
    }

    @Override
    public Pass forward(Seq in, ForwardContext context) {
        if (in.steps != 1 || in.features != hidden) {
            throw new IllegalArgumentException("the segment decoder reads one state per series (1, N, " + hidden + "), got ("
                    + in.steps + ", " + in.batch + ", " + in.features + ")");
        }
        int n = in.batch;
        if (channelIds && n % channels != 0) {
            throw new IllegalArgumentException("a batch of " + n + " series is not whole windows of " + channels + " channels");
        }
        int d = hidden;
        int g3 = 3 * d;
        RecurrentCell cell = gru();
        Parameter wIh = cell.weightIh;
        Parameter wHh = cell.weightHh;
        float[] e = embeddings();
        int er = rowsOfEmbeddings();
        float[] gi = new float[er * g3]; // (M·C', 3D)
        for (int r = 0; r < er; r++) {
            System.arraycopy(cell.biasIh.dataForReading(), cell.biasIh.offset(), gi, r * g3, g3);
        }
        Blas.gemm(false, true, er, g3, d, 1f, e, 0, d, wIh.dataForReading(), wIh.offset(), d, 1f, gi, 0, g3);
        float[] gh = new float[n * g3]; // (N, 3D)
        for (int b = 0; b < n; b++) {
            System.arraycopy(cell.biasHh.dataForReading(), cell.biasHh.offset(), gh, b * g3, g3);
        }
        Blas.gemm(false, true, n, g3, d, 1f, in.values, 0, d, wHh.dataForReading(), wHh.offset(), d, 1f, gh, 0, g3);
        float[] act = new float[segments * n * g3];
        float[] y = new float[segments * n * d];
        int cs = channelIds ? channels : 1;
        float[] h = in.values;
        Parallel.forRange(n, 8, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                int c = b % cs;
                for (int j = 0; j < segments; j++) {
                    int a0 = (j * n + b) * g3;
                    int i0 = (j * cs + c) * g3;
                    int h0 = b * g3;
                    for (int k = 0; k < 2 * d; k++) {
                        act[a0 + k] = gi[i0 + k] + gh[h0 + k];
                    }
                    Activations.sigmoid(act, a0, 2 * d);
                    for (int k = 0; k < d; k++) {
                        act[a0 + 2 * d + k] = gi[i0 + 2 * d + k] + act[a0 + k] * gh[h0 + 2 * d + k];
                    }
                    Activations.tanh(act, a0 + 2 * d, d);
                    int y0 = (j * n + b) * d;
                    for (int k = 0; k < d; k++) {
                        float z = act[a0 + d + k];
                        y[y0 + k] = (1f - z) * act[a0 + 2 * d + k] + z * h[b * d + k];
                    }
                }
            }
        });
        return new Pass(in, Seq.ofValues(y, segments, n, d, null), new Cache(in, act, gh, e));
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        Cache cache = (Cache) pass.cache();
        int n = cache.input().batch;
        int d = hidden;
        int g3 = 3 * d;
        int cs = channelIds ? channels : 1;
        float[] act = cache.act();
        float[] gh = cache.gh();
        float[] h = cache.input().values;
        float[] dGate = new float[segments * n * g3]; // ∂L/∂(input-side pre-activations), (M, N, 3D)
        float[] dGh = new float[n * g3];               // ∂L/∂(W_hh h + b_hh), summed over segments, (N, 3D)
        float[] dH = new float[n * d];                 // ∂L/∂h through z, summed over segments
        Parallel.forRange(n, 8, (b0, b1) -> {
            for (int b = b0; b < b1; b++) {
                for (int j = 0; j < segments; j++) {
                    int a0 = (j * n + b) * g3;
                    int y0 = (j * n + b) * d;
                    int h0 = b * g3;
                    for (int k = 0; k < d; k++) {
                        float dy = dOut[y0 + k];
                        float r = act[a0 + k];
                        float z = act[a0 + d + k];
                        float a = act[a0 + 2 * d + k];
                        float hv = h[b * d + k];
                        dH[b * d + k] += dy * z;
                        float dPreN = dy * (1f - z) * (1f - a * a);
                        float dPreR = dPreN * gh[h0 + 2 * d + k] * r * (1f - r);
                        float dPreZ = dy * (hv - a) * z * (1f - z);
                        dGate[a0 + k] = dPreR;
                        dGate[a0 + d + k] = dPreZ;
                        dGate[a0 + 2 * d + k] = dPreN;
                        dGh[h0 + k] += dPreR;
                        dGh[h0 + d + k] += dPreZ;
                        dGh[h0 + 2 * d + k] += dPreN * r;
                    }
                }
            }
        });
        // The input side: sum over the series of each channel, (M·C', 3D).
        int er = rowsOfEmbeddings();
        float[] dGi = new float[er * g3];
        Parallel.forRange(er, 1, (r0, r1) -> {
            for (int row = r0; row < r1; row++) {
                int j = row / cs;
                int c = row % cs;
                for (int b = c; b < n; b += cs) {
                    int a0 = (j * n + b) * g3;
                    for (int k = 0; k < g3; k++) {
                        dGi[row * g3 + k] += dGate[a0 + k];
                    }
                }
            }
        });
        RecurrentCell cell = gru();
        Parameter wIh = cell.weightIh;
        Parameter wHh = cell.weightHh;
        float[] e = cache.embeddings();
        Blas.gemm(true, false, g3, d, er, 1f, dGi, 0, g3, e, 0, d, 1f, wIh.grad(), wIh.offset(), d);
        RecurrentCell.addColumnSums(dGi, er, g3, g3, cell.biasIh.grad(), cell.biasIh.offset());
        Blas.gemm(true, false, g3, d, n, 1f, dGh, 0, g3, h, 0, d, 1f, wHh.grad(), wHh.offset(), d);
        RecurrentCell.addColumnSums(dGh, n, g3, g3, cell.biasHh.grad(), cell.biasHh.offset());
        float[] dE = new float[er * d];
        Blas.gemm(false, false, er, d, g3, 1f, dGi, 0, g3, wIh.dataForReading(), wIh.offset(), d, 0f, dE, 0, d);
        int half = channelIds ? d / 2 : d;
        float[] gp = positions.grad();
        for (int row = 0; row < er; row++) {
            int j = row / cs;
            int c = row % cs;
            for (int k = 0; k < half; k++) {
                gp[positions.offset() + j * half + k] += dE[row * d + k];
            }
            if (channelIds) {
                float[] gc = channelEmbeddings.grad();
                for (int k = 0; k < half; k++) {
                    gc[channelEmbeddings.offset() + c * half + k] += dE[row * d + half + k];
                }
            }
        }
        if (dIn != null) {
            for (int i = 0; i < n * d; i++) {
                dIn[i] += dH[i];
            }
            Blas.gemm(false, false, n, d, g3, 1f, dGh, 0, g3, wHh.dataForReading(), wHh.offset(), d, 1f, dIn, 0, d);
        }
    }
}
