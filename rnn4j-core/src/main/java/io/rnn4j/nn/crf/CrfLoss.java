package io.rnn4j.nn.crf;

import io.rnn4j.loss.Loss;
import io.rnn4j.loss.Targets;
import io.rnn4j.tensor.Seq;

/**
 * The negative log-likelihood of the gold tags under a {@link LinearChainCrf}, per token:
 *
 * <pre>
 *   loss = Σ_b (log Z_b − s_b(y_b)) / Σ_b L_b
 *   ∂loss/∂e_t[k]   = (P(y_t = k) − [y_t = k]) / N          (node marginals)
 *   ∂loss/∂A[i, j]  = Σ_t (P(y_t = i, y_{t+1} = j) − [gold pair]) / N     (edge marginals)
 *   ∂loss/∂start[k] = (P(y_0 = k) − [y_0 = k]) / N,  ∂loss/∂end[k] likewise at L − 1
 * </pre>
 *
 * with N = Σ_b L_b the tokens of the batch; the marginals come from the forward and backward
 * algorithms in log space (double precision). Per token, the loss reads on the same scale as a
 * per-token cross-entropy. Class targets are the gold tag ids, one per (t, b) row; the rows past a
 * sample's length are not read.
 *
 * <p>Besides ∂loss/∂emissions (written into {@code dOut}) this loss computes the gradient of
 * the CRF's own parameters and stages it with the layer for the output it scored; the layer's
 * backward of that pass adds it in ({@link LinearChainCrf}). So the loss stays a function of its
 * arguments to any caller that only evaluates.
 */
public final class CrfLoss implements Loss {

    private final LinearChainCrf crf;

    public CrfLoss(LinearChainCrf crf) {
        this.crf = crf;
    }

    public LinearChainCrf crf() {
        return crf;
    }

    @Override
    public Result compute(Seq out, Targets targets, float[] dOut) {
        int k = crf.tags();
        if (out.features != k) {
            throw new IllegalArgumentException("the CRF loss reads " + k + " tag scores per step, got " + out.features);
        }
        if (targets.classes == null || targets.classes.length != out.steps * out.batch) {
            throw new IllegalArgumentException("the CRF loss needs one gold tag per (step, sample): " + out.steps * out.batch);
        }
        java.util.Arrays.fill(dOut, 0, out.steps * out.batch * k, 0f);
        int tokens = 0;
        for (int b = 0; b < out.batch; b++) {
            int len = out.lengths == null ? out.steps : out.lengths[b];
            tokens += len;
            for (int t = 0; t < len; t++) {
                int y = targets.classes[t * out.batch + b];
                if (y < 0 || y >= k) {
                    throw new IllegalArgumentException("gold tag " + y + " at step " + t + " of sample " + b + " is outside 0.." + (k - 1));
                }
            }
        }
        if (tokens == 0) {
            return new Result(0, 0);
        }
        double scale = 1.0 / tokens;
        double total = 0;
        double[] dA = new double[k * k];
        double[] dStart = new double[k];
        double[] dEnd = new double[k];
        for (int b = 0; b < out.batch; b++) {
            int len = out.lengths == null ? out.steps : out.lengths[b];
            if (len > 0) {
                total += sample(out, targets.classes, b, len, scale, dOut, dA, dStart, dEnd);
            }
        }
        crf.stageGradient(out, dA, dStart, dEnd);
        return new Result(total / tokens, tokens);
    }

    /** log Z − s(y) of sample b; adds its scaled gradients. */
    private double sample(Seq out, int[] gold, int b, int len, double scale, float[] dOut, double[] dA, double[] dStart,
                          double[] dEnd) {
        int k = crf.tags();
        int batch = out.batch;
        double[] alpha = forward(out, b, len);
        double[] beta = new double[len * k];
        double[] terms = new double[k];
        for (int i = 0; i < k; i++) {
            beta[(len - 1) * k + i] = crf.endScore(i);
        }
        for (int t = len - 2; t >= 0; t--) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    terms[j] = crf.transition(i, j) + emission(out, t + 1, b, j) + beta[(t + 1) * k + j];
                }
                beta[t * k + i] = logSumExp(terms);
            }
        }
        double logZ = logZ(alpha, len);
        if (logZ == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("sample " + b + ": no tag sequence of length " + len + " is allowed");
        }
        // the gold path's score
        double gold0 = crf.startScore(gold[b]);
        double score = gold0;
        for (int t = 0; t < len; t++) {
            int y = gold[t * batch + b];
            score += emission(out, t, b, y);
            if (t > 0) {
                score += crf.transition(gold[(t - 1) * batch + b], y);
            }
        }
        score += crf.endScore(gold[(len - 1) * batch + b]);
        if (score == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("sample " + b + ": its gold tags take a transition the CRF does not allow");
        }
        // node marginals → ∂/∂emissions, start, end
        for (int t = 0; t < len; t++) {
            int row = (t * batch + b) * k;
            int y = gold[t * batch + b];
            for (int j = 0; j < k; j++) {
                double p = Math.exp(alpha[t * k + j] + beta[t * k + j] - logZ);
                double g = (p - (j == y ? 1 : 0)) * scale;
                dOut[row + j] += (float) g;
                if (t == 0) {
                    dStart[j] += g;
                }
                if (t == len - 1) {
                    dEnd[j] += g;
                }
            }
        }
        // edge marginals → ∂/∂transitions
        for (int t = 0; t + 1 < len; t++) {
            for (int i = 0; i < k; i++) {
                double a = alpha[t * k + i];
                if (a == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                for (int j = 0; j < k; j++) {
                    double tr = crf.transition(i, j);
                    if (tr == Double.NEGATIVE_INFINITY) {
                        continue;
                    }
                    double p = Math.exp(a + tr + emission(out, t + 1, b, j) + beta[(t + 1) * k + j] - logZ);
                    dA[i * k + j] += p * scale;
                }
            }
            dA[gold[t * batch + b] * k + gold[(t + 1) * batch + b]] -= scale;
        }
        return logZ - score;
    }

    private static double emission(Seq out, int t, int b, int j) {
        return out.values[(t * out.batch + b) * out.features + j];
    }

    static double logSumExp(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double s = 0;
        for (double v : x) {
            s += Math.exp(v - max);
        }
        return max + Math.log(s);
    }

    /**
     * The forward algorithm for sample b: α_t(j) = e_t(j) + logsumexp_i(α_{t−1}(i) + A[i, j]),
     * α_0(j) = start(j) + e_0(j); (L, K) row-major.
     */
    private double[] forward(Seq out, int b, int len) {
        int k = crf.tags();
        double[] alpha = new double[len * k];
        for (int j = 0; j < k; j++) {
            alpha[j] = crf.startScore(j) + emission(out, 0, b, j);
        }
        double[] terms = new double[k];
        for (int t = 1; t < len; t++) {
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < k; i++) {
                    terms[i] = alpha[(t - 1) * k + i] + crf.transition(i, j);
                }
                alpha[t * k + j] = logSumExp(terms) + emission(out, t, b, j);
            }
        }
        return alpha;
    }

    /** log Z = logsumexp_j(α_{L−1}(j) + end(j)). */
    private double logZ(double[] alpha, int len) {
        int k = crf.tags();
        double[] terms = new double[k];
        for (int j = 0; j < k; j++) {
            terms[j] = alpha[(len - 1) * k + j] + crf.endScore(j);
        }
        return logSumExp(terms);
    }

    /** log Z of every sample (the forward algorithm), for checks. */
    public double[] logPartition(Seq emissions) {
        double[] out = new double[emissions.batch];
        for (int b = 0; b < emissions.batch; b++) {
            int len = emissions.lengths == null ? emissions.steps : emissions.lengths[b];
            if (len > 0) {
                out[b] = logZ(forward(emissions, b, len), len);
            }
        }
        return out;
    }
}
