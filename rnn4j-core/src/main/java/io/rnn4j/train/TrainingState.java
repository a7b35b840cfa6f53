package io.rnn4j.train;

import io.rnn4j.nn.RecurrentState;
import java.util.Map;

/**
 * Everything a {@link Trainer} needs to continue a run exactly where it stopped: a snapshot taken
 * at a batch boundary, after the update, validation and bookkeeping of that batch. Resuming from it
 * with the same model, optimizer, data, configuration and thread count gives bit-identical weights
 * to a run that was never stopped ({@code CheckpointResumeTest}).
 *
 * <p>The random state is the pair (configuration seed, {@code batchesSeen}): the trainer draws the
 * dropout masks of batch n from a generator seeded by (seed, n), so no generator internals need
 * saving.
 *
 * @param updates            optimizer updates applied
 * @param epoch              epoch in progress (0-based)
 * @param batchInEpoch       batches of that epoch already done
 * @param batchesSeen        batches done over the whole run (the random stream position)
 * @param epochLossSum       summed training loss of the epoch so far
 * @param epochRows          counted rows (tokens) of the epoch so far
 * @param rows               counted rows over the whole run
 * @param elapsedSeconds     training wall time so far
 * @param skippedUpdates     updates skipped for a non-finite gradient
 * @param lastTrainLoss      mean training loss of the epoch so far
 * @param lastGradientNorm   gradient norm of the last update
 * @param lastLearningRate   learning rate of the last update
 * @param bestValidationLoss best validation loss so far (NaN if none)
 * @param bestStep           update of the best validation
 * @param badValidations     validations since the best one (early stopping)
 * @param parameters         current parameter values (flat, {@code ParameterSet.values()} order)
 * @param bestParameters     parameter values at the best validation, or null
 * @param optimizerState     the strategy's named buffers ({@code TrainingStrategy.state()}: an optimizer's moments; empty
 *                           for an online strategy, which cannot be resumed exactly)
 * @param carriedStates      recurrent state carried into the next batch, by layer name:
 *                           [layer·direction][h or c][B·H]
 */
public record TrainingState(long updates, int epoch, int batchInEpoch, long batchesSeen,
                            double epochLossSum, long epochRows, long rows, double elapsedSeconds, long skippedUpdates,
                            double lastTrainLoss, double lastGradientNorm, double lastLearningRate,
                            double bestValidationLoss, long bestStep, int badValidations,
                            float[] parameters, float[] bestParameters, Map<String, float[]> optimizerState,
                            Map<String, RecurrentState> carriedStates) {
}
