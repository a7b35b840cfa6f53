package io.rnn4j.seq2seq;

import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;
import io.rnn4j.train.Objective;
import io.rnn4j.train.StepContext;
import io.rnn4j.train.TrainingStrategy;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Scheduled sampling (Bengio et al. 2015) in its two-pass form (Mihaylova &amp; Martins 2019): before
 * each teacher-forced update, a forward pass without gradient predicts every target step; then
 * each decoder input after the first is, with probability p, the model's own most probable
 * token at the step before instead of the reference token. The update itself is the wrapped
 * strategy's on the mixed inputs, scored against the unchanged targets. With p = 0 it is plain
 * teacher forcing. The draws come from the trainer's random source, so a resumed run draws the
 * same.
 */
public final class ScheduledSampling implements TrainingStrategy {

    private final TrainingStrategy inner;
    private final Seq2Seq seq2seq;
    private final double p;

    public ScheduledSampling(TrainingStrategy inner, Seq2Seq seq2seq, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("the scheduled-sampling probability must be in [0, 1], got " + p);
        }
        if (inner.model() != seq2seq.model()) {
            throw new IllegalArgumentException("scheduled sampling wraps a strategy that trains the same encoder-decoder");
        }
        this.inner = inner;
        this.seq2seq = seq2seq;
        this.p = p;
    }

    @Override
    public SequenceModel model() {
        return inner.model();
    }

    @Override
    public Objective objective() {
        return inner.objective();
    }

    @Override
    public BatchOutcome train(Batch batch, StepContext context) {
        return inner.train(p == 0 ? batch : mixed(batch, context.random()), context);
    }

    /** The batch with some decoder inputs replaced by the model's own predictions. */
    Batch mixed(Batch batch, SplittableRandom random) {
        Seq target = batch.namedInputs().get("target");
        SequenceModel.Pass pass = seq2seq.model().forward(batch.namedInputs(), ForwardContext.inference());
        float[] logits = pass.output("logits").values;
        int v = seq2seq.config().targetVocab();
        int[] tokens = target.tokens.clone();
        for (int t = 1; t < target.steps; t++) {
            for (int b = 0; b < target.batch; b++) {
                if (target.valid(t, b) && random.nextDouble() < p) {
                    tokens[t * target.batch + b] = Decoding.mostProbable(logits, ((t - 1) * target.batch + b) * v, v);
                }
            }
        }
        Map<String, Seq> inputs = new HashMap<>(batch.namedInputs());
        inputs.put("target", Seq.ofTokens(tokens, target.steps, target.batch, target.lengths));
        return Batch.named(inputs, batch.namedTargets());
    }


    @Override
    public long updates() {
        return inner.updates();
    }

    @Override
    public void syncModel() {
        inner.syncModel();
    }

    @Override
    public Map<String, float[]> state() {
        return inner.state();
    }

    @Override
    public void restore(long updates, Map<String, float[]> state) {
        inner.restore(updates, state);
    }
}
