package io.rnn4j.kernel;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelTest {

    private final int before = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(before);
    }

    @Test
    void everyIndexRunsExactlyOnceInGrainAlignedChunks() {
        for (int threads : new int[] {1, 2, 3, 5}) {
            Parallel.setThreads(threads);
            for (int n : new int[] {0, 1, 7, 16, 33, 1000}) {
                AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(n, 1));
                Parallel.forRange(n, 4, (from, to) -> {
                    assertTrue(from % 4 == 0, "chunk starts on the grain");
                    for (int i = from; i < to; i++) {
                        hits.incrementAndGet(i);
                    }
                });
                for (int i = 0; i < n; i++) {
                    assertEquals(1, hits.get(i), "threads " + threads + ", n " + n + ", index " + i);
                }
            }
        }
    }

    @Test
    void nestedLoopsRunSeriallyInsideAChunk() {
        Parallel.setThreads(2);
        AtomicIntegerArray hits = new AtomicIntegerArray(64);
        Parallel.forRange(64, 8, (from, to) -> {
            assertTrue(Parallel.inside());
            Parallel.forRange(to - from, 1, (a, b) -> {
                for (int i = from + a; i < from + b; i++) {
                    hits.incrementAndGet(i);
                }
            });
        });
        for (int i = 0; i < 64; i++) {
            assertEquals(1, hits.get(i));
        }
        assertFalse(Parallel.inside());
    }

    @Test
    void aWorkersExceptionReachesTheCaller() {
        Parallel.setThreads(2);
        var e = assertThrows(IllegalStateException.class, () -> Parallel.forRange(100, 10, (from, to) -> {
            if (from > 0) {
                throw new IllegalStateException("boom at " + from);
            }
        }));
        assertTrue(e.getMessage().startsWith("boom at"));
        // The pool still works afterwards.
        AtomicIntegerArray hits = new AtomicIntegerArray(10);
        Parallel.forRange(10, 1, (from, to) -> hits.incrementAndGet(from));
        assertEquals(1, hits.get(0));
    }

    @Test
    void badThreadCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Parallel.setThreads(0));
    }
}
