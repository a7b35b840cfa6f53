package io.rnn4j.cli;

/**
 * The exit codes of {@code rnn4j}, one per kind of outcome, so that a script can tell a typo from
 * a corrupt file from a model that did not learn from a bug:
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><th>code</th><th>meaning</th></tr>
 *   <tr><td>0</td><td>done</td></tr>
 *   <tr><td>2</td><td>usage: an unknown or missing option, a value out of range, options that do not combine</td></tr>
 *   <tr><td>3</td><td>the command ran but did not do its job: a task's criterion not met, a training run whose loss
 *       diverged or whose every update was skipped</td></tr>
 *   <tr><td>4</td><td>input: a data or model file that is missing, unreadable, empty, malformed or of the wrong kind,
 *       or an output path that cannot be written</td></tr>
 *   <tr><td>70</td><td>internal error: a bug in rnn4j (one line; {@code --debug} prints the stack trace)</td></tr>
 * </table>
 *
 * <p>Every code but 0 comes with one line on standard error.
 */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int USAGE = 2;
    public static final int NOT_MET = 3;
    public static final int INPUT = 4;
    /** sysexits.h's EX_SOFTWARE. */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
