package io.rnn4j.optim;

import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.ParameterSet;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Updates a {@link ParameterSet} from its gradient buffer, one flat loop per trainable parameter;
 * parameters marked not trainable are never moved (not even by weight decay). Each optimizer
 * follows the update rule of its PyTorch namesake exactly ({@code OptimizerParityTest}).
 */
public abstract class Optimizer {

    protected final ParameterSet params;
    protected long step;

    protected Optimizer(ParameterSet params) {
        this.params = params;
    }

    /** Applies one update with learning rate {@code lr}. */
    public final void step(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a finite number >= 0, got " + lr);
        }
        step++;
        for (Parameter p : params.parameters()) {
            if (p.trainable()) {
                update(p.offset(), p.size(), (float) lr);
            }
        }
    }

    /** Updates the flat range [off, off + n) of values from grads. */
    protected abstract void update(int off, int n, float lr);

    /** Number of updates applied so far. */
    public long steps() {
        return step;
    }

    /** Named state buffers (moments etc.) for checkpoints; the arrays are live. */
    public Map<String, float[]> state() {
        return new LinkedHashMap<>();
    }

    /** Restores the step counter, e.g. when resuming from a checkpoint. */
    public void setSteps(long steps) {
        this.step = steps;
    }

    static void checkNonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, got " + v);
        }
    }

    static void checkUnit(String name, double v) {
        if (!(v >= 0 && v < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + v);
        }
    }
}
