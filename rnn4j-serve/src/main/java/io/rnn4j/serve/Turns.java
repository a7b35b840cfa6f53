package io.rnn4j.serve;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns at a model that answers whole requests (translation, image classification): at most
 * {@code running} requests run at once, each on its own thread (each keeps the cores busy, so
 * more at once would only share them); up to {@code maxWaiting} more wait for a turn, first come
 * first served, and beyond that a request is refused with 429.
 */
final class Turns {

    private final String model;
    private final Semaphore running;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int maxWaiting;

    Turns(String model, int running, int maxWaiting) {
        this.model = model;
        this.running = new Semaphore(Math.max(1, running), true);
        this.maxWaiting = maxWaiting;
    }

    /** Something to run while holding a turn. */
    interface Work<T> {
        T run();
    }

    /**
     * Runs {@code work} once a turn is free; 429 when too many requests wait already, 503 when
     * no turn came within {@code waitNanos}.
     */
    <T> T run(long waitNanos, Work<T> work) throws InterruptedException {
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            throw new ApiError(429, "overloaded", "model '" + model + "' has " + maxWaiting
                    + " requests waiting; try again shortly", 1);
        }
        boolean got;
        try {
            got = running.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
        } finally {
            waiting.decrementAndGet();
        }
        if (!got) {
            throw new ApiError(503, "busy", "model '" + model + "' had no free turn within the request time limit", 1);
        }
        try {
            return work.run();
        } finally {
            running.release();
        }
    }
}
