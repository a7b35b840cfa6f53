package io.rnn4j.train;

/**
 * The outcome of {@link Trainer#fit}.
 *
 * @param steps              updates applied
 * @param epochs             epochs started
 * @param lastTrainLoss      mean training loss of the last epoch
 * @param bestValidationLoss lowest validation loss seen (NaN without validation)
 * @param bestStep           update at which it was seen
 * @param stoppedEarly       whether early stopping ended the run
 * @param skippedSteps       updates skipped because the gradient was not finite
 * @param seconds            wall time (including the time before a resume)
 * @param interrupted        whether {@link Trainer#requestStop()} ended the run early
 */
public record TrainingResult(long steps, int epochs, double lastTrainLoss, double bestValidationLoss, long bestStep,
                             boolean stoppedEarly, long skippedSteps, double seconds,
                             boolean interrupted) {
}
