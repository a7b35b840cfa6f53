package io.rnn4j.optim;

import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.ParameterSet;

import java.util.Map;

/**
 * Adam (Kingma &amp; Ba 2015) and AdamW (Loshchilov &amp; Hutter 2019), as PyTorch's
 * {@code torch.optim.Adam} and {@code torch.optim.AdamW}:
 * <pre>
 *   Adam:  g ← g + λ·θ                 AdamW:  θ ← θ·(1 − η·λ)
 *   m ← β₁·m + (1−β₁)·g;   v ← β₂·v + (1−β₂)·g²
 *   θ ← θ − (η / (1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε)
 * </pre>
 * Defaults: β₁ = 0.9, β₂ = 0.999, ε = 1e-8; AdamW's default λ is 0.01.
 */
public final class Adam extends Optimizer {

    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final boolean decoupled;
    private final float[] m;
    private final float[] v;

    public Adam(ParameterSet params, double beta1, double beta2, double eps, double weightDecay, boolean decoupled) {
        super(params);
        checkUnit("beta1", beta1);
        checkUnit("beta2", beta2);
        checkNonNegative("eps", eps);
        checkNonNegative("weight decay", weightDecay);
        this.beta1 = (float) beta1;
        this.beta2 = (float) beta2;
        this.eps = (float) eps;
        this.weightDecay = (float) weightDecay;
        this.decoupled = decoupled;
        this.m = new float[params.size()];
        this.v = new float[params.size()];
    }

    /** Adam with PyTorch's defaults. */
    public static Adam adam(ParameterSet params) {
        return new Adam(params, 0.9, 0.999, 1e-8, 0, false);
    }

    /** AdamW with PyTorch's defaults (weight decay 0.01). */
    public static Adam adamW(ParameterSet params) {
        return new Adam(params, 0.9, 0.999, 1e-8, 0.01, true);
    }

    /** Elements per parallel chunk: a large parameter (an embedding table) is split over the threads. */
    private static final int GRAIN = 1 << 14;

    @Override
    protected void update(int off, int n, float lr) {
        float[] w = params.values();
        float[] g = params.grads();
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2 = 1 - Math.pow(beta2, step);
        float stepSize = (float) (lr / bc1);
        float bc2Sqrt = (float) Math.sqrt(bc2);
        float decay = decoupled ? 1f - lr * weightDecay : 1f;
        // each element's update is independent, so the split changes nothing in the result
        Parallel.forRange(n, GRAIN, (from, to) -> {
            if (decoupled) {
                decoupledRange(w, g, off + from, off + to, stepSize, bc2Sqrt, decay);
            } else {
                coupledRange(w, g, off + from, off + to, stepSize, bc2Sqrt);
            }
        });
    }

    /** Adam (L2 weight decay added to the gradient) on [from, to). */
    private void coupledRange(float[] w, float[] g, int from, int to, float stepSize, float bc2Sqrt) {
        float wd = (float) weightDecay;
        for (int i = from; i < to; i++) {
            float gi = g[i] + wd * w[i];
            m[i] = beta1 * m[i] + (1f - beta1) * gi;
            v[i] = beta2 * v[i] + (1f - beta2) * gi * gi;
            float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + eps;
            w[i] -= stepSize * m[i] / denom;
        }
    }

    /** AdamW (the weights decayed directly) on [from, to). */
    private void decoupledRange(float[] w, float[] g, int from, int to, float stepSize, float bc2Sqrt, float decay) {
        for (int i = from; i < to; i++) {
            float gi = g[i];
            w[i] *= decay;
            m[i] = beta1 * m[i] + (1f - beta1) * gi;
            v[i] = beta2 * v[i] + (1f - beta2) * gi * gi;
            float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + eps;
            w[i] -= stepSize * m[i] / denom;
        }
    }

    @Override
    public Map<String, float[]> state() {
        Map<String, float[]> s = super.state();
        s.put("exp_avg", m);
        s.put("exp_avg_sq", v);
        return s;
    }
}
