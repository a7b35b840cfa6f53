package io.rnn4j.train;

import io.rnn4j.nn.ParameterSet;
import io.rnn4j.optim.GradientClipping;
import io.rnn4j.optim.LearningRateSchedule;
import io.rnn4j.optim.Optimizer;

/**
 * The one update step of every gradient-based trainer (the BPTT and online trainers, the task
 * runner, the gradient-flow measurement and the benchmark), so that they cannot drift apart:
 * <ol>
 *   <li>gradients of frozen parameters are zeroed;</li>
 *   <li>the global gradient norm ‖g‖ is computed, and the gradient scaled to {@code clipNorm}
 *       when it is larger (0 = no clipping);</li>
 *   <li>a non-finite ‖g‖ skips the update: a NaN or infinite gradient never reaches the weights,
 *       with clipping on or off;</li>
 *   <li>each element is clipped to ±{@code clipValue} (0 = off);</li>
 *   <li>the optimizer steps with the schedule's rate for its update count;</li>
 *   <li>the gradient buffer is zeroed for the next accumulation.</li>
 * </ol>
 */
public final class UpdateRule {

    /**
     * What one call did.
     *
     * @param gradientNorm ‖g‖ before clipping (NaN or infinite when the update was skipped)
     * @param learningRate the rate the optimizer stepped with (NaN when skipped)
     * @param applied      whether the weights changed
     */
    public record Outcome(double gradientNorm, double learningRate, boolean applied) {
    }

    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final double clipNorm;
    private final double clipValue;

    /**
     * @param clipNorm  clip the global gradient norm to this; 0 turns it off
     * @param clipValue clip each gradient element to ±this; 0 turns it off
     */
    private UpdateRule(Optimizer optimizer, LearningRateSchedule schedule, double clipNorm, double clipValue) {
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm) || !(clipValue >= 0) || Double.isInfinite(clipValue)) {
            throw new IllegalArgumentException("clipping thresholds must be finite and >= 0 (0 = off), got norm " + clipNorm
                    + ", value " + clipValue);
        }
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.clipNorm = clipNorm;
        this.clipValue = clipValue;
    }

    /**
     * The rule for {@code optimizer} with the defaults: a constant rate of 2·10⁻³ (Adam's usual
     * one), the global norm clipped to 5, no value clipping.
     */
    public static Builder of(Optimizer optimizer) {
        return new Builder(optimizer);
    }

    /** The optimizer this rule steps. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** Named settings of an {@link UpdateRule}, each with a default. */
    public static final class Builder {
        private final Optimizer optimizer;
        private LearningRateSchedule schedule = LearningRateSchedule.constant(2e-3);
        private double clipNorm = 5;
        private double clipValue;

        private Builder(Optimizer optimizer) {
            if (optimizer == null) {
                throw new IllegalArgumentException("an update rule needs an optimizer");
            }
            this.optimizer = optimizer;
        }

        /** A constant learning rate. */
        public Builder learningRate(double lr) {
            return schedule(LearningRateSchedule.constant(lr));
        }

        /** The learning rate per update (default: constant 2·10⁻³). */
        public Builder schedule(LearningRateSchedule schedule) {
            if (schedule == null) {
                throw new IllegalArgumentException("a learning-rate schedule is required");
            }
            this.schedule = schedule;
            return this;
        }

        /** Clip the global gradient norm to this (default 5; 0 = off). */
        public Builder clipNorm(double clipNorm) {
            this.clipNorm = clipNorm;
            return this;
        }

        /** Clamp each gradient element to ±this (default 0 = off). */
        public Builder clipValue(double clipValue) {
            this.clipValue = clipValue;
            return this;
        }

        public UpdateRule build() {
            return new UpdateRule(optimizer, schedule, clipNorm, clipValue);
        }
    }

    /** One update from the gradient accumulated in {@code ps}; the gradient is zeroed afterwards either way. */
    public Outcome apply(ParameterSet ps) {
        ps.maskFrozen();
        double norm = clipNorm > 0 ? GradientClipping.clipGlobalNorm(ps, clipNorm) : GradientClipping.globalNorm(ps);
        if (!Double.isFinite(norm)) {
            ps.zeroGrad();
            return new Outcome(norm, Double.NaN, false);
        }
        if (clipValue > 0) {
            GradientClipping.clipValue(ps, clipValue);
        }
        double lr = schedule.rate(optimizer.steps());
        optimizer.step(lr);
        ps.zeroGrad();
        return new Outcome(norm, lr, true);
    }
}
