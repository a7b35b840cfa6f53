package io.rnn4j.serve;

/**
 * Steps each session on the calling request's thread, alone (batch 1): the server without
 * continuous batching, kept as the baseline that batching is measured against.
 */
final class DirectStepper implements Stepper {

    private final ServeMetrics metrics;
    private final String model;

    DirectStepper(ServeMetrics metrics, String model) {
        this.metrics = metrics;
        this.model = model;
    }

    @Override
    public float[] step(Session session, int token) {
        metrics.batch(model, 1);
        return session.feed(new int[] {token});
    }

    @Override
    public void close() {
    }
}
