package io.rnn4j.train;

/**
 * What a training listener receives after each update and each validation.
 *
 * @param step          updates applied so far
 * @param epoch         current epoch (0-based)
 * @param trainLoss     mean training loss since the previous report
 * @param validationLoss mean validation loss, or NaN when this report has none
 * @param learningRate  the rate used for the last update
 * @param gradientNorm  global gradient norm before clipping, of the last update
 * @param rowsPerSecond counted rows (tokens for a language model) per second since the start
 * @param elapsedSeconds wall time since the start of training
 */
public record Metrics(long step, int epoch, double trainLoss, double validationLoss, double learningRate,
                      double gradientNorm, double rowsPerSecond, double elapsedSeconds) {

    public boolean hasValidation() {
        return !Double.isNaN(validationLoss);
    }
}
