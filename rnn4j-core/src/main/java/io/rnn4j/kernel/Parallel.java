package io.rnn4j.kernel;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread pool that owns the cores. OpenBLAS runs single-threaded underneath it
 * ({@code OPENBLAS_NUM_THREADS=1}); work is split here, deterministically for a given thread
 * count, so results are reproducible for a given seed and thread count.
 *
 * <p>The thread count defaults to the number of available processors and is set by
 * {@link #setThreads(int)} ({@code --threads} on the command line).
 *
 * <p>Workers spin briefly for the next task before they park: a recurrent model hands out many
 * tasks of tens of microseconds (one per time step in streaming inference), and waking a parked
 * thread costs about as much as such a task.
 */
public final class Parallel {

    /** Body of a parallel loop over the chunk {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** How long an idle worker spins before it parks. */
    private static final long SPIN_NANOS = 200_000;

    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static Worker[] workers;
    /** Set while a thread runs a chunk: nested parallel loops then run serially, never deadlock. */
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    private Parallel() {
    }

    public static int threads() {
        return threads;
    }

    /** Sets the number of threads used by every kernel; at least 1. */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        if (n != threads && workers != null) {
            for (Worker w : workers) {
                w.shutdown();
            }
            workers = null;
        }
        threads = n;
    }

    /** Whether the calling thread is inside a parallel chunk. */
    public static boolean inside() {
        return INSIDE.get();
    }

    /**
     * Splits {@code [0, n)} into at most {@link #threads()} contiguous chunks whose boundaries are
     * multiples of {@code grain}, and runs them in parallel; the caller runs the first chunk.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int t = threads;
        int chunks = Math.min(t, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || INSIDE.get()) {
            body.run(0, n);
            return;
        }
        int per = ((n + chunks - 1) / chunks + grain - 1) / grain * grain;
        Worker[] ws = workers();
        Task[] tasks = new Task[chunks - 1];
        int k = 0;
        for (int start = per; start < n; start += per) {
            Task task = new Task(body, start, Math.min(n, start + per));
            tasks[k] = task;
            ws[k].submit(task);
            k++;
        }
        runInside(body, 0, Math.min(n, per));
        for (int i = 0; i < k; i++) {
            tasks[i].await();
        }
        for (int i = 0; i < k; i++) {
            tasks[i].rethrow();
        }
    }

    private static void runInside(RangeBody body, int from, int to) {
        boolean was = INSIDE.get();
        INSIDE.set(true);
        try {
            body.run(from, to);
        } finally {
            INSIDE.set(was);
        }
    }

    private static synchronized Worker[] workers() {
        if (workers == null || workers.length < threads - 1) {
            if (workers != null) {
                for (Worker w : workers) {
                    w.shutdown();
                }
            }
            workers = new Worker[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(i);
                workers[i].start();
            }
        }
        return workers;
    }

    /** One chunk handed to a worker. */
    private static final class Task {
        final RangeBody body;
        final int from;
        final int to;
        volatile boolean done;
        Throwable error;

        Task(RangeBody body, int from, int to) {
            this.body = body;
            this.from = from;
            this.to = to;
        }

        void await() {
            long spins = 0;
            while (!done) {
                if (++spins < 1_000_000) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield();
                }
            }
        }

        void rethrow() {
            if (error instanceof RuntimeException) {
                throw (RuntimeException) error;
            }
            if (error instanceof Error) {
                throw (Error) error;
            }
            if (error != null) {
                throw new IllegalStateException(error);
            }
        }
    }

    /** A daemon worker that spins on its task slot, then parks. */
    private static final class Worker extends Thread {
        private final AtomicReference<Task> slot = new AtomicReference<>();
        private volatile boolean running = true;

        Worker(int index) {
            super("rnn4j-worker-" + index);
            setDaemon(true);
        }

        void submit(Task t) {
            slot.set(t);
            LockSupport.unpark(this);
        }

        void shutdown() {
            running = false;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            INSIDE.set(true);
            long idleSince = System.nanoTime();
            while (running) {
                Task t = slot.getAndSet(null);
                if (t == null) {
                    if (System.nanoTime() - idleSince < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        LockSupport.park(this);
                        idleSince = System.nanoTime();
                    }
                    continue;
                }
                try {
                    t.body.run(t.from, t.to);
                } catch (Throwable e) {
                    t.error = e;
                } finally {
                    t.done = true;
                }
                idleSince = System.nanoTime();
            }
        }
    }
}
