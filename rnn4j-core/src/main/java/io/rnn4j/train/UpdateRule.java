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
    public UpdateRule(Optimizer optimizer, LearningRateSchedule schedule, double clipNorm, double clipValue) {
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm) || !(clipValue >= 0) || Double.isInfinite(clipValue)) {
            throw new IllegalArgumentException("clipping thresholds must be finite and >= 0 (0 = off), got norm " + clipNorm
                    + ", value " + clipValue);
        }
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.clipNorm = clipNorm;
        this.clipValue = clipValue;
    }

    /** Norm clipping only, at a constant rate: what the fixed-setting measurements use. */
    public static UpdateRule clipped(Optimizer optimizer, double lr, double clipNorm) {
        return new UpdateRule(optimizer, LearningRateSchedule.constant(lr), clipNorm, 0);
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
