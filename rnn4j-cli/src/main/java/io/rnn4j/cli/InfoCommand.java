package io.rnn4j.cli;

import io.rnn4j.Version;
import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code rnn4j info}: what this installation runs on. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the version, the JDK, the GEMM backend in use and the thread count.")
final class InfoCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Override
    public void run() {
        threads.apply();
        String blasThreads = System.getenv("OPENBLAS_NUM_THREADS");
        System.out.println("rnn4j    " + Version.get());
        System.out.println("jdk      " + System.getProperty("java.vm.vendor") + " " + Runtime.version());
        System.out.println("gemm     " + Blas.backend().name());
        System.out.println("threads  " + Parallel.threads() + " (rnn4j pool; OPENBLAS_NUM_THREADS="
                + (blasThreads == null ? "unset" : blasThreads) + ")");
        System.out.println("cpu      " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.arch") + ", " + System.getProperty("os.name"));
    }
}
