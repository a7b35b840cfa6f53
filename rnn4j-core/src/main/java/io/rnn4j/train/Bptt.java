package io.rnn4j.train;

import io.rnn4j.loss.Loss;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.nn.SequenceModel;

import java.util.Map;

/**
 * Training by back-propagation through time: the gradient of the batch's loss, applied by an
 * {@link UpdateRule}. Full BPTT makes one update per batch from the whole sequence; truncated
 * BPTT(k2; k1) ({@link TruncatedBptt}) makes one every k1 steps, back-propagating k2 steps.
 * Any {@link SequenceModel} trains this way, graphs included.
 */
public final class Bptt implements TrainingStrategy {

    private final SequenceModel model;
    private final Loss loss;
    private final UpdateRule rule;
    private final TruncatedBptt truncation;

    private Bptt(SequenceModel model, Loss loss, UpdateRule rule, TruncatedBptt truncation) {
        if (model == null || loss == null || rule == null) {
            throw new IllegalArgumentException("BPTT needs a model, a loss and an update rule");
        }
        this.model = model;
        this.loss = loss;
        this.rule = rule;
        this.truncation = truncation;
    }

    /** One update per batch, with the gradient of the whole sequence. */
    public static Bptt full(SequenceModel model, Loss loss, UpdateRule rule) {
        return new Bptt(model, loss, rule, null);
    }

    /** An update every {@code k1} steps, back-propagating {@code k2 ≥ k1} steps. */
    public static Bptt truncated(SequenceModel model, Loss loss, UpdateRule rule, int k1, int k2) {
        return new Bptt(model, loss, rule, new TruncatedBptt(k1, k2));
    }

    @Override
    public SequenceModel model() {
        return model;
    }

    @Override
    public Loss loss() {
        return loss;
    }

    @Override
    public BatchOutcome train(Batch batch, StepContext context) {
        ParameterSet ps = model.parameters();
        ps.zeroGrad();
        if (truncation != null) {
            TruncatedBptt.Result r = truncation.run(model, batch.input(), batch.targets(), loss, context.carried(),
                    context.random(), (w, g) -> context.updated(rule.apply(ps)), context::budgetLeft);
            return new BatchOutcome(r.lossSum(), r.count(), r.finalStates());
        }
        SequenceModel.Gradient g = model.gradient(batch.input(), batch.targets(), loss,
                new ForwardContext(true, context.random(), context.carried()));
        context.updated(rule.apply(ps));
        return new BatchOutcome(g.loss() * g.count(), g.count(), g.finalStates());
    }

    @Override
    public long updates() {
        return rule.optimizer().steps();
    }

    @Override
    public Map<String, float[]> state() {
        return rule.optimizer().state();
    }

    @Override
    public void restore(long updates, Map<String, float[]> saved) {
        Map<String, float[]> live = rule.optimizer().state();
        if (!live.keySet().equals(saved.keySet())) {
            throw new IllegalArgumentException("the saved optimizer state has buffers " + saved.keySet()
                    + ", this optimizer has " + live.keySet() + " (was the run trained with another optimizer?)");
        }
        for (Map.Entry<String, float[]> e : live.entrySet()) {
            float[] values = saved.get(e.getKey());
            if (values.length != e.getValue().length) {
                throw new IllegalArgumentException("optimizer buffer '" + e.getKey() + "' has " + values.length
                        + " values, expected " + e.getValue().length);
            }
            System.arraycopy(values, 0, e.getValue(), 0, values.length);
        }
        rule.optimizer().setSteps(updates);
    }
}
