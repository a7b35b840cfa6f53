package io.rnn4j.nn.crf;

import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.Parameter;
import io.rnn4j.tensor.Seq;

import java.util.List;
import java.util.SplittableRandom;

/**
 * A linear-chain conditional random field over K tags (Lafferty et al. 2001; on top of a BiLSTM,
 * Huang, Xu &amp; Yu 2015 and Lample et al. 2016). The score of a tag sequence y of a sentence of
 * length L with emission scores e (the tagger's per-step outputs) is
 *
 * <pre>
 *   s(y) = start[y_0] + Σ_{t&lt;L} e_t[y_t] + Σ_{t&lt;L−1} A[y_t, y_{t+1}] + end[y_{L−1}]
 *   p(y | e) = exp s(y) / Z,   log Z = logsumexp over all K^L sequences (the forward algorithm)
 * </pre>
 *
 * Parameters {@code transitions} A (K, K) (from row to column), {@code start} (K) and {@code end}
 * (K), initialised to 0. Transitions that are not allowed ({@link TagTransitions}: {@code O → I-X}
 * in BIO) score −∞: no path takes them, they get no gradient, and Viterbi never returns them.
 *
 * <p>As a layer it passes the emissions through unchanged, so it sits at the end of a tagger's
 * graph and its parameters belong to the model (saved, optimised, checkpointed with it); the
 * {@link CrfLoss} on its output trains them, and {@link #decode} finds the best tags. The loss
 * knows the gradient of the transition scores (it needs the gold tags); it hands it to this layer
 * tied to the output it scored ({@link #stageGradient}), and this layer's backward of that pass
 * adds it to the parameters' gradients. A loss computed without a backward (an evaluation) adds
 * nothing.
 */
public final class LinearChainCrf implements Layer {

    private final int tags;
    private final boolean[][] allowed;
    private final boolean[] allowedStart;
    private final boolean[] allowedEnd;
    private final Parameter transitions;
    private final Parameter start;
    private final Parameter end;
    /** The transition gradient the loss computed for one output, waiting for that pass's backward. */
    private Staged staged;

    private record Staged(Seq output, double[] transitions, double[] start, double[] end) {
    }

    /** A CRF over {@code tags} tags with every transition allowed. */
    public LinearChainCrf(int tags) {
        this(tags, all(tags, tags), all(1, tags)[0], all(1, tags)[0]);
    }

    /**
     * @param allowed      allowed[i][j]: tag j may follow tag i (K × K)
     * @param allowedStart whether a sentence may start with each tag (K)
     * @param allowedEnd   whether a sentence may end with each tag (K)
     */
    public LinearChainCrf(int tags, boolean[][] allowed, boolean[] allowedStart, boolean[] allowedEnd) {
        if (tags < 1) {
            throw new IllegalArgumentException("a CRF needs at least 1 tag, got " + tags);
        }
        if (allowed.length != tags || allowedStart.length != tags || allowedEnd.length != tags) {
            throw new IllegalArgumentException("the allowed transitions must be " + tags + " × " + tags + " with " + tags
                    + " start and end flags");
        }
        boolean anyStart = false;
        for (int i = 0; i < tags; i++) {
            if (allowed[i].length != tags) {
                throw new IllegalArgumentException("allowed transitions row " + i + " has " + allowed[i].length + " entries, expected "
                        + tags);
            }
            anyStart |= allowedStart[i] && allowedEnd[i];
        }
        if (!anyStart) {
            throw new IllegalArgumentException("no tag may both start and end a sentence, so a one-word sentence has no tagging");
        }
        this.tags = tags;
        this.allowed = new boolean[tags][];
        for (int i = 0; i < tags; i++) {
            this.allowed[i] = allowed[i].clone();
        }
        this.allowedStart = allowedStart.clone();
        this.allowedEnd = allowedEnd.clone();
        this.transitions = new Parameter("transitions", tags, tags);
        this.start = new Parameter("start", tags);
        this.end = new Parameter("end", tags);
    }

    /** A CRF over the named tags, with the transitions their scheme allows ({@link TagTransitions}). */
    public static LinearChainCrf forTags(List<String> tagNames) {
        return new LinearChainCrf(tagNames.size(), TagTransitions.allowed(tagNames), TagTransitions.allowedStart(tagNames),
                TagTransitions.allowedEnd(tagNames));
    }

    private static boolean[][] all(int rows, int cols) {
        boolean[][] a = new boolean[rows][cols];
        for (boolean[] r : a) {
            java.util.Arrays.fill(r, true);
        }
        return a;
    }

    public int tags() {
        return tags;
    }

    /** allowed[i][j] (a copy). */
    public boolean[][] allowed() {
        boolean[][] copy = new boolean[tags][];
        for (int i = 0; i < tags; i++) {
            copy[i] = allowed[i].clone();
        }
        return copy;
    }

    public boolean[] allowedStart() {
        return allowedStart.clone();
    }

    public boolean[] allowedEnd() {
        return allowedEnd.clone();
    }

    @Override
    public int outputSize(int inputSize) {
        if (inputSize != tags) {
            throw new IllegalArgumentException("the CRF scores " + tags + " tags but reads " + inputSize + " features per step");
        }
        return tags;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(transitions, start, end);
    }

    @Override
    public void initialize(Init scheme, SplittableRandom rng) {
        // zeros: the emissions decide at first, as PyTorch tutorials' and AllenNLP's CRFs start
        for (Parameter p : parameters()) {
            for (int i = 0; i < p.size(); i++) {
                p.set(i, 0f);
            }
        }
    }

    @Override
    public Pass forward(Seq in, ForwardContext context) {
        outputSize(in.features);
        // a Seq of its own (sharing the values), so a staged gradient belongs to this pass alone
        return new Pass(in, Seq.ofValues(in.values, in.steps, in.batch, in.features, in.lengths), null);
    }

    /** Called by {@link CrfLoss}: the gradient of its loss on {@code output} w.r.t. A, start and end. */
    void stageGradient(Seq output, double[] dTransitions, double[] dStart, double[] dEnd) {
        staged = new Staged(output, dTransitions, dStart, dEnd);
    }

    @Override
    public void backward(Pass pass, float[] dOut, float[] dIn) {
        Staged s = staged;
        if (s != null && s.output() == pass.output()) {
            staged = null;
            addInto(transitions, s.transitions());
            addInto(start, s.start());
            addInto(end, s.end());
        }
        if (dIn != null) {
            for (int i = 0; i < dOut.length; i++) {
                dIn[i] += dOut[i];
            }
        }
    }

    private static void addInto(Parameter p, double[] d) {
        float[] g = p.grad();
        for (int i = 0; i < d.length; i++) {
            g[p.offset() + i] += (float) d[i];
        }
    }

    /** A[i][j] with −∞ where not allowed. */
    float transition(int i, int j) {
        return allowed[i][j] ? transitions.dataForReading()[transitions.offset() + i * tags + j] : Float.NEGATIVE_INFINITY;
    }

    float startScore(int j) {
        return allowedStart[j] ? start.dataForReading()[start.offset() + j] : Float.NEGATIVE_INFINITY;
    }

    float endScore(int j) {
        return allowedEnd[j] ? end.dataForReading()[end.offset() + j] : Float.NEGATIVE_INFINITY;
    }

    /**
     * The best tag sequence of every sample (Viterbi): {@code result[b]} has {@code L_b} tags.
     *
     * @param emissions (T, B, K) scores, with the samples' lengths
     */
    public int[][] decode(Seq emissions) {
        outputSize(emissions.features);
        int k = tags;
        int[][] out = new int[emissions.batch][];
        for (int b = 0; b < emissions.batch; b++) {
            int len = emissions.lengths == null ? emissions.steps : emissions.lengths[b];
            out[b] = new int[len];
            if (len == 0) {
                continue;
            }
            double[] score = new double[k];
            int[] back = new int[len * k];
            for (int j = 0; j < k; j++) {
                score[j] = startScore(j) + emissions.values[b * k + j];
            }
            double[] next = new double[k];
            for (int t = 1; t < len; t++) {
                int row = (t * emissions.batch + b) * k;
                for (int j = 0; j < k; j++) {
                    double best = Double.NEGATIVE_INFINITY;
                    int arg = 0;
                    for (int i = 0; i < k; i++) {
                        double s = score[i] + transition(i, j);
                        if (s > best) {
                            best = s;
                            arg = i;
                        }
                    }
                    next[j] = best + emissions.values[row + j];
                    back[t * k + j] = arg;
                }
                double[] swap = score;
                score = next;
                next = swap;
            }
            double best = Double.NEGATIVE_INFINITY;
            int last = 0;
            for (int j = 0; j < k; j++) {
                double s = score[j] + endScore(j);
                if (s > best) {
                    best = s;
                    last = j;
                }
            }
            out[b][len - 1] = last;
            for (int t = len - 1; t > 0; t--) {
                out[b][t - 1] = back[t * k + out[b][t]];
            }
        }
        return out;
    }
}
