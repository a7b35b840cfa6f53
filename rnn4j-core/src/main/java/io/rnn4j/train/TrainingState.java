package io.rnn4j.train;

import io.rnn4j.nn.RecurrentState;

import java.util.Map;

/**
 * Everything a {@link Trainer} needs to continue a run exactly where it stopped: a snapshot taken
 * at a batch boundary, after the update, validation and bookkeeping of that batch. Resuming from it
 * with the same model, optimizer, data, configuration and thread count gives bit-identical weights
 * to a run that was never stopped ({@code CheckpointResumeTest}).
 *
 * <p>The random state is the pair (configuration seed, {@link Position#batchesSeen()}): the
 * trainer draws the dropout masks of batch n from a generator seeded by (seed, n), so no generator
 * internals need saving.
 *
 * @param position       where the run is in the data
 * @param totals         what the run has done so far
 * @param epochSoFar     the training loss of the epoch in progress
 * @param lastUpdate     what the last update saw and used
 * @param best           the best validation so far
 * @param parameters     current parameter values (flat, {@code ParameterSet.values()} order)
 * @param optimizerState the strategy's named buffers ({@code TrainingStrategy.state()}: an
 *                       optimizer's moments; empty for an online strategy, which cannot be resumed exactly)
 * @param carriedStates  recurrent state carried into the next batch, by layer name
 */
public record TrainingState(Position position, Totals totals, EpochSoFar epochSoFar, LastUpdate lastUpdate,
                            Best best, float[] parameters, Map<String, float[]> optimizerState,
                            Map<String, RecurrentState> carriedStates) {

    /**
     * @param epoch        epoch in progress (0-based)
     * @param batchInEpoch batches of that epoch already done
     * @param batchesSeen  batches done over the whole run (the random stream position)
     */
    public record Position(int epoch, int batchInEpoch, long batchesSeen) {
    }

    /**
     * @param updates        optimizer updates applied
     * @param rows           counted rows (tokens) over the whole run
     * @param skippedUpdates updates skipped for a non-finite gradient
     * @param elapsedSeconds training wall time so far
     */
    public record Totals(long updates, long rows, long skippedUpdates, double elapsedSeconds) {
    }

    /**
     * @param lossSum summed training loss of the epoch so far
     * @param rows    counted rows of the epoch so far
     */
    public record EpochSoFar(double lossSum, long rows) {
    }

    /**
     * @param trainLoss    mean training loss of the epoch so far, when the update was made
     * @param gradientNorm gradient norm of the last update
     * @param learningRate learning rate of the last update
     */
    public record LastUpdate(double trainLoss, double gradientNorm, double learningRate) {
    }

    /**
     * @param validationLoss best validation loss so far (NaN if none)
     * @param step           update of the best validation
     * @param badValidations validations since the best one (early stopping)
     * @param parameters     parameter values at the best validation, or null
     */
    public record Best(double validationLoss, long step, int badValidations, float[] parameters) {
    }

    /** Optimizer updates applied: {@code totals().updates()}. */
    public long updates() {
        return totals.updates();
    }
}
