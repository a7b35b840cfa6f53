package io.rnn4j.speech;

import io.rnn4j.kernel.Parallel;
import io.rnn4j.loss.Loss;
import io.rnn4j.loss.Targets;
import io.rnn4j.tensor.Seq;

import java.util.Arrays;

/**
 * CTC as a training loss of any sequence model: the model's output (T, B, C) holds per-frame
 * scores over the alphabet and the blank, the targets are one label sequence per sample
 * ({@link Targets#sequences}), and each sample's frames are its length in the output.
 *
 * <pre>
 *   loss = (1 / B) Σ_b CTC(logits_b[0 .. T_b), labels_b) / max(1, |labels_b|)
 * </pre>
 *
 * PyTorch's {@code nn.CTCLoss(reduction='mean')}; each sample's loss and gradient come from
 * {@link CtcLoss} in double precision, samples in parallel. A sample whose frames are too few for
 * its labels has probability 0: it adds 0 to the loss and the gradient (PyTorch's
 * {@code zero_infinity=True}); {@link #infeasible()} counts them, and the batches are built so
 * that none is.
 */
public final class CtcObjective implements Loss {

    private final int blank;
    private volatile long infeasible;

    /** @param blank the blank symbol's index in the model's output */
    public CtcObjective(int blank) {
        this.blank = blank;
    }

    public int blank() {
        return blank;
    }

    /** Samples so far too short for their labels (left out as zero). */
    public long infeasible() {
        return infeasible;
    }

    @Override
    public Result compute(Seq out, Targets targets, float[] dOut) {
        if (targets.sequences == null || targets.sequences.length != out.batch) {
            throw new IllegalArgumentException("the CTC loss needs one label sequence per sample (" + out.batch + ")");
        }
        int c = out.features;
        if (blank < 0 || blank >= c) {
            throw new IllegalArgumentException("the blank " + blank + " is outside the model's " + c + " outputs");
        }
        int batch = out.batch;
        Arrays.fill(dOut, 0, out.steps * batch * c, 0f);
        double[] losses = new double[batch];
        Parallel.forRange(batch, 1, (from, to) -> {
            for (int b = from; b < to; b++) {
                losses[b] = sample(out, targets.sequences[b], b, dOut);
            }
        });
        double total = 0;
        for (int b = 0; b < batch; b++) {
            if (Double.isInfinite(losses[b])) {
                infeasible++;
            } else {
                total += losses[b];
            }
        }
        return new Result(total / batch, batch);
    }

    /** Sample b's loss / max(1, L), its gradient scaled by 1 / (max(1, L)·B) into dOut; +∞ when infeasible. */
    private double sample(Seq out, int[] labels, int b, float[] dOut) {
        int c = out.features;
        int batch = out.batch;
        int frames = out.lengths == null ? out.steps : out.lengths[b];
        if (frames == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double[] logits = new double[frames * c];
        for (int t = 0; t < frames; t++) {
            int row = (t * batch + b) * c;
            for (int k = 0; k < c; k++) {
                logits[t * c + k] = out.values[row + k];
            }
        }
        CtcLoss.Result r = CtcLoss.of(logits, frames, c, labels, blank);
        if (Double.isInfinite(r.loss())) {
            return r.loss();
        }
        double perLabel = 1.0 / Math.max(1, labels.length);
        double scale = perLabel / batch;
        double[] g = r.gradient();
        for (int t = 0; t < frames; t++) {
            int row = (t * batch + b) * c;
            for (int k = 0; k < c; k++) {
                dOut[row + k] = (float) (g[t * c + k] * scale);
            }
        }
        return r.loss() * perLabel;
    }
}
