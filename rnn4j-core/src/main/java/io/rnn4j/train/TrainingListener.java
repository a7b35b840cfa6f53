package io.rnn4j.train;

/** Receives training metrics; see {@link Trainer}. */
@FunctionalInterface
public interface TrainingListener {

    /** Called after every update and after every validation. */
    void onMetrics(Metrics metrics);
}
