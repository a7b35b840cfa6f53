package io.rnn4j.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one thread pool that owns the cores. OpenBLAS runs single-threaded underneath it
 * ({@code OPENBLAS_NUM_THREADS=1}); work is split here, deterministically for a given thread
 * count, so results are reproducible for a given seed and thread count.
 *
 * <p>The thread count defaults to the number of available processors and is set by
 * {@link #setThreads(int)} ({@code --threads} on the command line).
 */
public final class Parallel {

    /** Body of a parallel loop over the chunk {@code [from, to)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static volatile int threads = Runtime.getRuntime().availableProcessors();
    private static ExecutorService pool;
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
        if (n != threads && pool != null) {
            pool.shutdown();
            pool = null;
        }
        threads = n;
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
        List<Future<?>> futures = new ArrayList<>(chunks - 1);
        ExecutorService p = pool();
        for (int start = per; start < n; start += per) {
            int s = start;
            int e = Math.min(n, start + per);
            futures.add(p.submit(() -> runInside(body, s, e)));
        }
        runInside(body, 0, Math.min(n, per));
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                if (cause instanceof Error) {
                    throw (Error) cause;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    /** Whether the calling thread is inside a parallel chunk. */
    public static boolean inside() {
        return INSIDE.get();
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

    private static synchronized ExecutorService pool() {
        if (pool == null) {
            pool = Executors.newFixedThreadPool(Math.max(1, threads - 1), r -> {
                Thread th = new Thread(r, "rnn4j-worker");
                th.setDaemon(true);
                return th;
            });
        }
        return pool;
    }
}
