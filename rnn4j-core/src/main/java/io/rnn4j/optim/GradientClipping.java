package io.rnn4j.optim;

import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.ParameterSet;

/** Gradient clipping over the whole flat gradient buffer, as PyTorch's {@code clip_grad_*_}. */
public final class GradientClipping {

    private GradientClipping() {
    }

    /** The L2 norm of all gradients, accumulated in double. */
    public static double globalNorm(ParameterSet ps) {
        float[] g = ps.grads();
        int blocks = (g.length + BLOCK - 1) / BLOCK;
        double[] partial = new double[blocks];
        // fixed blocks summed in order: the same norm for any thread count
        Parallel.forRange(blocks, 1, (from, to) -> {
            for (int b = from; b < to; b++) {
                partial[b] = sumOfSquares(g, b * BLOCK, Math.min(g.length, (b + 1) * BLOCK));
            }
        });
        double s = 0;
        for (double p : partial) {
            s += p;
        }
        return Math.sqrt(s);
    }

    /** Elements per block of the norm's partial sums. */
    private static final int BLOCK = 1 << 14;

    /** Σ g² over [from, to) in double, in four interleaved sums (so the adds need not wait on each other). */
    private static double sumOfSquares(float[] g, int from, int to) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            s0 += (double) g[i] * g[i];
            s1 += (double) g[i + 1] * g[i + 1];
            s2 += (double) g[i + 2] * g[i + 2];
            s3 += (double) g[i + 3] * g[i + 3];
        }
        for (; i < to; i++) {
            s0 += (double) g[i] * g[i];
        }
        return (s0 + s1) + (s2 + s3);
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
            Parallel.forRange(g.length, BLOCK, (from, to) -> {
                for (int i = from; i < to; i++) {
                    g[i] *= c;
                }
            });
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
