package io.rnn4j.cli;

/**
 * A command that ran but did not do its job, such as a training run whose every update was
 * skipped or whose loss ended non-finite: exit code {@value #EXIT_CODE}, distinct from the 2 of a
 * usage or input error, so that scripts do not take a diverged run for a trained model.
 */
final class RunFailedException extends RuntimeException {

    static final int EXIT_CODE = 3;

    RunFailedException(String message) {
        super(message);
    }
}
