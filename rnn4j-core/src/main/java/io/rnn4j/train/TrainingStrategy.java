package io.rnn4j.train;

import io.rnn4j.nn.RecurrentState;
import io.rnn4j.nn.SequenceModel;

import java.util.Map;

/**
 * How the weights of a model change on one batch: the part of training that differs between
 * algorithms, run by the one {@link Trainer} loop.
 * <ul>
 *   <li>{@link Bptt}: the gradient by back-propagation through time, over the whole batch or in
 *       truncated windows, applied by an {@link UpdateRule};</li>
 *   <li>{@link OnlineLearning}: a weight change at every scored step, from the gradient that
 *       real-time recurrent learning carries forward (through an {@link UpdateRule}) or from a
 *       global or decoupled extended Kalman filter.</li>
 * </ul>
 * A strategy belongs to one model and one objective, and is used by one thread at a time.
 */
public interface TrainingStrategy {

    /** The model whose weights this strategy changes. */
    SequenceModel model();

    /** What it minimises (and what validation reports): one loss, or weighted losses on several outputs. */
    Objective objective();

    /**
     * Trains on one batch: the forward pass, the derivatives and one or more weight changes, each
     * reported to {@link StepContext#updated}.
     *
     * @return the summed loss of the batch's counted rows, their number and the recurrent state to
     *         carry into the next batch
     */
    BatchOutcome train(Batch batch, StepContext context);

    /** Weight changes applied so far (skipped updates do not count). */
    long updates();

    /** Makes {@link #model()} hold the weights trained so far (a filter keeps its own in double precision). */
    default void syncModel() {
    }

    /**
     * The named buffers besides the weights that continue a run exactly (an optimizer's moments),
     * or null when this strategy cannot be resumed exactly (RTRL's sensitivities and a filter's
     * covariance are not saved).
     */
    Map<String, float[]> state();

    /** Continues from a {@link #state()} taken after {@code updates} weight changes. */
    void restore(long updates, Map<String, float[]> state);

    /**
     * What one batch gave.
     *
     * @param lossSum     the loss summed over counted rows
     * @param count       the counted rows
     * @param finalStates recurrent state at the end of the batch, by layer name
     */
    record BatchOutcome(double lossSum, long count, Map<String, RecurrentState> finalStates) {
    }
}
