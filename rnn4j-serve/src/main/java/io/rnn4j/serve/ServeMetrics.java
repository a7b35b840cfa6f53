package io.rnn4j.serve;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics, through Micrometer: requests by route and status, their
 * latency, open sessions, the sizes of batched steps, tokens stepped and the time per generated
 * token. {@code GET /metrics} serves {@link #scrape()}.
 */
final class ServeMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    ServeMetrics(Supplier<Number> openSessions) {
        Gauge.builder("rnn4j_sessions_open", openSessions).description("open sessions").register(registry);
    }

    void request(String route, int status, long nanos) {
        Timer.builder("rnn4j_requests").description("requests by route and status")
                .tag("route", route).tag("status", Integer.toString(status))
                .register(registry).record(Duration.ofNanos(nanos));
    }

    /** A step of {@code size} sessions of a model (1 without batching). */
    void batch(String model, int size) {
        DistributionSummary.builder("rnn4j_batch_size").description("sessions per step").tag("model", model)
                .register(registry).record(size);
        Counter.builder("rnn4j_tokens").description("tokens stepped").tag("model", model)
                .register(registry).increment(size);
    }

    /** The time one batched step of a model took (gathering and scattering the states included). */
    void step(String model, long nanos) {
        Timer.builder("rnn4j_step").description("time per batched step").tag("model", model)
                .register(registry).record(Duration.ofNanos(nanos));
    }

    /** The time one generated token took from the request's view. */
    void token(String model, long nanos) {
        Timer.builder("rnn4j_token_latency").description("time per generated token").tag("model", model)
                .publishPercentiles(0.5, 0.99).register(registry).record(Duration.ofNanos(nanos));
    }

    String scrape() {
        return registry.scrape();
    }
}
