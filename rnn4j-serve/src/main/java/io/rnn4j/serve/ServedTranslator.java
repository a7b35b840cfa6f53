package io.rnn4j.serve;

import io.rnn4j.io.ModelFile;
import io.rnn4j.io.TranslationModelFile;
import io.rnn4j.seq2seq.Translator;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A translation model the server serves ({@code POST /v1/models/{name}/translate}). A
 * translation is a request of its own, with no session: the encoder reads the sentence and the
 * decoder writes until END. At most {@code running} translations run at once, each on its
 * request's thread (a translation keeps the cores busy, so more at once only share them); up to
 * {@code maxWaiting} more wait for a turn, and beyond that a request is refused with 429.
 */
final class ServedTranslator {

    final String name;
    final Translator translator;
    final long parameters;
    private final Semaphore running;
    private final AtomicInteger waiting = new AtomicInteger();
    private final int maxWaiting;

    ServedTranslator(String name, Translator translator, int running, int maxWaiting) {
        this.name = name;
        this.translator = translator;
        this.parameters = translator.model().model().parameters().size();
        this.running = new Semaphore(Math.max(1, running), true);
        this.maxWaiting = maxWaiting;
    }

    static ServedTranslator of(String name, ModelFile.Loaded loaded, String where, int running, int maxWaiting) {
        return new ServedTranslator(name, TranslationModelFile.of(loaded, where), running, maxWaiting);
    }

    /** Something to run while holding one of the model's turns. */
    interface Work<T> {
        T run();
    }

    /**
     * Runs {@code work} once a turn is free; 429 when too many requests wait already, 503 when
     * no turn came within {@code waitNanos}.
     */
    <T> T withTurn(long waitNanos, Work<T> work) throws InterruptedException {
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            throw new ApiError(429, "overloaded", "model '" + name + "' has " + maxWaiting
                    + " translations waiting; try again shortly", 1);
        }
        boolean got;
        try {
            got = running.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
        } finally {
            waiting.decrementAndGet();
        }
        if (!got) {
            throw new ApiError(503, "busy", "model '" + name + "' had no free turn within the request time limit", 1);
        }
        try {
            return work.run();
        } finally {
            running.release();
        }
    }
}
