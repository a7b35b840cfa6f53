package io.rnn4j.serve;

import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.RecurrentState;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.StreamingModel;
import io.rnn4j.tensor.Seq;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Continuous batching for one model: single-token steps of all its sessions wait in one queue,
 * and one thread takes whatever is waiting (up to {@code maxBatch}) and runs it as a single
 * batched step, one product per layer for all of them, as {@link StreamingModel} does for B
 * streams. Sessions join and leave between steps; their states are copied into the rows of a
 * batch state before the step and back after it (a few kilobytes each, against the step's
 * milliseconds of arithmetic). So throughput grows with the number of active sessions instead of
 * the steps queueing one behind another.
 *
 * <p>Generation runs here too ({@link #start}): each generating session is a row of every batch
 * until its job ends, the batcher sampling its next token from its last logits, so a token needs
 * no hand-off between threads; the request's thread only sends what has piled up.
 *
 * <p>A full queue refuses new steps with 429 (back-pressure), so latency stays bounded.
 */
final class StepBatcher implements Stepper {

    private record Pending(Session session, int token, CompletableFuture<float[]> done) {
    }

    /** From this many rows on, a batch is split into one part per thread (see {@link #run}). */
    static final int SPLIT_ROWS = 16;

    /** Put in the queue to wake the worker when a job arrives while it waits for steps. */
    private static final Pending WAKE = new Pending(null, -1, null);

    private final String name;
    private final SequenceModel model;
    /** Generations handed in and not yet taken up by the worker; then those it runs. */
    private final java.util.concurrent.ConcurrentLinkedQueue<GenerationJob> newJobs = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final List<GenerationJob> active = new ArrayList<>();
    private final int maxBatch;
    private final ServeMetrics metrics;
    private final BlockingQueue<Pending> queue;
    /**
     * One streaming model per part of a batch and size, created when first needed: their states
     * are the batch rows. The parts of one batch step at once, so each has models of its own.
     */
    private final StreamingModel[][] byPartAndSize;
    private final Thread worker;
    private volatile boolean running = true;

    StepBatcher(String name, SequenceModel model, int maxBatch, int maxQueue, ServeMetrics metrics) {
        this.name = name;
        this.model = model;
        this.maxBatch = maxBatch;
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(maxQueue);
        this.byPartAndSize = new StreamingModel[Math.max(1, Parallel.threads())][maxBatch + 1];
        this.worker = new Thread(this::loop, "rnn4j-batcher-" + name);
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public float[] step(Session session, int token) throws InterruptedException {
        CompletableFuture<float[]> done = new CompletableFuture<>();
        if (!running) {
            throw new ApiError(503, "shutting_down", "the server is shutting down", 1);
        }
        if (queue.remainingCapacity() <= 1 || !queue.offer(new Pending(session, token, done))) {
            throw new ApiError(429, "overloaded", "model '" + name + "' has " + queue.size()
                    + " steps waiting; try again shortly", 1);
        }
        try {
            return done.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Hands a generation to the worker, which runs it to its end (see {@link GenerationJob}). */
    void start(GenerationJob job) {
        if (!running) {
            throw new ApiError(503, "shutting_down", "the server is shutting down", 1);
        }
        newJobs.add(job);
        queue.offer(WAKE);
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        List<GenerationJob> jobs = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty() || !active.isEmpty() || !newJobs.isEmpty()) {
            try {
                GenerationJob j;
                while ((j = newJobs.poll()) != null) {
                    active.add(j);
                }
                if (active.isEmpty()) {
                    Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        continue;
                    }
                    batch.add(first);
                }
                // generations take the rows that waiting single steps leave, but at least half
                takeJobs(jobs, maxBatch - Math.min(batch.size() + queue.size(), maxBatch / 2));
                queue.drainTo(batch, maxBatch - jobs.size() - batch.size());
                batch.removeIf(p -> p == WAKE);
                if (!batch.isEmpty() || !jobs.isEmpty()) {
                    run(batch, jobs);
                    for (GenerationJob g : jobs) {
                        if (g.ended()) {
                            active.remove(g);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                for (Pending p : batch) {
                    p.done.completeExceptionally(e);
                }
                RuntimeException r = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                for (GenerationJob g : jobs) {
                    g.fail(r);
                    active.remove(g);
                }
            } finally {
                batch.clear();
                jobs.clear();
            }
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            if (p != WAKE) {
                p.done.completeExceptionally(new ApiError(503, "shutting_down", "the server is shutting down", 1));
            }
        }
        for (GenerationJob g : active) {
            g.fail(new ApiError(503, "shutting_down", "the server is shutting down", 1));
        }
    }

    /**
     * Up to {@code room} of the active generations for the next step, ending those cancelled or
     * out of time; the ones taken go to the back, so that more generations than a batch holds
     * take turns.
     */
    private void takeJobs(List<GenerationJob> jobs, int room) {
        for (int i = 0; i < active.size() && jobs.size() < room; ) {
            GenerationJob g = active.get(i);
            if (!g.goesOn()) {
                active.remove(i);
                continue;
            }
            jobs.add(g);
            i++;
        }
        if (jobs.size() < active.size()) {
            active.removeAll(jobs);
            active.addAll(jobs);
        }
    }

    /**
     * One batched step: the waiting single steps and a token of each generation. A small batch is
     * one step whose products are split over the threads; from {@link #SPLIT_ROWS} rows on, the
     * rows are split into one part per thread instead, and each thread samples, steps and hands
     * back its part on its own ({@link #runPart}). At 64 rows this is one hand-off between threads
     * per step rather than several per layer, and the sampling and hand-back run in parallel too
     * (tokens/s under load in README "Serving").
     */
    private void run(List<Pending> batch, List<GenerationJob> jobs) {
        long t0 = System.nanoTime();
        int n = batch.size() + jobs.size();
        int parts = n >= SPLIT_ROWS ? Math.min(Math.min(Parallel.threads(), byPartAndSize.length), n / (SPLIT_ROWS / 2)) : 1;
        if (parts <= 1) {
            runPart(0, batch, jobs, 0, n);
        } else {
            Parallel.forRange(parts, 1, (p0, p1) -> {
                for (int p = p0; p < p1; p++) {
                    runPart(p, batch, jobs, p * n / parts, (p + 1) * n / parts);
                }
            });
        }
        metrics.batch(name, n);
        metrics.step(name, System.nanoTime() - t0);
    }

    /**
     * Rows {@code [from, to)} of a batch (the generations first, then the single steps): samples
     * the generations' tokens, gathers the rows' states into a batch state of part {@code part},
     * steps, scatters the states back and hands each row its logits.
     */
    private void runPart(int part, List<Pending> batch, List<GenerationJob> jobs, int from, int to) {
        int n = to - from;
        StreamingModel s = byPartAndSize[part][n];
        if (s == null) {
            s = new StreamingModel(model, n);
            byPartAndSize[part][n] = s;
        }
        int[] tokens = new int[n];
        Session[] rows = new Session[n];
        for (int i = 0; i < n; i++) {
            int r = from + i;
            if (r < jobs.size()) {
                GenerationJob g = jobs.get(r);
                tokens[i] = g.sample(); // its own logits and generator: any thread may draw it
                rows[i] = g.session;
            } else {
                Pending p = batch.get(r - jobs.size());
                tokens[i] = p.token;
                rows[i] = p.session;
            }
            copy(s.states(), i, rows[i].states(), true);
        }
        float[] logits = s.step(Seq.ofTokens(tokens, 1, n, null));
        int v = logits.length / n;
        for (int i = 0; i < n; i++) {
            int r = from + i;
            copy(s.states(), i, rows[i].states(), false);
            float[] row = Arrays.copyOfRange(logits, i * v, (i + 1) * v);
            int previous = rows[i].lastToken();
            rows[i].advanced(tokens[i], 1, row);
            if (r < jobs.size()) {
                GenerationJob g = jobs.get(r);
                g.stepped(previous, tokens[i], row); // false when it is done: the loop then drops it
            } else {
                batch.get(r - jobs.size()).done.complete(row);
            }
        }
    }

    private static void copy(Map<String, RecurrentState> batchStates, int row, Map<String, RecurrentState> own, boolean in) {
        for (Map.Entry<String, RecurrentState> e : batchStates.entrySet()) {
            RecurrentState mine = own.get(e.getKey());
            if (in) {
                e.getValue().copyStream(row, mine, 0);
            } else {
                mine.copyStream(0, e.getValue(), row);
            }
        }
    }

    /** Stops taking steps; those already queued still run. */
    @Override
    public void close() {
        running = false;
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
