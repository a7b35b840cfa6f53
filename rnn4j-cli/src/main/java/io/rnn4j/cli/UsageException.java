package io.rnn4j.cli;

/**
 * Options that cannot be used as given (a value that is not one of the choices, a combination
 * that does not make sense, an option that is required): exit code {@value ExitCodes#USAGE}.
 * Problems with what the options point at (files and their contents) are plain
 * {@link IllegalArgumentException}s, exit code {@value ExitCodes#INPUT}.
 */
final class UsageException extends IllegalArgumentException {

    UsageException(String message) {
        super(message);
    }

    /** Parses an option's value with a library parser, whose refusal is then a usage error. */
    static <T> T of(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (UsageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
