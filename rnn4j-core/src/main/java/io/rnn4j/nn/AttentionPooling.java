package io.rnn4j.nn;

import io.rnn4j.kernel.Activations;
import io.rnn4j.kernel.Blas;
import io.rnn4j.tensor.Seq;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Attention pooling over the valid steps of each sequence (Yang et al. 2016, "Hierarchical
 * Attention Networks for Document Classification", word attention): (T, B, F) → (1, B, F).
 *
 * <pre>
 *   u_t = tanh(W·x_t + b)                 W (A, F), b (A)
 *   e_t = v·u_t                           v (A)
 *   α_t = exp(e_t) / Σ_{s &lt; L} exp(e_s)    t &lt; L (the sample's length); padded steps get 0
 *   y   = Σ_t α_t · x_t
 * </pre>
 *
 * Parameters {@code weight} (A, F), {@code bias} (A) and {@code context} (A), initialised
 * U(−1/√F, 1/√F) (the context vector U(−1/√A, 1/√A)). The weights α of a pass are exposed by
 * {@link #weights}, so an application can show which words the decision rests on. A sequence of
 * length 0 gives zeros.
 */
public final class AttentionPooling implements Layer {

    private final int features;
    private final int attention;
    private final Parameter weight;
    private final Parameter bias;
    private final Parameter context;

    /**
     * @param features  F, the features of each input step
     * @param attention A, the size of the hidden scoring layer
     */
    public AttentionPooling(int features, int attention) {
        if (features < 1 || attention < 1) {
            throw new IllegalArgumentException("attention pooling needs features >= 1 and attention size >= 1, got " + features
                    + " and " + attention);
        }
        this.features = features;
        this.attention = attention;
        this.weight = new Parameter("weight", attention, features);
        this.bias = new Parameter("bias", attention);
        this.context = new Parameter("context", attention);
    }

    public int features() {
        return features;
    }

    public int attention() {
        return attention;
    }

    @Override
    public int outputSize(int inputSize) {
        if (inputSize != features) {
            throw new IllegalArgumentException("attention pooling was built for " + features + " features, got " + inputSize);
        }
        return features;
    }

    @Override
    public boolean keepsTimeSteps() {
        return false;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias, context);
    }

    @Override
    public void initialize(Init scheme, SplittableRandom rng) {
        double k = 1 / Math.sqrt(features);
        for (int i = 0; i < weight.size(); i++) {
            weight.set(i, (float) ((rng.nextDouble() * 2 - 1) * k));
        }
        for (int i = 0; i < bias.size(); i++) {
            bias.set(i, (float) ((rng.nextDouble() * 2 - 1) * k));
        }
        double kc = 1 / Math.sqrt(attention);
        for (int i = 0; i < context.size(); i++) {
            context.set(i, (float) ((rng.nextDouble() * 2 - 1) * kc));
        }
    }

    /** What backward needs: u (T·B, A) and α (T, B). */
    private record Cache(float[] u, float[] alpha) {
    }

    @Override
    public Pass forward(Seq x, ForwardContext ctx) {
        if (x.isTokens()) {
            throw new IllegalArgumentException("attention pooling reads features, got token ids");
        }
        outputSize(x.features);
        int rows = x.steps * x.batch;
        int f = features;
        int a = attention;
        float[] u = new float[rows * a];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(bias.dataForReading(), bias.offset(), u, r * a, a);
        }
        Blas.gemm(false, true, rows, a, f, 1f, x.values, 0, f, weight.dataForReading(), weight.offset(), f, 1f, u, 0, a);
        Activations.tanh(u, 0, rows * a);
        float[] v = context.dataForReading();
        int vo = context.offset();
        float[] alpha = new float[rows];
        float[] y = new float[x.batch * f];
        int[] outLengths = x.lengths == null ? null : new int[x.batch];
        for (int b = 0; b < x.batch; b++) {
            int len = x.lengths == null ? x.steps : x.lengths[b];
            if (outLengths != null) {
                outLengths[b] = len > 0 ? 1 : 0;
            }
            if (len == 0) {
                continue;
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int t = 0; t < len; t++) {
                int r = t * x.batch + b;
                float e = 0f;
                for (int j = 0; j < a; j++) {
                    e += v[vo + j] * u[r * a + j];
                }
                alpha[r] = e;
                max = Math.max(max, e);
            }
            float sum = 0f;
            for (int t = 0; t < len; t++) {
                int r = t * x.batch + b;
                alpha[r] = (float) Math.exp(alpha[r] - max);
                sum += alpha[r];
            }
            for (int t = 0; t < len; t++) {
                int r = t * x.batch + b;
                alpha[r] /= sum;
                for (int c = 0; c < f; c++) {
                    y[b * f + c] += alpha[r] * x.values[r * f + c];
                }
            }
        }
        return new Pass(x, Seq.ofValues(y, 1, x.batch, f, outLengths), new Cache(u, alpha));
    }

    /** The attention weights α of a pass, (T, B) row-major; 0 at padded steps. */
    public static float[] weights(Pass pass) {
        if (!(pass.cache() instanceof Cache c)) {
            throw new IllegalArgumentException("not a pass of an attention pooling layer");
        }
        return c.alpha().clone();
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        Seq x = pass.input();
        Cache cache = (Cache) pass.cache();
        int rows = x.steps * x.batch;
        int f = features;
        int a = attention;
        float[] v = context.dataForReading();
        int vo = context.offset();
        float[] dv = context.grad();
        // dZ (T·B, A): the gradient at the pre-activation W·x_t + b of every valid row
        float[] dz = new float[rows * a];
        for (int b = 0; b < x.batch; b++) {
            int len = x.lengths == null ? x.steps : x.lengths[b];
            // dα_t = dy·x_t; de_t = α_t (dα_t − Σ_s α_s dα_s)
            float mean = 0f;
            float[] dAlpha = new float[len];
            for (int t = 0; t < len; t++) {
                int r = t * x.batch + b;
                float s = 0f;
                for (int c = 0; c < f; c++) {
                    s += dOut[b * f + c] * x.values[r * f + c];
                }
                dAlpha[t] = s;
                mean += cache.alpha()[r] * s;
            }
            for (int t = 0; t < len; t++) {
                int r = t * x.batch + b;
                float al = cache.alpha()[r];
                float de = al * (dAlpha[t] - mean);
                for (int j = 0; j < a; j++) {
                    float uj = cache.u()[r * a + j];
                    dv[vo + j] += de * uj;
                    dz[r * a + j] = de * v[vo + j] * (1 - uj * uj);
                }
                if (dIn != null) {
                    for (int c = 0; c < f; c++) {
                        dIn[r * f + c] += al * dOut[b * f + c];
                    }
                }
            }
        }
        Blas.gemm(true, false, a, f, rows, 1f, dz, 0, a, x.values, 0, f, 1f, weight.grad(), weight.offset(), f);
        float[] gb = bias.grad();
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < a; j++) {
                gb[bias.offset() + j] += dz[r * a + j];
            }
        }
        if (dIn != null) {
            Blas.gemm(false, false, rows, f, a, 1f, dz, 0, a, weight.dataForReading(), weight.offset(), f, 1f, dIn, 0, f);
        }
    }
}
