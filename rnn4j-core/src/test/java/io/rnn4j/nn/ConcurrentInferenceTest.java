package io.rnn4j.nn;

import io.rnn4j.data.CharVocabulary;
import io.rnn4j.data.LanguageModelBatches;
import io.rnn4j.data.TextSampler;
import io.rnn4j.io.ModelFile;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Adam;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.UpdateRule;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.TrainingConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the model classes promise about threads: inference and sampling on one shared model, and on
 * copies loaded from one file, from several threads at once give exactly what one thread gives;
 * a second concurrent training run on one model is refused. Under a watchdog, so a hang fails.
 */
class ConcurrentInferenceTest {

    private static final Duration WATCHDOG = Duration.ofSeconds(90);
    private static final String TEXT = "the quick brown fox jumps over the lazy dog; a stitch in time saves nine. ";

    private final int before = Parallel.threads();

    @AfterEach
    void restore() {
        Parallel.setThreads(before);
    }

    private static SequenceModel newModel(int vocab) {
        return new SequenceModel(vocab)
                .add("embed", new Embedding(vocab, 16))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(16, 48).layers(2), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(48, vocab))
                .initialize(Init.PYTORCH, 11);
    }

    /** A (T=24, B=16) batch of token ids: wide enough that both the GEMMs and the time loop split over threads. */
    private static Seq batchOf(CharVocabulary vocab) {
        int[] ids = vocab.encode(TEXT);
        int steps = 24;
        int batch = 16;
        int[] tokens = new int[steps * batch];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) {
                tokens[t * batch + b] = ids[(3 * b + t) % ids.length];
            }
        }
        return Seq.ofTokens(tokens, steps, batch, null);
    }

    @Test
    void fourThreadsOnASharedModelAndOnLoadedCopiesMatchOneThread(@TempDir Path dir) throws Exception {
        Parallel.setThreads(2);
        CharVocabulary vocab = CharVocabulary.of(TEXT);
        SequenceModel shared = newModel(vocab.size());
        Path file = dir.resolve("m.rnn4j");
        ModelFile.save(file, shared, null, null);
        Seq input = batchOf(vocab);

        float[] expectedLogits = shared.forward(input, ForwardContext.inference()).output().values;
        String expectedText = new TextSampler(shared, vocab).sample("the ", 60, 0.8, 0, 1.0, 5, null);

        int threads = 4;
        int rounds = 25;
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger checks = new AtomicInteger();
        assertTimeoutPreemptively(WATCHDOG, () -> {
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int k = 0; k < threads; k++) {
                boolean ownCopy = k % 2 == 1;
                Thread t = new Thread(() -> {
                    try {
                        SequenceModel model = ownCopy ? ModelFile.load(file).model() : shared;
                        TextSampler sampler = new TextSampler(model, vocab);
                        go.await();
                        for (int r = 0; r < rounds; r++) {
                            assertArrayEquals(expectedLogits, model.forward(input, ForwardContext.inference()).output().values,
                                    "forward, round " + r);
                            assertEquals(expectedText, sampler.sample("the ", 60, 0.8, 0, 1.0, 5, null), "sample, round " + r);
                            checks.addAndGet(2);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }, (ownCopy ? "own-copy-" : "shared-") + k);
                t.setDaemon(true);
                workers.add(t);
                t.start();
            }
            go.countDown();
            for (Thread t : workers) {
                t.join();
            }
        });
        assertTrue(failures.isEmpty(), () -> "a thread's result differed: " + failures.peek());
        assertEquals(threads * rounds * 2, checks.get());
    }

    @Test
    void aSecondTrainingRunOnTheSameModelIsRefusedWhileTheFirstRuns() throws Exception {
        Parallel.setThreads(2);
        CharVocabulary vocab = CharVocabulary.of(TEXT);
        SequenceModel model = newModel(vocab.size());
        List<Batch> batches = LanguageModelBatches.of(vocab.encode(TEXT.repeat(20)), 20, 4);
        CountDownLatch firstIsTraining = new CountDownLatch(1);
        CountDownLatch secondTried = new CountDownLatch(1);
        Trainer first = new Trainer(Bptt.full(model, new SoftmaxCrossEntropy(), UpdateRule.of(Adam.adam(model.parameters())).build()),
                TrainingConfig.defaults());
        first.addListener(m -> {
            firstIsTraining.countDown();
            await(secondTried);
        });
        ConcurrentLinkedQueue<Throwable> firstFailure = new ConcurrentLinkedQueue<>();
        Thread t = new Thread(() -> {
            try {
                first.fit(BatchSource.fixed(batches), null);
            } catch (Throwable e) {
                firstFailure.add(e);
            }
        });
        t.setDaemon(true);
        t.start();
        assertTrue(firstIsTraining.await(60, TimeUnit.SECONDS));
        Trainer second = new Trainer(Bptt.full(model, new SoftmaxCrossEntropy(), UpdateRule.of(Adam.adam(model.parameters())).build()),
                TrainingConfig.defaults());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> second.fit(BatchSource.fixed(batches), null));
        assertTrue(e.getMessage().contains("already being trained"), e.getMessage());
        secondTried.countDown();
        t.join(60_000);
        assertTrue(firstFailure.isEmpty(), () -> "the first run failed: " + firstFailure.peek());
        // Once the first run has ended, the model can be trained again.
        second.fit(BatchSource.fixed(batches.subList(0, 1)), null);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
