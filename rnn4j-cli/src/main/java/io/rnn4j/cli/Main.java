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

    /** Runs a command line and returns the exit code; user errors are one line on stderr. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        // A mistyped option gets one line and a pointer to the help, not the whole usage text.
        cl.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine.Model.CommandSpec where = ex.getCommandLine().getCommandSpec();
            ex.getCommandLine().getErr().println("rnn4j: error: " + ex.getMessage().replace('\n', ' ').trim());
            ex.getCommandLine().getErr().println("Run '" + where.qualifiedName() + " --help' for the options.");
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof RunFailedException) {
                line.getErr().println("rnn4j: failed: " + ex.getMessage());
                return RunFailedException.EXIT_CODE;
            }
            if (ex instanceof IllegalArgumentException || ex instanceof IllegalStateException
                    || ex instanceof io.rnn4j.io.ModelFormatException || ex instanceof java.io.IOException) {
                line.getErr().println("rnn4j: error: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    /** Prints the rnn4j version. */
    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"rnn4j " + io.rnn4j.Version.get()};
        }
    }
}
