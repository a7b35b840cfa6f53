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
 * <p>A full queue refuses new steps with 429 (back-pressure), so latency stays bounded.
 */
final class StepBatcher implements Stepper {

    private record Pending(Session session, int token, CompletableFuture<float[]> done) {
    }

    private final String name;
    private final SequenceModel model;
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
        if (!queue.offer(new Pending(session, token, done))) {
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

    private void loop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                for (Pending p : batch) {
                    p.done.completeExceptionally(e);
                }
            } finally {
                batch.clear();
            }
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            p.done.completeExceptionally(new ApiError(503, "shutting_down", "the server is shutting down", 1));
        }
    }

    /** One batched step of the waiting sessions: gather their states, step, scatter them back. */
    private void run(List<Pending> batch) {
        int n = batch.size();
        StreamingModel s = bySize[n];
        if (s == null) {
            s = new StreamingModel(model, n);
            bySize[n] = s;
        }
        int[] tokens = new int[n];
        for (int i = 0; i < n; i++) {
            Pending p = batch.get(i);
            tokens[i] = p.token;
            copy(s.states(), i, p.session.states(), true);
        }
        float[] logits = s.step(Seq.ofTokens(tokens, 1, n, null));
        int v = logits.length / n;
        metrics.batch(name, n);
        for (int i = 0; i < n; i++) {
            Pending p = batch.get(i);
            copy(s.states(), i, p.session.states(), false);
            float[] row = Arrays.copyOfRange(logits, i * v, (i + 1) * v);
            p.session.advanced(p.token, 1, row);
            p.done.complete(row);
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
