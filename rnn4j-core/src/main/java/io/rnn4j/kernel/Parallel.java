package io.rnn4j.kernel;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
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
 * <p><b>Concurrent callers.</b> Any number of application threads may call {@link #forRange} at
 * once. Each call is a job whose chunks are claimed one at a time from a counter, by the pool's
 * workers and by the calling thread itself, so a call never waits on a chunk that nobody will
 * run: when every worker is busy with other callers' jobs, the caller runs its own chunks. Which
 * thread runs a chunk does not change the result: the chunk boundaries depend only on
 * {@code n}, the grain and the thread count, and each chunk writes its own part of the output.
 * {@link #setThreads(int)} may be called while loops run: a loop in flight finishes with the pool
 * it started on, whose workers exit once its queue is empty.
 *
 * <p>Workers spin briefly for the next job before they park: a recurrent model hands out many
 * jobs of tens of microseconds (one per time step in streaming inference), and waking a parked
 * thread costs about as much as such a job. A caller waiting for its chunks spins for the same
 * time, then parks; nothing spins for ever.
 */
public final class Parallel {

    /** Body of a parallel loop over the chunk {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    /** How long an idle worker, or a caller waiting for its chunks, spins before it parks. */
    private static final long SPIN_NANOS = 200_000;

    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    /** The workers for the current thread count; null until the first parallel loop needs them. */
    private static volatile Pool pool;
    /** Set while a thread runs a chunk: nested parallel loops then run serially, never deadlock. */
    private static final ThreadLocal<Boolean> INSIDE = ThreadLocal.withInitial(() -> false);

    private Parallel() {
    }

    public static int threads() {
        return threads;
    }

    /**
     * Sets the number of threads used by every kernel; at least 1. Safe while other threads run
     * parallel loops: those finish on the pool they started with.
     */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        if (n != threads) {
            threads = n;
            Pool old = pool;
            pool = null;
            if (old != null) {
                old.shutdown();
            }
        }
    }

    /** Whether the calling thread is inside a parallel chunk. */
    public static boolean inside() {
        return INSIDE.get();
    }

    /**
     * Splits {@code [0, n)} into at most {@link #threads()} contiguous chunks whose boundaries are
     * multiples of {@code grain}, and runs them in parallel, the caller taking part. Returns when
     * every chunk has run; the first exception thrown by a chunk is then rethrown here.
     */
    public static void forRange(int n, int grain, RangeBody body) {
        int g = Math.max(1, grain);
        if (Math.min(threads, n / g) <= 1 || INSIDE.get()) {
            body.run(0, n);
            return;
        }
        Pool p = pool();
        int chunks = Math.min(p.threads, n / g);
        if (chunks <= 1) {
            body.run(0, n);
            return;
        }
        int per = ((n + chunks - 1) / chunks + g - 1) / g * g;
        Job job = new Job(body, n, per, (n + per - 1) / per);
        p.submit(job);
        INSIDE.set(true);
        try {
            job.work();
        } finally {
            INSIDE.set(false);
        }
        p.retire(job);
        job.await();
        job.rethrow();
    }

    private static Pool pool() {
        Pool p = pool;
        if (p != null) {
            return p;
        }
        synchronized (Parallel.class) {
            if (pool == null) {
                pool = new Pool(threads);
            }
            return pool;
        }
    }

    /** One call of {@link #forRange}: its chunks, claimed one at a time by whoever gets there first. */
    private static final class Job {
        private final RangeBody body;
        private final int n;
        private final int per;
        private final int chunks;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger unfinished;
        private final AtomicReference<Throwable> error = new AtomicReference<>();
        private final Thread caller = Thread.currentThread();
        /** Raised while the caller parks, so that only then the last chunk has to unpark it. */
        private volatile boolean callerParked;

        Job(RangeBody body, int n, int per, int chunks) {
            this.body = body;
            this.n = n;
            this.per = per;
            this.chunks = chunks;
            this.unfinished = new AtomicInteger(chunks);
        }

        /** Runs one more chunk if one is left; false when all have been claimed. */
        boolean runOne() {
            int i = next.getAndIncrement();
            if (i >= chunks) {
                return false;
            }
            try {
                body.run(i * per, Math.min(n, (i + 1) * per));
            } catch (Throwable e) {
                if (!error.compareAndSet(null, e)) {
                    error.get().addSuppressed(e);
                }
            } finally {
                if (unfinished.decrementAndGet() == 0 && callerParked) {
                    LockSupport.unpark(caller);
                }
            }
            return true;
        }

        void work() {
            while (runOne()) {
                // keep claiming
            }
        }

        /** Waits until every chunk has finished, whoever ran it. */
        void await() {
            long start = System.nanoTime();
            while (unfinished.get() != 0) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    callerParked = true;
                    if (unfinished.get() != 0) {
                        LockSupport.park(this);
                    }
                    callerParked = false;
                }
            }
        }

        void rethrow() {
            Throwable e = error.get();
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            if (e instanceof Error) {
                throw (Error) e;
            }
            if (e != null) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** {@code threads − 1} workers and the queue of jobs they take chunks from. */
    private static final class Pool {
        final int threads;
        private final Worker[] workers;
        private final ConcurrentLinkedQueue<Job> queue = new ConcurrentLinkedQueue<>();

        Pool(int threads) {
            this.threads = threads;
            this.workers = new Worker[threads - 1];
            for (int i = 0; i < workers.length; i++) {
                workers[i] = new Worker(this, i);
                workers[i].start();
            }
        }

        /** Queues a job and wakes as many parked workers as it has chunks besides the caller's. */
        void submit(Job job) {
            queue.add(job);
            int wanted = job.chunks - 1;
            for (int i = 0; i < workers.length && wanted > 0; i++) {
                Worker w = workers[i];
                // A spinning worker finds the job by itself; only a parked one needs the
                // (comparatively costly) unpark. The worker re-reads the queue after raising its
                // flag, so either it sees the job or this sees the flag.
                if (w.parked) {
                    LockSupport.unpark(w);
                }
                wanted--;
            }
        }

        /** Takes a job whose chunks are all claimed off the queue (if a worker has not already). */
        void retire(Job job) {
            queue.remove(job);
        }

        void shutdown() {
            for (Worker w : workers) {
                w.running = false;
                LockSupport.unpark(w);
            }
        }
    }

    /** A daemon worker that takes chunks from its pool's queue, spinning briefly when idle, then parking. */
    private static final class Worker extends Thread {
        private final Pool pool;
        volatile boolean running = true;
        volatile boolean parked;

        Worker(Pool pool, int index) {
            super("rnn4j-worker-" + index);
            this.pool = pool;
            setDaemon(true);
        }

        @Override
        public void run() {
            INSIDE.set(true);
            long idleSince = System.nanoTime();
            while (true) {
                Job job = pool.queue.peek();
                if (job != null) {
                    if (!job.runOne()) {
                        pool.retire(job);
                    }
                    idleSince = System.nanoTime();
                } else if (!running) {
                    return; // shut down, and the queue is drained
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (pool.queue.isEmpty() && running) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }
}
