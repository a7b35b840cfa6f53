package io.rnn4j.nn.conv;

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

    /** What backward needs: x̂ and 1/√(σ² + ε) per channel, and whether the statistics were the batch's. */
    private record Cache(float[] normalized, float[] invStd, boolean batchStatistics) {
    }

    @Override
    public Pass forward(Seq x, ForwardContext context) {
        outputSize(x.features);
        int stepSize = channels * area;
        float[] mean = new float[channels];
        float[] invStd = new float[channels];
        if (context.training()) {
            long n = batchStatistics(x, mean, invStd);
            if (n < 2) {
                throw new IllegalArgumentException("batch norm in training needs more than 1 value per channel, got " + n
                        + " (a batch of 1 without spatial extent): use a larger batch");
            }
        } else {
            for (int c = 0; c < channels; c++) {
                mean[c] = runningMean.get(c);
                invStd[c] = (float) (1.0 / Math.sqrt(runningVar.get(c) + eps));
            }
        }
        float[] y = new float[x.values.length];
        float[] xHat = context.gradients() ? new float[x.values.length] : null;
        for (int t = 0; t < x.steps; t++) {
            for (int b = 0; b < x.batch; b++) {
                if (!x.valid(t, b)) {
                    continue;
                }
                int off = (t * x.batch + b) * stepSize;
                for (int c = 0; c < channels; c++) {
                    float g = gamma.get(c);
                    float bt = beta.get(c);
                    for (int i = off + c * area, end = i + area; i < end; i++) {
                        float h = (x.values[i] - mean[c]) * invStd[c];
                        if (xHat != null) {
                            xHat[i] = h;
                        }
                        y[i] = g * h + bt;
                    }
                }
            }
        }
        return new Pass(x, x.withValues(y, x.features), new Cache(xHat, invStd, context.training()));
    }

    /** Fills the batch mean and 1/√(σ² + ε), moves the running statistics, returns n. */
    private long batchStatistics(Seq x, float[] mean, float[] invStd) {
        int stepSize = channels * area;
        double[] sum = new double[channels];
        long rowsValid = 0;
        for (int t = 0; t < x.steps; t++) {
            for (int b = 0; b < x.batch; b++) {
                if (!x.valid(t, b)) {
                    continue;
                }
                rowsValid++;
                int off = (t * x.batch + b) * stepSize;
                for (int c = 0; c < channels; c++) {
                    double s = 0;
                    for (int i = off + c * area, end = i + area; i < end; i++) {
                        s += x.values[i];
                    }
                    sum[c] += s;
                }
            }
        }
        long n = rowsValid * area;
        if (n < 2) {
            return n;
        }
        double[] squares = new double[channels];
        for (int t = 0; t < x.steps; t++) {
            for (int b = 0; b < x.batch; b++) {
                if (!x.valid(t, b)) {
                    continue;
                }
                int off = (t * x.batch + b) * stepSize;
                for (int c = 0; c < channels; c++) {
                    double mu = sum[c] / n;
                    double s = 0;
                    for (int i = off + c * area, end = i + area; i < end; i++) {
                        double d = x.values[i] - mu;
                        s += d * d;
                    }
                    squares[c] += s;
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            double mu = sum[c] / n;
            double var = squares[c] / n;
            mean[c] = (float) mu;
            invStd[c] = (float) (1.0 / Math.sqrt(var + eps));
            runningMean.set(c, (float) ((1 - momentum) * runningMean.get(c) + momentum * mu));
            runningVar.set(c, (float) ((1 - momentum) * runningVar.get(c) + momentum * var * n / (n - 1)));
        }
        return n;
    }

    /**
     * With batch statistics, {@code dx = γ/σ · (dy − mean(dy) − x̂ · mean(dy · x̂))} over the
     * channel's n values; with running statistics (constants), {@code dx = γ/σ · dy}. Always
     * {@code dγ = Σ dy · x̂} and {@code dβ = Σ dy}.
     */
    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        Seq x = pass.input();
        Cache cache = (Cache) pass.cache();
        if (cache.normalized() == null) {
            throw new IllegalStateException("batch norm: this forward pass ran for inference and cannot be back-propagated");
        }
        float[] xHat = cache.normalized();
        int stepSize = channels * area;
        double[] sumDy = new double[channels];
        double[] sumDyXHat = new double[channels];
        long n = 0;
        for (int t = 0; t < x.steps; t++) {
            for (int b = 0; b < x.batch; b++) {
                if (!x.valid(t, b)) {
                    continue;
                }
                n += area;
                int off = (t * x.batch + b) * stepSize;
                for (int c = 0; c < channels; c++) {
                    double s = 0;
                    double sh = 0;
                    for (int i = off + c * area, end = i + area; i < end; i++) {
                        s += dOut[i];
                        sh += dOut[i] * xHat[i];
                    }
                    sumDy[c] += s;
                    sumDyXHat[c] += sh;
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            gamma.grad()[gamma.offset() + c] += (float) sumDyXHat[c];
            beta.grad()[beta.offset() + c] += (float) sumDy[c];
        }
        if (dIn == null) {
            return;
        }
        for (int t = 0; t < x.steps; t++) {
            for (int b = 0; b < x.batch; b++) {
                if (!x.valid(t, b)) {
                    continue;
                }
                int off = (t * x.batch + b) * stepSize;
                for (int c = 0; c < channels; c++) {
                    float scale = gamma.get(c) * cache.invStd()[c];
                    float meanDy = cache.batchStatistics() ? (float) (sumDy[c] / n) : 0f;
                    float meanDyXHat = cache.batchStatistics() ? (float) (sumDyXHat[c] / n) : 0f;
                    for (int i = off + c * area, end = i + area; i < end; i++) {
                        dIn[i] += scale * (dOut[i] - meanDy - xHat[i] * meanDyXHat);
                    }
                }
            }
        }
    }
}
