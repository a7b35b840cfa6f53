package io.rnn4j.train;

import io.rnn4j.loss.Loss;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.nn.SequenceModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Training by back-propagation through time: the gradient of the batch's loss, applied by an
 * {@link UpdateRule}. Full BPTT makes one update per batch from the whole sequence; truncated
 * BPTT(k2; k1) ({@link TruncatedBptt}) makes one every k1 steps, back-propagating k2 steps.
 * Any {@link SequenceModel} trains this way, graphs included.
 */
public final class Bptt implements TrainingStrategy {

    private final SequenceModel model;
    private final Objective objective;
    private final UpdateRule rule;
    private final TruncatedBptt truncation;

    private Bptt(SequenceModel model, Objective objective, UpdateRule rule, TruncatedBptt truncation) {
        if (model == null || objective == null || rule == null) {
            throw new IllegalArgumentException("BPTT needs a model, a loss and an update rule");
        }
        for (Objective.Term term : objective.terms()) {
            if (term.output() != null && !model.outputs().containsKey(term.output())) {
                throw new IllegalArgumentException("the objective puts a loss on output '" + term.output()
                        + "', but the model's outputs are " + model.outputs().keySet());
            }
        }
        if (objective.single() && model.outputs().size() != 1) {
            throw new IllegalArgumentException(truncation != null
                    ? "truncated BPTT trains one loss on a model's only output, and this model has outputs "
                            + model.outputs().keySet() + "; train it by full BPTT with an Objective that names them"
                    : "the model has outputs " + model.outputs().keySet() + "; name the output each loss is on"
                            + " (Objective.of(new Objective.Term(output, loss, weight), ...))");
        }
        this.model = model;
        this.objective = objective;
        this.rule = rule;
        this.truncation = truncation;
    }

    /** One update per batch, with the gradient of the whole sequence. */
    public static Bptt full(SequenceModel model, Loss loss, UpdateRule rule) {
        return new Bptt(model, Objective.of(loss), rule, null);
    }

    /**
     * One update per batch for a graph: the gradient of every loss term of {@code objective},
     * from the batch's inputs and targets by name ({@link Batch#named}).
     */
    public static Bptt full(SequenceModel model, Objective objective, UpdateRule rule) {
        return new Bptt(model, objective, rule, null);
    }

    /** An update every {@code k1} steps, back-propagating {@code k2 ≥ k1} steps. */
    public static Bptt truncated(SequenceModel model, Loss loss, UpdateRule rule, int k1, int k2) {
        return new Bptt(model, Objective.of(loss), rule, new TruncatedBptt(k1, k2));
    }

    @Override
    public SequenceModel model() {
        return model;
    }

    @Override
    public Objective objective() {
        return objective;
    }

    @Override
    public BatchOutcome train(Batch batch, StepContext context) {
        ParameterSet ps = model.parameters();
        ps.zeroGrad();
        if (truncation != null) {
            TruncatedBptt.Result r = truncation.run(model, batch.input(), batch.targets(), objective.loss(),
                    context.carried(), context.random(), (w, g) -> context.updated(rule.apply(ps)), context::budgetLeft);
            return new BatchOutcome(r.lossSum(), r.count(), r.finalStates());
        }
        SequenceModel.Gradient g = model.gradient(batch.inputsFor(model), lossTerms(batch),
                new ForwardContext(true, context.random(), context.carried()));
        context.updated(rule.apply(ps));
        return new BatchOutcome(g.loss() * g.count(), g.count(), g.finalStates());
    }

    private List<SequenceModel.LossTerm> lossTerms(Batch batch) {
        List<SequenceModel.LossTerm> terms = new ArrayList<>();
        for (Objective.Term t : objective.terms()) {
            String output = t.output() != null ? t.output() : model.outputs().keySet().iterator().next();
            terms.add(new SequenceModel.LossTerm(output, t.loss(), batch.targetsFor(t.output()), t.weight()));
        }
        return terms;
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
