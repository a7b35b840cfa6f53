package io.rnn4j.optim;

import io.rnn4j.nn.ParameterSet;

import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum and Nesterov momentum (PyTorch's
 * {@code torch.optim.SGD}, dampening 0):
 * <pre>
 *   g ← g + λ·θ;   b ← μ·b + g (b = g at the first step)
 *   θ ← θ − η·(g + μ·b)   (Nesterov)   or   θ ← θ − η·b   (momentum)   or   θ ← θ − η·g
 * </pre>
 */
public final class Sgd extends Optimizer {

    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;
    private final float[] buf;

    /**
     * The general form, PyTorch's {@code SGD(params, momentum=μ, nesterov=…, weight_decay=λ)};
     * {@link #momentum} and {@link #nesterov} name the usual cases.
     */
    public Sgd(ParameterSet params, double momentum, boolean nesterov, double weightDecay) {
        super(params);
        checkUnit("momentum", momentum);
        checkNonNegative("weight decay", weightDecay);
        if (nesterov && momentum == 0) {
            throw new IllegalArgumentException("Nesterov momentum requires momentum > 0");
        }
        this.momentum = (float) momentum;
        this.nesterov = nesterov;
        this.weightDecay = (float) weightDecay;
        this.buf = momentum > 0 ? new float[params.size()] : null;
    }

    /** Plain SGD: θ ← θ − η·g. */
    public Sgd(ParameterSet params) {
        this(params, 0, false, 0);
    }

    /** SGD with (heavy-ball) momentum μ, e.g. {@code Sgd.momentum(ps, 0.9)}. */
    public static Sgd momentum(ParameterSet params, double momentum) {
        return new Sgd(params, momentum, false, 0);
    }

    /** SGD with Nesterov momentum μ. */
    public static Sgd nesterov(ParameterSet params, double momentum) {
        return new Sgd(params, momentum, true, 0);
    }

    @Override
    protected void update(int off, int n, float lr) {
        float[] w = params.values();
        float[] g = params.grads();
        for (int i = off; i < off + n; i++) {
            float gi = g[i] + weightDecay * w[i];
            if (buf != null) {
                buf[i] = step == 1 ? gi : momentum * buf[i] + gi;
                gi = nesterov ? gi + momentum * buf[i] : buf[i];
            }
            w[i] -= lr * gi;
        }
    }

    @Override
    public Map<String, float[]> state() {
        Map<String, float[]> s = super.state();
        if (buf != null) {
            s.put("momentum_buffer", buf);
        }
        return s;
    }
}
