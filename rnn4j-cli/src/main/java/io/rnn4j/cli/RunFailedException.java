package io.rnn4j.cli;

/**
 * A command that ran but did not do its job, such as a training run whose every update was
 * skipped or whose loss ended non-finite, or a task run whose criterion was not met: exit code
 * {@value #EXIT_CODE} ({@link ExitCodes#NOT_MET}), distinct from usage and input errors, so that
 * scripts do not take a diverged run for a trained model.
 */
final class RunFailedException extends RuntimeException {

    static final int EXIT_CODE = ExitCodes.NOT_MET;

    RunFailedException(String message) {
        super(message);
    }
}
