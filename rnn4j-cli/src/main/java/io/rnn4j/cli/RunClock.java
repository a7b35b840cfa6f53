package io.rnn4j.cli;

import io.rnn4j.train.Metrics;
import io.rnn4j.train.TrainingListener;

/**
 * The training time a run has spent, as its trainer last reported it (a resumed run's includes
 * the time trained before): what a schedule annealed over {@code --max-time} reads. It lags the
 * trainer by one update, which moves the rate by a negligible step.
 */
final class RunClock implements TrainingListener {

    private volatile double seconds;

    @Override
    public void onMetrics(Metrics m) {
        seconds = m.elapsedSeconds();
    }

    double seconds() {
        return seconds;
    }
}
