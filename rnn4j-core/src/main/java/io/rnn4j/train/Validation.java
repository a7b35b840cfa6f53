package io.rnn4j.train;

import io.rnn4j.loss.Loss;
import io.rnn4j.nn.SequenceModel;

/**
 * What a {@link Trainer} validates with: a score of the model as trained so far, lower is
 * better. The usual one is the mean loss on held-out batches ({@link #loss}); a task's criterion
 * (wrong test sequences) is another.
 */
@FunctionalInterface
public interface Validation {

    /** The score of {@code model} (no dropout, no weight change). */
    double score(SequenceModel model);

    /**
     * The mean {@code loss} over the counted rows of {@code source}'s epoch 0 (drawn with
     * {@code seed}), the recurrent state carried from batch to batch when {@code carryState}.
     */
    static Validation loss(Loss loss, BatchSource source, boolean carryState, long seed) {
        return loss(Objective.of(loss), source, carryState, seed);
    }

    /** As {@link #loss(Loss, BatchSource, boolean, long)} for an objective of several weighted terms. */
    static Validation loss(Objective objective, BatchSource source, boolean carryState, long seed) {
        return model -> Trainer.evaluate(model, objective, source, carryState, seed);
    }
}
