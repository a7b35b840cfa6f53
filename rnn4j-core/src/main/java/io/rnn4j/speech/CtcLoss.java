package io.rnn4j.speech;

import java.util.Arrays;

/**
 * Connectionist temporal classification (Graves, Fernández, Gomez &amp; Schmidhuber 2006): the
 * negative log-probability of a label sequence l (length L, no blanks) given per-frame scores
 * over C symbols, summed over every alignment that collapses to l (repeats merged, blanks
 * dropped). With y_t = softmax(logits_t) and l' = l with a blank before, between and after its
 * labels (length S = 2L + 1), the forward and backward variables are, in log space,
 *
 * <pre>
 *   α_t(s) = log y_t(l'_s) + logsumexp(α_{t−1}(s), α_{t−1}(s−1), α_{t−1}(s−2) if l'_s ≠ blank and l'_s ≠ l'_{s−2})
 *   β_t(s) = log y_t(l'_s) + logsumexp(β_{t+1}(s), β_{t+1}(s+1), β_{t+1}(s+2) if l'_s ≠ blank and l'_s ≠ l'_{s+2})
 *   loss = −logsumexp(α_{T−1}(S−1), α_{T−1}(S−2))
 *   ∂loss/∂logits_t(c) = y_t(c) − Σ_{s: l'_s = c} exp(α_t(s) + β_t(s) − log y_t(c) + loss)
 * </pre>
 *
 * Everything is computed in double precision. An input too short for its labels (fewer frames
 * than L plus the number of repeated neighbours) has probability 0: the loss is +∞ and the
 * gradient 0 (PyTorch's {@code zero_infinity=True} gradient).
 */
public final class CtcLoss {

    private CtcLoss() {
    }

    /** The loss of one utterance and its gradient with respect to the logits. */
    public record Result(double loss, double[] gradient) {
    }

    /**
     * One utterance.
     *
     * @param logits (T × C) unnormalised scores, row-major
     * @param frames T, the frames used (rows past it are ignored and get gradient 0)
     * @param classes C, blank included
     * @param labels the target, each in [0, C) and none the blank
     * @param blank the blank symbol's index
     */
    public static Result of(double[] logits, int frames, int classes, int[] labels, int blank) {
        if (frames < 1 || logits.length < frames * classes) {
            throw new IllegalArgumentException("CTC needs at least one frame of " + classes + " scores; got " + logits.length
                    + " values for " + frames + " frames");
        }
        for (int label : labels) {
            if (label < 0 || label >= classes || label == blank) {
                throw new IllegalArgumentException("CTC label " + label + " is not a symbol in [0, " + classes + ") other than the"
                        + " blank " + blank);
            }
        }
        int t = frames;
        int c = classes;
        double[] logY = new double[t * c];
        for (int f = 0; f < t; f++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                max = Math.max(max, logits[f * c + k]);
            }
            double sum = 0;
            for (int k = 0; k < c; k++) {
                sum += Math.exp(logits[f * c + k] - max);
            }
            double logSum = max + Math.log(sum);
            for (int k = 0; k < c; k++) {
                logY[f * c + k] = logits[f * c + k] - logSum;
            }
        }
        int s = 2 * labels.length + 1;
        int[] extended = new int[s];
        for (int i = 0; i < s; i++) {
            extended[i] = i % 2 == 0 ? blank : labels[i / 2];
        }
        double[] alpha = new double[t * s];
        double[] beta = new double[t * s];
        Arrays.fill(alpha, Double.NEGATIVE_INFINITY);
        Arrays.fill(beta, Double.NEGATIVE_INFINITY);
        alpha[0] = logY[blank];
        if (s > 1) {
            alpha[1] = logY[extended[1]];
        }
        for (int f = 1; f < t; f++) {
            for (int i = 0; i < s; i++) {
                double a = alpha[(f - 1) * s + i];
                if (i >= 1) {
                    a = logAdd(a, alpha[(f - 1) * s + i - 1]);
                }
                if (i >= 2 && extended[i] != blank && extended[i] != extended[i - 2]) {
                    a = logAdd(a, alpha[(f - 1) * s + i - 2]);
                }
                alpha[f * s + i] = a + logY[f * c + extended[i]];
            }
        }
        beta[(t - 1) * s + s - 1] = logY[(t - 1) * c + blank];
        if (s > 1) {
            beta[(t - 1) * s + s - 2] = logY[(t - 1) * c + extended[s - 2]];
        }
        for (int f = t - 2; f >= 0; f--) {
            for (int i = 0; i < s; i++) {
                double b = beta[(f + 1) * s + i];
                if (i + 1 < s) {
                    b = logAdd(b, beta[(f + 1) * s + i + 1]);
                }
                if (i + 2 < s && extended[i] != blank && extended[i] != extended[i + 2]) {
                    b = logAdd(b, beta[(f + 1) * s + i + 2]);
                }
                beta[f * s + i] = b + logY[f * c + extended[i]];
            }
        }
        double logP = alpha[(t - 1) * s + s - 1];
        if (s > 1) {
            logP = logAdd(logP, alpha[(t - 1) * s + s - 2]);
        }
        double[] gradient = new double[logits.length];
        if (logP == Double.NEGATIVE_INFINITY) {
            return new Result(Double.POSITIVE_INFINITY, gradient);
        }
        double[] occupancy = new double[c];
        for (int f = 0; f < t; f++) {
            Arrays.fill(occupancy, Double.NEGATIVE_INFINITY);
            for (int i = 0; i < s; i++) {
                int k = extended[i];
                occupancy[k] = logAdd(occupancy[k], alpha[f * s + i] + beta[f * s + i] - logY[f * c + k]);
            }
            for (int k = 0; k < c; k++) {
                gradient[f * c + k] = Math.exp(logY[f * c + k]) - Math.exp(occupancy[k] - logP);
            }
        }
        return new Result(-logP, gradient);
    }

    /**
     * A batch with PyTorch's {@code reduction='mean'}: each utterance's loss divided by its label
     * count (at least 1), averaged over the batch; the gradients scaled to match. The gradient of
     * utterance b starts at {@code b × W}, W the longest of the {@code logits} arrays.
     *
     * @param logits one (T_i × C) array per utterance
     * @param frames T_i for each utterance
     */
    public static Result meanOfBatch(double[][] logits, int[] frames, int classes, int[][] labels, int blank) {
        int n = logits.length;
        if (frames.length != n || labels.length != n || n == 0) {
            throw new IllegalArgumentException("CTC batch: " + n + " inputs, " + frames.length + " lengths and " + labels.length
                    + " targets");
        }
        double total = 0;
        int width = 0;
        for (double[] l : logits) {
            width = Math.max(width, l.length);
        }
        double[] gradient = new double[n * width];
        for (int b = 0; b < n; b++) {
            Result r = of(logits[b], frames[b], classes, labels[b], blank);
            double scale = 1.0 / (Math.max(1, labels[b].length) * (double) n);
            total += r.loss() * scale;
            for (int i = 0; i < r.gradient().length; i++) {
                gradient[b * width + i] = r.gradient()[i] * scale;
            }
        }
        return new Result(total, gradient);
    }

    /** log(e^a + e^b), exact at −∞. */
    static double logAdd(double a, double b) {
        if (a == Double.NEGATIVE_INFINITY) {
            return b;
        }
        if (b == Double.NEGATIVE_INFINITY) {
            return a;
        }
        double max = Math.max(a, b);
        return max + Math.log1p(Math.exp(Math.min(a, b) - max));
    }
}
