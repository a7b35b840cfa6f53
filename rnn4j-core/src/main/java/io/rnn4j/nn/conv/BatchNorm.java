package io.rnn4j.nn.conv;

import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.Parameter;
import io.rnn4j.tensor.Seq;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Batch normalisation (Ioffe &amp; Szegedy 2015), as PyTorch's {@code nn.BatchNorm1d} (each of C
 * features) and {@code nn.BatchNorm2d} (each of C channels of an image):
 *
 * <pre>  y = γ_c · (x − μ_c) / √(σ²_c + ε) + β_c</pre>
 *
 * <p>Training uses the mean μ and biased variance σ² of channel c over the n values it has in
 * the batch (every valid step of every sequence, times H·W for images) and moves the running
 * statistics towards them: {@code running_mean ← (1−m)·running_mean + m·μ}, {@code running_var
 * ← (1−m)·running_var + m·σ²·n/(n−1)}. Inference normalises with the running statistics. All
 * four are parameters, so the model file keeps them: {@code weight} γ (C, starts at 1), {@code
 * bias} β (C, 0), and {@code running_mean} (C, 0) and {@code running_var} (C, 1), which no
 * optimizer moves.
 *
 * <p>A training forward pass updates the running statistics, so two threads must not train
 * through one model at once (the trainer's claim already forbids it); inference is read-only.
 */
public final class BatchNorm implements Layer {

    /** PyTorch's defaults. */
    public static final float EPS = 1e-5f;
    public static final float MOMENTUM = 0.1f;

    private final int channels;
    /** Values per channel per step: H·W for images, 1 for features. */
    private final int area;
    private final float eps;
    private final float momentum;
    private final Parameter gamma;
    private final Parameter beta;
    private final Parameter runningMean;
    private final Parameter runningVar;

    private BatchNorm(int channels, int area, float eps, float momentum) {
        if (channels < 1) {
            throw new IllegalArgumentException("batch norm needs at least 1 channel, got " + channels);
        }
        if (!(eps > 0f) || !(momentum >= 0f && momentum <= 1f)) {
            throw new IllegalArgumentException("batch norm needs eps > 0 and momentum in [0, 1], got " + eps + ", " + momentum);
        }
        this.channels = channels;
        this.area = area;
        this.eps = eps;
        this.momentum = momentum;
        this.gamma = new Parameter("weight", channels);
        this.beta = new Parameter("bias", channels);
        this.runningMean = new Parameter("running_mean", channels).trainable(false);
        this.runningVar = new Parameter("running_var", channels).trainable(false);
        reset();
    }

    /** Normalises each of {@code features} features (PyTorch's {@code BatchNorm1d(features)}). */
    public static BatchNorm features(int features) {
        return new BatchNorm(features, 1, EPS, MOMENTUM);
    }

    /** Normalises each channel of images of {@code shape} (PyTorch's {@code BatchNorm2d(C)}). */
    public static BatchNorm images(ImageShape shape) {
        return new BatchNorm(shape.channels(), shape.area(), EPS, MOMENTUM);
    }

    /** The same normalisation with another ε and momentum. */
    public BatchNorm with(float newEps, float newMomentum) {
        return new BatchNorm(channels, area, newEps, newMomentum);
    }

    public int channels() {
        return channels;
    }

    public int area() {
        return area;
    }

    public float eps() {
        return eps;
    }

    public float momentum() {
        return momentum;
    }

    public Parameter runningMean() {
        return runningMean;
    }

    public Parameter runningVar() {
        return runningVar;
    }

    @Override
    public int outputSize(int inputSize) {
        if (inputSize != channels * area) {
            throw new IllegalArgumentException("batch norm expects " + channels + (area > 1 ? " channels of " + area + " values"
                    : " features") + " per step = " + channels * area + ", got " + inputSize);
        }
        return inputSize;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta, runningMean, runningVar);
    }

    @Override
    public void initialize(Init scheme, SplittableRandom rng) {
        reset();
    }

    private void reset() {
        for (int c = 0; c < channels; c++) {
            gamma.set(c, 1f);
            beta.set(c, 0f);
            runningMean.set(c, 0f);
            runningVar.set(c, 1f);
        }
    }

    /** What backward needs: x̂, 1/√(σ² + ε) per channel, the valid rows, and whether the statistics were the batch's. */
    private record Cache(float[] normalized, float[] invStd, int[] rows, boolean batchStatistics) {
    }

    /** The offsets of the valid steps' rows in {@code x.values}, in (t, b) order. */
    private int[] validRows(Seq x) {
        int stepSize = channels * area;
        int[] rows = new int[x.steps * x.batch];
        int n = 0;
        for (int t = 0; t < x.steps; t++) {
            for (int b = 0; b < x.batch; b++) {
                if (x.valid(t, b)) {
                    rows[n++] = (t * x.batch + b) * stepSize;
                }
            }
        }
        return java.util.Arrays.copyOf(rows, n);
    }

    /**
     * Each channel is one task, so the statistics of a channel are summed in the same order
     * whatever the thread count, and the running statistics are written by one thread each.
     */
    @Override
    public Pass forward(Seq x, ForwardContext context) {
        outputSize(x.features);
        int[] rows = validRows(x);
        long n = (long) rows.length * area;
        boolean batchStatistics = context.training();
        if (batchStatistics && n < 2) {
            throw new IllegalArgumentException("batch norm in training needs more than 1 value per channel, got " + n
                    + " (a batch of 1 without spatial extent): use a larger batch");
        }
        float[] v = x.values;
        float[] invStd = new float[channels];
        float[] y = new float[v.length];
        float[] xHat = context.gradients() ? new float[v.length] : null;
        Parallel.forRange(channels, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                float mean;
                if (batchStatistics) {
                    double sum = 0;
                    for (int row : rows) {
                        sum += sum(v, row + c * area, area);
                    }
                    double mu = sum / n;
                    double squares = 0;
                    for (int row : rows) {
                        squares += squaredDeviations(v, row + c * area, area, mu);
                    }
                    double var = squares / n;
                    mean = (float) mu;
                    invStd[c] = (float) (1.0 / Math.sqrt(var + eps));
                    runningMean.set(c, (float) ((1 - momentum) * runningMean.get(c) + momentum * mu));
                    runningVar.set(c, (float) ((1 - momentum) * runningVar.get(c) + momentum * var * n / (n - 1)));
                } else {
                    mean = runningMean.get(c);
                    invStd[c] = (float) (1.0 / Math.sqrt(runningVar.get(c) + eps));
                }
                float g = gamma.get(c);
                float bt = beta.get(c);
                float is = invStd[c];
                for (int row : rows) {
                    for (int i = row + c * area, end = i + area; i < end; i++) {
                        float h = (v[i] - mean) * is;
                        if (xHat != null) {
                            xHat[i] = h;
                        }
                        y[i] = g * h + bt;
                    }
                }
            }
        });
        return new Pass(x, x.withValues(y, x.features), new Cache(xHat, invStd, rows, batchStatistics));
    }

    /** Σ a[off..off+n) in double, four partial sums so the additions overlap. */
    private static double sum(float[] a, int off, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = off;
        for (int end = off + (n & ~3); i < end; i += 4) {
            s0 += a[i];
            s1 += a[i + 1];
            s2 += a[i + 2];
            s3 += a[i + 3];
        }
        for (; i < off + n; i++) {
            s0 += a[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ (a[i] − mu)² over a[off..off+n) in double. */
    private static double squaredDeviations(float[] a, int off, int n, double mu) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = off;
        for (int end = off + (n & ~3); i < end; i += 4) {
            double d0 = a[i] - mu;
            double d1 = a[i + 1] - mu;
            double d2 = a[i + 2] - mu;
            double d3 = a[i + 3] - mu;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; i < off + n; i++) {
            double d = a[i] - mu;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ a[i]·b[i] over [off, off+n) in double. */
    private static double dot(float[] a, float[] b, int off, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = off;
        for (int end = off + (n & ~3); i < end; i += 4) {
            s0 += (double) a[i] * b[i];
            s1 += (double) a[i + 1] * b[i + 1];
            s2 += (double) a[i + 2] * b[i + 2];
            s3 += (double) a[i + 3] * b[i + 3];
        }
        for (; i < off + n; i++) {
            s0 += (double) a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * With batch statistics, {@code dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂))} over the
     * channel's n values; with running statistics (constants), {@code dx = γ/σ · dy}. Always
     * {@code dγ = Σ dy · x̂} and {@code dβ = Σ dy}.
     */
    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        Cache cache = (Cache) pass.cache();
        if (cache.normalized() == null) {
            throw new IllegalStateException("batch norm: this forward pass ran for inference and cannot be back-propagated");
        }
        float[] xHat = cache.normalized();
        int[] rows = cache.rows();
        long n = (long) rows.length * area;
        Parallel.forRange(channels, 1, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                double sumDy = 0;
                double sumDyXHat = 0;
                for (int row : rows) {
                    sumDy += sum(dOut, row + c * area, area);
                    sumDyXHat += dot(dOut, xHat, row + c * area, area);
                }
                gamma.grad()[gamma.offset() + c] += (float) sumDyXHat;
                beta.grad()[beta.offset() + c] += (float) sumDy;
                if (dIn == null) {
                    continue;
                }
                float scale = gamma.get(c) * cache.invStd()[c];
                float meanDy = cache.batchStatistics() ? (float) (sumDy / n) : 0f;
                float meanDyXHat = cache.batchStatistics() ? (float) (sumDyXHat / n) : 0f;
                for (int row : rows) {
                    for (int i = row + c * area, end = i + area; i < end; i++) {
                        dIn[i] += scale * (dOut[i] - meanDy - xHat[i] * meanDyXHat);
                    }
                }
            }
        });
    }
}
