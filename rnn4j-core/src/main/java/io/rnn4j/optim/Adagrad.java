package io.rnn4j.optim;

import io.rnn4j.nn.ParameterSet;

import java.util.Map;

/**
 * Adagrad (Duchi et al. 2011), as PyTorch's {@code torch.optim.Adagrad} without lr decay:
 * <pre>
 *   g ← g + λ·θ;   s ← s + g²;   θ ← θ − η·g / (√s + ε)
 * </pre>
 * Default ε = 1e-10.
 */
public final class Adagrad extends Optimizer {

    private final float eps;
    private final float weightDecay;
    private final float[] sum;

    public Adagrad(ParameterSet params, double eps, double weightDecay) {
        super(params);
        checkNonNegative("eps", eps);
        checkNonNegative("weight decay", weightDecay);
        this.eps = (float) eps;
        this.weightDecay = (float) weightDecay;
        this.sum = new float[params.size()];
    }

    public Adagrad(ParameterSet params) {
        this(params, 1e-10, 0);
    }

    @Override
    protected void update(int off, int n, float lr) {
        float[] w = params.values();
        float[] g = params.grads();
        for (int i = off; i < off + n; i++) {
            float gi = g[i] + weightDecay * w[i];
            sum[i] += gi * gi;
            w[i] -= lr * gi / ((float) Math.sqrt(sum[i]) + eps);
        }
    }

    @Override
    public Map<String, float[]> state() {
        Map<String, float[]> s = super.state();
        s.put("sum", sum);
        return s;
    }
}
