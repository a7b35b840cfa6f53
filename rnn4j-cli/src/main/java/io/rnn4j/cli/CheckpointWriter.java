package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.io.Checkpoint;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Writes the checkpoints of a {@code train} run (atomically, through {@link Checkpoint}), and turns
 * Ctrl-C or SIGTERM into "finish the batch, write a checkpoint and the model, exit".
 */
final class CheckpointWriter implements Consumer<TrainingState> {

    /** How often to checkpoint: every {@code steps} updates or every {@code seconds} of training (0 = off). */
    record Interval(long steps, double seconds) {

        /** A plain number is a count of updates; a number with s, m or h is a duration; 0 turns it off. */
        static Interval parse(String text) {
            String t = text.trim();
            if (t.matches("\\d+")) {
                return new Interval(Long.parseLong(t), 0);
            }
            try {
                return new Interval(0, Durations.seconds(t));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--checkpoint-every '" + text
                        + "' is neither a number of updates (500) nor a duration (90s, 5m, 1h)");
            }
        }
    }

    /** Closing it releases a waiting signal handler and unregisters it. */
    interface SignalGuard extends AutoCloseable {
        @Override
        void close();
    }

    /** How long a signal waits for the run to write its checkpoint and model before the JVM exits anyway. */
    private static final long SIGNAL_GRACE_SECONDS = 300;

    private final Path file;
    private final SequenceModel model;
    private final JsonObject extra;

    CheckpointWriter(Path file, SequenceModel model, JsonObject extra) {
        this.file = file;
        this.model = model;
        this.extra = extra;
    }

    @Override
    public void accept(TrainingState state) {
        try {
            CliFiles.noteRemovedFolder(file);
            Checkpoint.save(file, model, state, extra);
        } catch (IOException e) {
            // Training goes on: losing one checkpoint is better than losing the run.
            System.err.println("rnn4j: warning: cannot write checkpoint " + file + " at update " + state.updates() + ": " + e.getMessage());
        }
    }

    /**
     * Until closed, a Ctrl-C or SIGTERM asks {@code trainer} to stop after its current batch (it then
     * hands a last checkpoint to this writer) and holds the JVM's exit until the caller, having
     * saved its results, closes this.
     */
    SignalGuard stopOnSignal(Trainer trainer) {
        return stopOnSignal(trainer::requestStop, "stopping after this batch; writing a checkpoint ...");
    }

    /**
     * Until closed, a Ctrl-C or SIGTERM runs {@code requestStop}, prints {@code message}, and holds
     * the JVM's exit (up to a grace period) until the caller, having saved its results, closes this.
     */
    static SignalGuard stopOnSignal(Runnable requestStop, String message) {
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            requestStop.run();
            System.out.println();
            System.out.println("rnn4j: " + message);
            try {
                finished.await(SIGNAL_GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "rnn4j-train-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        return () -> {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running; it returns now that the latch is open
            }
        };
    }
}
