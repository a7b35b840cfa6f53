package io.rnn4j.cli;

import io.rnn4j.kernel.Parallel;
import picocli.CommandLine.Option;

/** The shared {@code --threads} option: sets the one pool that owns the cores. */
final class ThreadsOption {

    @Option(names = "--threads", converter = Ranges.Positive.class, paramLabel = "N",
            description = "Threads for all kernels (default: all ${sys:rnn4j.cores} cores).")
    Integer threads;

    void apply() {
        if (threads != null) {
            Parallel.setThreads(threads);
        }
    }

    static {
        System.setProperty("rnn4j.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    }
}
