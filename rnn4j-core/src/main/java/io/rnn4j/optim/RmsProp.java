package io.rnn4j.optim;

import io.rnn4j.nn.ParameterSet;

import java.util.Map;

/**
 * RMSProp (Tieleman &amp; Hinton 2012), as PyTorch's {@code torch.optim.RMSprop}:
 * <pre>
 *   g ← g + λ·θ;   s ← α·s + (1−α)·g²;   θ ← θ − η·g / (√s + ε)
 * </pre>
 * Defaults: α = 0.99, ε = 1e-8.
 */
public final class RmsProp extends Optimizer {

    private final float alpha;
    private final float eps;
    private final float weightDecay;
    private final float[] square;

    public RmsProp(ParameterSet params, double alpha, double eps, double weightDecay) {
        super(params);
        checkUnit("alpha", alpha);
        checkNonNegative("eps", eps);
        checkNonNegative("weight decay", weightDecay);
        this.alpha = (float) alpha;
        this.eps = (float) eps;
        this.weightDecay = (float) weightDecay;
        this.square = new float[params.size()];
    }

    public RmsProp(ParameterSet params) {
        this(params, 0.99, 1e-8, 0);
    }

    @Override
    protected void update(int off, int n, float lr) {
        float[] w = params.values();
        float[] g = params.grads();
        for (int i = off; i < off + n; i++) {
            float gi = g[i] + weightDecay * w[i];
            square[i] = alpha * square[i] + (1f - alpha) * gi * gi;
            w[i] -= lr * gi / ((float) Math.sqrt(square[i]) + eps);
        }
    }

    @Override
    public Map<String, float[]> state() {
        Map<String, float[]> s = super.state();
        s.put("square_avg", square);
        return s;
    }
}
