package io.rnn4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The {@code rnn4j} command line. */
@Command(name = "rnn4j", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Recurrent neural networks for the JVM.",
        subcommands = {InfoCommand.class, DemoCommand.class, TrainCommand.class, VanishingCommand.class, SampleCommand.class, EvalCommand.class,
                BenchCommand.class, TaskCommand.class, TranslateCommand.class, ImageCommand.class, CaptionCommand.class, ClassifyCommand.class, TagCommand.class, Word2VecCommand.class, SpeechCommand.class, ForecastCommand.class, VideoCommand.class, ExportCommand.class, ImportCommand.class, ServeCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an internal error, print the stack trace as well as the one-line message.")
    boolean debug;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        // rnn4j reads text as UTF-8 and writes it the same way whatever the locale: under a C or
        // POSIX locale the JDK would print every Chinese character as '?'.
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        System.exit(run(args));
    }

    /**
     * Runs a command line and returns the exit code ({@link ExitCodes}); every failure is one line
     * on stderr (a mistyped option gets a second, pointing at the help).
     */
    public static int run(String... args) {
        Main root = new Main();
        CommandLine cl = new CommandLine(root);
        // A mistyped option gets one line and a pointer to the help, not the whole usage text.
        cl.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine.Model.CommandSpec where = ex.getCommandLine().getCommandSpec();
            ex.getCommandLine().getErr().println("rnn4j: error: " + ex.getMessage().replace('\n', ' ').trim());
            ex.getCommandLine().getErr().println("Run '" + where.qualifiedName() + " --help' for the options.");
            return ExitCodes.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> report(ex, line.getErr(), root.debug));
        return cl.execute(args);
    }

    /**
     * Prints the one line for an exception that ended a command and returns its exit code:
     * {@link ExitCodes#NOT_MET} for a run that did not do its job, {@link ExitCodes#USAGE} for
     * options that cannot be used, {@link ExitCodes#INPUT} for files and their contents, and
     * {@link ExitCodes#INTERNAL} for anything else, which is a bug: then the line names the
     * exception and where it was thrown, and {@code debug} adds the stack trace.
     */
    static int report(Exception ex, java.io.PrintWriter err, boolean debug) {
        if (ex instanceof RunFailedException) {
            err.println("rnn4j: failed: " + ex.getMessage());
            return ExitCodes.NOT_MET;
        }
        if (ex instanceof UsageException) {
            err.println("rnn4j: error: " + ex.getMessage());
            return ExitCodes.USAGE;
        }
        if (isInputError(ex)) {
            err.println("rnn4j: error: " + oneLine(ex.getMessage()));
            return ExitCodes.INPUT;
        }
        StackTraceElement[] at = ex.getStackTrace();
        err.println("rnn4j: internal error: " + ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + oneLine(ex.getMessage()))
                + (at.length == 0 ? "" : " (at " + at[0] + ")")
                + (debug ? "" : "; rerun with --debug for the stack trace, and please report it"));
        if (debug) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.INTERNAL;
    }

    /**
     * Whether an exception is rnn4j refusing what it was given: its own refusals are
     * {@link IllegalArgumentException}s and {@link IllegalStateException}s with a message, bad
     * model files {@link io.rnn4j.io.ModelFormatException}s, and the file system's answers
     * {@link java.io.IOException}s (also when wrapped unchecked).
     */
    private static boolean isInputError(Exception ex) {
        if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException
                || ex instanceof io.rnn4j.io.ModelFormatException) {
            return true;
        }
        return (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException) && ex.getMessage() != null;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replace('\n', ' ').strip();
    }

    /** Prints the rnn4j version. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rnn4j " + io.rnn4j.Version.get()};
        }
    }
}
