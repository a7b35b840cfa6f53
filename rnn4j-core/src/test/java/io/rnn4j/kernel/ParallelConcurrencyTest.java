package io.rnn4j.kernel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many application threads calling the pool at once, and the thread count changed under them.
 * Every test runs under a watchdog, so a lost chunk (a caller waiting for ever) fails the test
 * instead of hanging the build.
 */
class ParallelConcurrencyTest {

    private static final Duration WATCHDOG = Duration.ofSeconds(60);

    private final int before = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(before);
    }

    @Test
    void eightCallersAtOnceRunEveryIndexExactlyOnce() {
        for (int poolThreads : new int[] {2, 4}) {
            Parallel.setThreads(poolThreads);
            long calls = assertTimeoutPreemptively(WATCHDOG, () -> hammer(8, 3_000, 1024, 16));
            assertEquals(8L * 3_000, calls, "pool of " + poolThreads);
        }
    }

    @Test
    void changingTheThreadCountWhileCallsRunLosesNothing() {
        AtomicBoolean stop = new AtomicBoolean();
        Thread changer = new Thread(() -> {
            int[] counts = {1, 2, 3, 4, 2, 5};
            for (int i = 0; !stop.get(); i++) {
                Parallel.setThreads(counts[i % counts.length]);
                Thread.onSpinWait();
            }
        }, "thread-count-changer");
        changer.setDaemon(true);
        changer.start();
        try {
            long calls = assertTimeoutPreemptively(WATCHDOG, () -> hammer(4, 3_000, 1000, 8));
            assertEquals(4L * 3_000, calls);
        } finally {
            stop.set(true);
        }
    }

    @Test
    void oneCallerChangingTheThreadCountBetweenItsOwnCallsNeverHangs() {
        assertTimeoutPreemptively(WATCHDOG, () -> {
            for (int i = 0; i < 2_000; i++) {
                Parallel.setThreads(1 + i % 4);
                int[] hits = new int[333];
                Parallel.forRange(hits.length, 3, (from, to) -> {
                    for (int k = from; k < to; k++) {
                        hits[k]++;
                    }
                });
                for (int k = 0; k < hits.length; k++) {
                    assertEquals(1, hits[k], "round " + i + ", index " + k);
                }
            }
        });
    }

    @Test
    void aCallerWhoseOwnChunkThrowsStillWaitsForTheOtherChunks() {
        Parallel.setThreads(2);
        AtomicBoolean otherChunkDone = new AtomicBoolean();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(100, 10, (from, to) -> {
            if (from == 0) {
                throw new IllegalStateException("first chunk fails");
            }
            sleep(50);
            otherChunkDone.set(true);
        }));
        assertEquals("first chunk fails", e.getMessage());
        assertTrue(otherChunkDone.get(), "forRange returned before the worker's chunk had finished");
    }

    @Test
    void oldWorkersExitAfterTheThreadCountChanges() throws InterruptedException {
        for (int i = 0; i < 20; i++) {
            Parallel.setThreads(2 + i % 3);
            Parallel.forRange(64, 1, (from, to) -> { });
        }
        Parallel.setThreads(3);
        Parallel.forRange(64, 1, (from, to) -> { });
        long deadline = System.nanoTime() + 10_000_000_000L;
        long alive;
        do {
            Thread.sleep(20);
            alive = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("rnn4j-worker-") && t.isAlive()).count();
        } while (alive > 2 && System.nanoTime() < deadline);
        assertEquals(2, alive, "a pool of 3 threads keeps 2 workers; the replaced pools' workers must have exited");
    }

    /**
     * {@code callers} threads each make {@code rounds} calls of {@code forRange(n, grain)} and
     * check that every index ran once, that chunks start on the grain, and that the chunks' plain
     * writes are visible to the caller when the call returns.
     *
     * @return the number of calls that passed
     */
    static long hammer(int callers, int rounds, int n, int grain) throws InterruptedException {
        AtomicLong passed = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
            int caller = c;
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    int[] hits = new int[n];
                    for (int r = 0; r < rounds; r++) {
                        Arrays.fill(hits, 0);
                        Parallel.forRange(n, grain, (from, to) -> {
                            if (from % grain != 0) {
                                throw new AssertionError("chunk starts at " + from + ", not on the grain " + grain);
                            }
                            for (int i = from; i < to; i++) {
                                hits[i]++;
                            }
                        });
                        for (int i = 0; i < n; i++) {
                            if (hits[i] != 1) {
                                throw new AssertionError("caller " + caller + ", round " + r + ": index " + i
                                        + " ran " + hits[i] + " times");
                            }
                        }
                        passed.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "caller-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            AssertionError e = new AssertionError(failures.size() + " caller(s) failed; first: " + failures.peek());
            failures.forEach(e::addSuppressed);
            throw e;
        }
        return passed.get();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
