package io.rnn4j.serve;

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
    /** One streaming model per batch size, created when first needed: their states are the batch rows. */
    private final StreamingModel[] bySize;
    private final Thread worker;
    private volatile boolean running = true;

    StepBatcher(String name, SequenceModel model, int maxBatch, int maxQueue, ServeMetrics metrics) {
        this.name = name;
        this.model = model;
        this.maxBatch = maxBatch;
        this.metrics = metrics;
        this.queue = new ArrayBlockingQueue<>(maxQueue);
        this.bySize = new StreamingModel[maxBatch + 1];
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
     * One batched step: the waiting single steps and a token of each generation. Gathers their
     * states into the rows of a batch state, steps, scatters them back.
     */
    private void run(List<Pending> batch, List<GenerationJob> jobs) {
        long t0 = System.nanoTime();
        int n = batch.size() + jobs.size();
        StreamingModel s = bySize[n];
        if (s == null) {
            s = new StreamingModel(model, n);
            bySize[n] = s;
        }
        int[] tokens = new int[n];
        Session[] rows = new Session[n];
        // each job samples from its own logits with its own generator: the draws split over the threads
        io.rnn4j.kernel.Parallel.forRange(jobs.size(), 8, (a, b) -> {
            for (int i = a; i < b; i++) {
                tokens[i] = jobs.get(i).sample();
            }
        });
        for (int i = 0; i < jobs.size(); i++) {
            rows[i] = jobs.get(i).session;
        }
        for (int i = 0; i < batch.size(); i++) {
            tokens[jobs.size() + i] = batch.get(i).token;
            rows[jobs.size() + i] = batch.get(i).session;
        }
        for (int i = 0; i < n; i++) {
            copy(s.states(), i, rows[i].states(), true);
        }
        float[] logits = s.step(Seq.ofTokens(tokens, 1, n, null));
        int v = logits.length / n;
        metrics.batch(name, n);
        long stepped = System.nanoTime();
        for (int i = 0; i < n; i++) {
            copy(s.states(), i, rows[i].states(), false);
            float[] row = Arrays.copyOfRange(logits, i * v, (i + 1) * v);
            int previous = rows[i].lastToken();
            rows[i].advanced(tokens[i], 1, row);
            if (i < jobs.size()) {
                GenerationJob g = jobs.get(i);
                if (!g.stepped(previous, tokens[i], row)) {
                    active.remove(g);
                }
            } else {
                batch.get(i - jobs.size()).done.complete(row);
            }
        }
        metrics.step(name, stepped - t0);
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
