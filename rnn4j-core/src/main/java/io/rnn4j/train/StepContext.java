package io.rnn4j.train;

import io.rnn4j.nn.RecurrentState;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a {@link TrainingStrategy} gets from the loop that drives it, for one batch.
 */
public interface StepContext {

    /**
     * The recurrent state carried in from the previous batch, by layer name (detached); empty to
     * start every sequence from zero.
     */
    Map<String, RecurrentState> carried();

    /** The source of this batch's randomness (dropout masks). */
    SplittableRandom random();

    /** Whether the run's update budget allows another weight change. */
    boolean budgetLeft();

    /**
     * Whether a stop was asked for; a strategy that changes the weights at every step stops after
     * the current one, the others finish the batch (so that a checkpoint resumes it exactly).
     */
    boolean stopRequested();

    /** Called after each weight change, or each skipped one. */
    void updated(UpdateRule.Outcome outcome);

    /**
     * A context for driving a strategy by hand (benchmarks, tests): state from zero, the given
     * randomness, no budget, outcomes ignored.
     */
    static StepContext standalone(SplittableRandom random) {
        return new StepContext() {
            @Override
            public Map<String, RecurrentState> carried() {
                return Map.of();
            }

            @Override
            public SplittableRandom random() {
                return random;
            }

            @Override
            public boolean budgetLeft() {
                return true;
            }

            @Override
            public boolean stopRequested() {
                return false;
            }

            @Override
            public void updated(UpdateRule.Outcome outcome) {
            }
        };
    }
}
