package io.rnn4j.spark;

/**
 * Makes the first attempt of one training task fail, so tests can watch Spark retry it (local
 * mode runs executors in the driver's JVM, where the test sets this). Never set outside tests.
 */
final class FaultInjection {

    private static volatile long failStep = -1;
    private static volatile int failPartition = -1;

    private FaultInjection() {
    }

    /** The first attempt of partition {@code partition}'s task at {@code step} will throw. */
    static void failOnce(long step, int partition) {
        failStep = step;
        failPartition = partition;
    }

    static void clear() {
        failStep = -1;
        failPartition = -1;
    }

    static void check(long step, int partition, int attempt) {
        if (step == failStep && partition == failPartition && attempt == 0) {
            throw new IllegalStateException("injected failure of step " + step + ", partition " + partition);
        }
    }
}
