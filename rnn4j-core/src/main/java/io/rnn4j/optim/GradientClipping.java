package io.rnn4j.optim;

import io.rnn4j.nn.ParameterSet;

/** Gradient clipping over the whole flat gradient buffer, as PyTorch's {@code clip_grad_*_}. */
public final class GradientClipping {

    private GradientClipping() {
    }

    /** The L2 norm of all gradients, accumulated in double. */
    public static double globalNorm(ParameterSet ps) {
        double s = 0;
        for (float g : ps.grads()) {
            s += (double) g * g;
        }
        return Math.sqrt(s);
    }

    /**
     * Scales all gradients by {@code maxNorm / (norm + 1e-6)} when that is below 1, as
     * {@code torch.nn.utils.clip_grad_norm_}.
     *
     * @return the norm before clipping (a non-finite norm means the step should be skipped)
     */
    public static double clipGlobalNorm(ParameterSet ps, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("max gradient norm must be > 0, got " + maxNorm);
        }
        double norm = globalNorm(ps);
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1 && Double.isFinite(norm)) {
            float c = (float) coef;
            float[] g = ps.grads();
            for (int i = 0; i < g.length; i++) {
                g[i] *= c;
            }
        }
        return norm;
    }

    /** Clamps every gradient to [−v, v], as {@code torch.nn.utils.clip_grad_value_}. */
    public static void clipValue(ParameterSet ps, double v) {
        if (!(v > 0)) {
            throw new IllegalArgumentException("gradient clip value must be > 0, got " + v);
        }
        float lim = (float) v;
        float[] g = ps.grads();
        for (int i = 0; i < g.length; i++) {
            g[i] = Math.max(-lim, Math.min(lim, g[i]));
        }
    }
}
